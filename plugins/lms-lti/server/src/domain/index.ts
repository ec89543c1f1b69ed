// The pure LTI protocol core: no Strapi, no database, no HTTP, no clock of its own. See ../../../README.md.
export * from './errors';
export * from './claims';
export * from './registration';
export * from './roles';
export * from './login';
export * from './jwks';
export * from './jws';
export * from './launch';
export * from './keys';
export * from './deep-linking';
export * from './ags';
export * from './nrps';
export * from './lti11';
export { randomToken, type RandomToken } from './values';

export * from './errors';
export * from './allow-list';
export * from './package';
export * from './xapi';

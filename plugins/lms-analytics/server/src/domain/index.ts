export * from './errors';
export * from './events';
export * from './time';
export * from './figures';
export * from './ledger';

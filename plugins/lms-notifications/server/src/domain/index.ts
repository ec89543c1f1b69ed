export * from './html';
export * from './templates';
export * from './event-payloads';
export * from './mail-state';
export * from './people';

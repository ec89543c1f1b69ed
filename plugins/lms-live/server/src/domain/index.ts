export * from './schedule';
export * from './ics';
export * from './zoned';

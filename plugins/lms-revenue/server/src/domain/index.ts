// The pure revenue domain: no Strapi, no database, no clock of its own. See ../../../README.md.
export * from './errors';
export * from './basis-points';
export * from './accounts';
export * from './ledger';
export * from './rules';
export * from './split';
export * from './reverse';
export * from './balances';
export * from './payouts';
export * from './waterfall';
export * from './payment-events';
export * from './statement';

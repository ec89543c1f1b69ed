// The pure gamification domain: no Strapi, no database, no Redis, no clock of its own.
// See ../../../README.md for the API tour and docs/decisions/023-gamification-awards-streaks-and-ranking.md.
export * from './errors';
export * from './local-time';
export * from './rules';
export * from './events';
export * from './awards';
export * from './levels';
export * from './badges';
export * from './streaks';
export * from './leaderboard';

// The pure payouts domain: no Strapi, no database, no clock of its own. Money rules (balances,
// the payout decision, ledger postings) are lms-revenue's; this is payout state and secrets.
export * from './errors';
export * from './encryption';
export * from './bank-details';
export * from './payouts';

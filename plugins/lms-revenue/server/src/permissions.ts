/**
 * Admin permission actions of lms-revenue, registered in register(). Super admins hold them; the
 * Instructor role gets none (balances and rules span every instructor). An instructor reads their
 * own balance through GET /lms-revenue/me/balance, which needs only an admin session.
 */
export const ACTIONS = {
  read: 'plugin::lms-revenue.revenue.read',
  manage: 'plugin::lms-revenue.revenue.manage',
} as const;

export const actionDefinitions = [
  { section: 'plugins', displayName: 'See revenue rules, the ledger and instructor balances', uid: 'revenue.read', pluginName: 'lms-revenue' },
  { section: 'plugins', displayName: 'Change revenue-share, VAT, fee and holding-period rules', uid: 'revenue.manage', pluginName: 'lms-revenue' },
];

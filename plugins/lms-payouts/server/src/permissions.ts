/**
 * Admin permission actions of lms-payouts, registered in register(). `manage` (the approval
 * queue, approve / reject / mark paid) is for admins; `request` (one's own payout settings,
 * balance and requests) is granted to the Instructor role in cms/src/bootstrap/instructor-role.ts.
 * Every `request` route answers for the caller's own instructor profile only.
 */
export const ACTIONS = {
  manage: 'plugin::lms-payouts.payouts.manage',
  request: 'plugin::lms-payouts.payouts.request',
} as const;

export const actionDefinitions = [
  { section: 'plugins', displayName: 'Approve, reject and mark paid instructor payouts', uid: 'payouts.manage', pluginName: 'lms-payouts' },
  { section: 'plugins', displayName: 'Set up own payout method and request own payouts', uid: 'payouts.request', pluginName: 'lms-payouts' },
];

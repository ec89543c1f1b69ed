export const PLUGIN_ID = 'lms-payouts';

export const PLUGIN_ID = 'lms-enrollment';

export const PLUGIN_ID = 'lms-notifications';

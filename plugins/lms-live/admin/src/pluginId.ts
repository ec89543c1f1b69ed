export const PLUGIN_ID = 'lms-live';

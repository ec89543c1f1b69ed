export const PLUGIN_ID = 'lms-analytics';

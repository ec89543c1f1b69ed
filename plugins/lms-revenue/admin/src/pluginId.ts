export const PLUGIN_ID = 'lms-revenue';

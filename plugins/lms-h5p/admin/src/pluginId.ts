export const PLUGIN_ID = 'lms-h5p';

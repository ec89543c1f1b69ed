export const PLUGIN_ID = 'lms-grading';

export const PLUGIN_ID = 'lms-lti';

export const PLUGIN_ID = 'lms-core';

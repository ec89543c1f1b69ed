export const PLUGIN_ID = 'lms-gamification';

/**
 * Admin permission action of lms-h5p, registered in register(). Super admins hold it; the
 * Instructor role gets it (cms/src/bootstrap/instructor-role.ts) and the service narrows it to
 * the lessons of the instructor's own courses.
 */
export const ACTIONS = {
  manage: 'plugin::lms-h5p.packages.manage',
} as const;

export const actionDefinitions = [{ section: 'plugins', displayName: 'Upload H5P packages into lesson blocks', uid: 'packages.manage', pluginName: 'lms-h5p' }];

/** Learner routes granted to the users-permissions Authenticated role on every start. */
export const LEARNER_ACTIONS = ['plugin::lms-h5p.learner.recordStatement', 'plugin::lms-h5p.learner.myResults'] as const;

/** Admin permission actions of lms-enrollment, registered in register() and checked by the admin routes. */
export const ACTIONS = {
  read: 'plugin::lms-enrollment.enrollments.read',
  manage: 'plugin::lms-enrollment.enrollments.manage',
} as const;

export const actionDefinitions = [
  { section: 'plugins', displayName: 'See and export enrollments', uid: 'enrollments.read', pluginName: 'lms-enrollment' },
  { section: 'plugins', displayName: 'Grant and revoke enrollments', uid: 'enrollments.manage', pluginName: 'lms-enrollment' },
];

/**
 * users-permissions actions of the learner routes, granted to the Authenticated role only (in
 * bootstrap). The lesson route is public (auth: false) and checks the JWT itself, see routes.
 */
export const LEARNER_ACTIONS = [
  'plugin::lms-enrollment.learner.enroll',
  'plugin::lms-enrollment.learner.myEnrollments',
  'plugin::lms-enrollment.learner.outline',
  'plugin::lms-enrollment.learner.completeLesson',
  'plugin::lms-enrollment.learner.reportProgress',
  'plugin::lms-enrollment.learner.enrollmentProgress',
  // POST /checkout (payments/routes.ts)
  'plugin::lms-enrollment.checkout.create',
] as const;

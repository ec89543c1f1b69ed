import type { Core } from '@strapi/strapi';

export const INSTRUCTOR_ROLE_CODE = 'lms-instructor';
/** Bump when the permission set below changes, so existing installs are brought in line once. */
const INSTRUCTOR_ROLE_VERSION = 4;

/** What instructors author; they may create these and only edit, publish or delete their own. */
export const INSTRUCTOR_OWNED_TYPES = [
  'api::course.course',
  'api::section.section',
  'api::lesson.lesson',
  'api::quiz.quiz',
  'api::assignment.assignment',
  'api::certificate-template.certificate-template',
] as const;

/** Shared reference data instructors pick from but do not change. */
const INSTRUCTOR_READABLE_TYPES = ['api::category.category', 'api::instructor.instructor'] as const;

interface ActionLike {
  actionId: string;
  section: string;
  subjects?: string[];
}
interface PermissionLike {
  action: string;
  subject?: string | null;
  properties?: Record<string, unknown>;
  conditions?: string[];
}

/**
 * The "Instructor" admin role: Strapi's is-creator condition on every write, so an instructor
 * neither sees other instructors' drafts nor changes their courses. No plugin money panel
 * permission is granted here (those plugins register their own actions for admins only).
 * Managed by code: created on first start and brought up to date when the version above changes.
 */
export async function ensureInstructorRole(strapi: Core.Strapi): Promise<{ id: number }> {
  const roleService = strapi.service('admin::role');
  const store = strapi.store({ type: 'plugin', name: 'lms', key: 'instructor-role-version' });

  let role = (await roleService.findOne({ code: INSTRUCTOR_ROLE_CODE })) as { id: number } | null;
  const version = (await store.get({})) as number | null;
  if (role && version === INSTRUCTOR_ROLE_VERSION) return role;

  if (!role) {
    role = (await roleService.create({
      name: 'Instructor',
      code: INSTRUCTOR_ROLE_CODE,
      description: 'Instructors author courses, sections, lessons, quizzes and assignments, and edit or publish only their own.',
    })) as { id: number };
  }

  const permissionService = strapi.service('admin::permission');
  const contentTypeService = strapi.service('admin::content-type');
  const actions = (permissionService.actionProvider.values() as ActionLike[]).filter(
    (a) => a.section === 'contentTypes',
  );
  const all = contentTypeService.getPermissionsWithNestedFields(actions) as PermissionLike[];

  const owned = new Set<string>(INSTRUCTOR_OWNED_TYPES);
  const readable = new Set<string>(INSTRUCTOR_READABLE_TYPES);
  const permissions: PermissionLike[] = [];
  for (const p of all) {
    if (!p.subject) continue;
    if (owned.has(p.subject)) {
      const isCreate = p.action === 'plugin::content-manager.explorer.create';
      permissions.push({ ...p, conditions: isCreate ? [] : ['admin::is-creator'] });
    } else if (readable.has(p.subject) && p.action === 'plugin::content-manager.explorer.read') {
      permissions.push({ ...p, conditions: [] });
    }
  }
  permissions.push(
    { action: 'plugin::upload.read', conditions: ['admin::is-creator'] },
    { action: 'plugin::upload.configure-view' },
    { action: 'plugin::upload.assets.create' },
    { action: 'plugin::upload.assets.update', conditions: ['admin::is-creator'] },
    { action: 'plugin::upload.assets.download' },
    { action: 'plugin::upload.assets.copy-link' },
    // Grading of their own learners' work (lms-grading scopes every route to the instructor's courses).
    { action: 'plugin::lms-grading.grading.read' },
    { action: 'plugin::lms-grading.grading.grade' },
    // Their own payout method and payout requests (lms-payouts scopes every `me` route to the caller).
    { action: 'plugin::lms-payouts.payouts.request' },
    // H5P packages into their own lessons' blocks (lms-h5p scopes the routes to the instructor's courses).
    { action: 'plugin::lms-h5p.packages.manage' },
    // Live sessions of their own courses and their attendance (lms-live scopes every route to the instructor's courses).
    { action: 'plugin::lms-live.sessions.manage' },
    // Analytics of their own courses (lms-analytics scopes read-own to the courses they teach).
    { action: 'plugin::lms-analytics.analytics.read-own' },
  );

  await roleService.assignPermissions(role.id, permissions);
  await store.set({ value: INSTRUCTOR_ROLE_VERSION });
  strapi.log.info(`[lms] Instructor admin role ready (${permissions.length} permissions, is-creator on every write)`);
  return role;
}

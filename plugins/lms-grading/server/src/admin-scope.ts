import type { Core } from '@strapi/strapi';

/** The admin user of an admin route (`ctx.state.user`). */
export interface AdminUserLike {
  id: number;
  roles?: Array<{ code?: string }>;
}

const SUPER_ADMIN = 'strapi-super-admin';

/**
 * The courses an admin user may grade and see grades of: every course for a super admin; for
 * anyone else (the Instructor role) the courses they teach (main or co-instructor, through the
 * instructor profile's admin user) or created. Returned as course documentIds.
 */
export async function gradableCourses(strapi: Core.Strapi, user: AdminUserLike): Promise<'all' | Set<string>> {
  if (user.roles?.some((r) => r.code === SUPER_ADMIN)) return 'all';
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: {
      $or: [
        { instructor: { adminUser: { id: user.id } } },
        { coInstructors: { adminUser: { id: user.id } } },
        { createdBy: { id: user.id } },
      ],
    },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  return new Set(rows.map((r) => r.documentId));
}

export function mayGrade(scope: 'all' | Set<string>, courseDocumentId: string): boolean {
  return scope === 'all' || scope.has(courseDocumentId);
}

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * lms-lti's typed view of the other plugins and of users-permissions: the few services it calls,
 * described structurally (plugins never import each other's internals, see ARCHITECTURE.md).
 * The one place that reaches into them; tests/integration/lti.test.ts exercises it for real.
 */

export interface LessonView {
  documentId: string;
  title: string;
  slug: string;
  blocks: Array<{ id: number; kind: string; countsTowardCompletion?: boolean }>;
}

export interface CourseStructureView {
  documentId: string;
  slug: string;
  title: string;
  sections: Array<{ documentId: string; title: string; lessons: LessonView[] }>;
}

interface EnrollmentsPort {
  grantEnrollment(
    input: { userId: number; courseDocumentId: string; source: 'lti'; sourceRef?: string | null; reason?: string | null; actor?: { type: 'lti'; id?: string } },
    trx?: Knex.Transaction,
  ): Promise<{ enrollment: { id: number; status: string }; created: boolean; reactivated: boolean }>;
}

interface ContentPort {
  getCourseStructure(courseDocumentId: string): Promise<CourseStructureView | null>;
  courseRefs(courseDocumentIds: readonly string[]): Promise<Map<string, { documentId: string; slug: string; title: string }>>;
}

interface ClockPort {
  now(): Date;
}

export const enrollmentsOf = (strapi: Core.Strapi) => strapi.plugin('lms-enrollment').service('enrollments') as EnrollmentsPort;
export const courseContentOf = (strapi: Core.Strapi) => strapi.plugin('lms-enrollment').service('content') as ContentPort;
/** lms-enrollment's clock: one "now" across the LMS plugins (x-lms-test-now in integration tests). */
export const clockOf = (strapi: Core.Strapi) => strapi.plugin('lms-enrollment').service('clock') as ClockPort;

/** users-permissions: the learner accounts LTI launches provision, and their JWTs. */
export function usersOf(strapi: Core.Strapi) {
  const users = () => strapi.db.query('plugin::users-permissions.user');
  return {
    async authenticatedRoleId(): Promise<number> {
      const role = (await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' }, select: ['id'] })) as { id: number } | null;
      if (!role) throw new Error('users-permissions has no "authenticated" role; LTI users cannot be provisioned');
      return role.id;
    },
    async emailTaken(email: string): Promise<boolean> {
      return (await users().count({ where: { email: email.toLowerCase() } })) > 0;
    },
    async create(data: { username: string; email: string; roleId: number }): Promise<{ id: number }> {
      // provider "lti": no password, so the account cannot sign in on /login, only through a launch.
      const user = (await users().create({
        data: { username: data.username, email: data.email.toLowerCase(), provider: 'lti', confirmed: true, blocked: false, role: data.roleId },
        select: ['id'],
      })) as { id: number };
      return user;
    },
    async isBlocked(userId: number): Promise<boolean | null> {
      const user = (await users().findOne({ where: { id: userId }, select: ['id', 'blocked'] })) as { id: number; blocked: boolean | null } | null;
      return user ? user.blocked === true : null;
    },
    issueJwt(userId: number): string {
      return (strapi.plugin('users-permissions').service('jwt') as { issue(payload: { id: number }): string }).issue({ id: userId });
    },
  };
}

/** Quizzes embedded in quiz blocks (blocks.quiz component rows) → quiz documentId and title. */
export async function quizzesOfBlocks(strapi: Core.Strapi, blockIds: readonly number[]): Promise<Map<number, { documentId: string; title: string }>> {
  if (blockIds.length === 0) return new Map();
  const rows = (await strapi.db.query('blocks.quiz').findMany({
    where: { id: { $in: [...blockIds] } },
    select: ['id'],
    populate: { quiz: { select: ['documentId', 'title'] } },
  })) as Array<{ id: number; quiz?: { documentId: string; title: string } | null }>;
  const out = new Map<number, { documentId: string; title: string }>();
  for (const row of rows) if (row.quiz) out.set(Number(row.id), row.quiz);
  return out;
}

import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized } from '@lms/plugin-lms-core/server';
import type {
  CompleteLessonResponse,
  CourseOutlineResponse,
  EnrollmentProgressResponse,
  EnrollResponse,
  LessonContentResponse,
  MyEnrollmentsResponse,
  VideoProgressResponse,
} from '../contracts';
import { withVisibleErrors } from '../errors';
import { getService } from '../utils';
import { documentId, positiveId } from './validation';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown; header: Record<string, string | string[] | undefined> };
  state: { user?: { id: number } };
  status: number;
  body: unknown;
}

const enrollBody = z.object({ course: documentId('course') }).strict();
const courseParams = z.object({ courseDocumentId: documentId('course') });
const lessonParams = z.object({ lessonDocumentId: documentId('lesson') });
const enrollmentParams = z.object({ id: positiveId('an enrollment') });

const seconds = (field: string) =>
  z
    .number({ required_error: `expected ${field} in seconds`, invalid_type_error: `expected ${field} in seconds (a number)` })
    .finite(`expected ${field} in seconds (a finite number)`)
    .min(0, `expected ${field} in seconds (0 or more)`)
    .max(7 * 24 * 3600, `expected ${field} in seconds (at most a week)`);

const progressBody = z
  .object({
    blockId: z.number({ required_error: 'expected the id of the video block', invalid_type_error: 'expected the id of the video block (a number)' }).int('expected the id of the video block').positive('expected the id of the video block'),
    position: seconds('the playback position'),
    duration: seconds('the video duration').refine((d) => d > 0, 'expected the video duration in seconds (more than 0)'),
    secondsWatched: seconds('the seconds watched since the last report').max(24 * 3600, 'expected at most a day of watching in one report').optional(),
  })
  .strict();

/** The signed-in learner; the users-permissions route guard guarantees one on guarded routes. */
function learnerId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

/**
 * A learner's id from the Bearer JWT when one is present and valid, else null (anonymous). Used by
 * the one public route, which serves free previews to anyone and the rest to enrolled learners.
 */
async function optionalLearnerId(strapi: Core.Strapi, ctx: Ctx): Promise<number | null> {
  if (!ctx.request.header.authorization) return null;
  try {
    const payload = (await strapi.plugin('users-permissions').service('jwt').getToken(ctx)) as { id?: number } | null;
    if (!payload?.id) return null;
    const user = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: payload.id }, select: ['id', 'blocked'] })) as {
      id: number;
      blocked: boolean | null;
    } | null;
    return user && !user.blocked ? user.id : null;
  } catch {
    // An expired or forged token reads as anonymous: previews stay readable, the rest answer 401.
    return null;
  }
}

export const createLearnerController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async enroll(ctx: Ctx) {
      const userId = learnerId(ctx);
      const { course } = parseInput(enrollBody, ctx.request.body ?? {}, 'body');
      const { enrollment, created } = await getService(strapi, 'enrollments').enroll(userId, course);
      ctx.status = created ? 201 : 200;
      ctx.body = { data: enrollment, meta: { created } } satisfies EnrollResponse;
    },

    async myEnrollments(ctx: Ctx) {
      ctx.body = { data: await getService(strapi, 'enrollments').listMine(learnerId(ctx)) } satisfies MyEnrollmentsResponse;
    },

    async outline(ctx: Ctx) {
      const userId = learnerId(ctx);
      const { courseDocumentId } = parseInput(courseParams, ctx.params, 'params');
      ctx.body = { data: await getService(strapi, 'learning').outline(userId, courseDocumentId) } satisfies CourseOutlineResponse;
    },

    async lesson(ctx: Ctx) {
      const { lessonDocumentId } = parseInput(lessonParams, ctx.params, 'params');
      const userId = await optionalLearnerId(strapi, ctx);
      ctx.body = { data: await getService(strapi, 'learning').openLesson(userId, lessonDocumentId) } satisfies LessonContentResponse;
    },

    async completeLesson(ctx: Ctx) {
      const userId = learnerId(ctx);
      const { lessonDocumentId } = parseInput(lessonParams, ctx.params, 'params');
      ctx.body = { data: await getService(strapi, 'learning').completeLesson(userId, lessonDocumentId) } satisfies CompleteLessonResponse;
    },

    async reportProgress(ctx: Ctx) {
      const userId = learnerId(ctx);
      const { lessonDocumentId } = parseInput(lessonParams, ctx.params, 'params');
      const report = parseInput(progressBody, ctx.request.body ?? {}, 'body');
      ctx.body = { data: await getService(strapi, 'learning').reportVideoProgress(userId, lessonDocumentId, report) } satisfies VideoProgressResponse;
    },

    async enrollmentProgress(ctx: Ctx) {
      const userId = learnerId(ctx);
      const { id } = parseInput(enrollmentParams, ctx.params, 'params');
      ctx.body = { data: await getService(strapi, 'enrollments').getEnrollmentProgress(userId, id) } satisfies EnrollmentProgressResponse;
    },
  });

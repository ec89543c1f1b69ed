import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import type { AdminUserLike } from '../admin-scope';
import { getService } from '../utils';
import type { GradebookCoursesResponse, GradebookResponse, ItemAnalysisResponse, MyGradesResponse } from './contracts';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  state: { user?: AdminUserLike };
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

/** Strapi documentIds are short alphanumeric strings. */
const documentId = (what: string) =>
  z
    .string({ required_error: `expected the documentId of a ${what}`, invalid_type_error: `expected the documentId of a ${what}` })
    .trim()
    .regex(/^[a-z0-9]{1,64}$/i, `expected the documentId of a ${what} (letters and digits)`);

const courseParams = z.object({ courseDocumentId: documentId('course') });
const quizParams = z.object({ quizDocumentId: documentId('quiz') });
const learnerSearch = z.string({ invalid_type_error: 'expected part of an email or username' }).trim().max(200, 'keep the search under 200 characters').optional();
const gradebookQuery = z
  .object({
    learner: learnerSearch,
    page: z.coerce.number({ invalid_type_error: 'expected a page number from 1' }).int('expected a whole number').min(1, 'expected a page number from 1').max(100_000, 'expected a page number up to 100000').default(1),
    pageSize: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 100' }).int('expected a whole number').min(1, 'expected a number from 1 to 100').max(100, 'expected a number from 1 to 100').default(20),
  })
  .strict();
const csvQuery = z.object({ learner: learnerSearch }).strict();
const myGradesQuery = z.object({ course: documentId('course').optional() }).strict();

function adminUser(ctx: Ctx): AdminUserLike {
  const user = ctx.state.user;
  if (!user?.id) throw unauthorized('sign in to the admin panel first');
  return user;
}

function learnerId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

/** `Intro to TypeScript` → `intro-to-typescript`, for the download's file name. */
const fileSlug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'course';

/** Admin routes of the gradebook (see routes.ts for the guards). */
export const createGradebookAdminController = ({ strapi }: { strapi: Core.Strapi }) => {
  const gradebook = () => getService(strapi, 'gradebook');
  const itemAnalysis = () => getService(strapi, 'itemAnalysis');
  return withVisibleErrors({
    async courses(ctx: Ctx) {
      ctx.body = { data: await gradebook().courses(adminUser(ctx)) } satisfies GradebookCoursesResponse;
    },

    async course(ctx: Ctx) {
      const { courseDocumentId } = parseInput(courseParams, ctx.params, 'params');
      const query = parseInput(gradebookQuery, ctx.query, 'query');
      const { course, items, activities, rows, total } = await gradebook().gradebook(adminUser(ctx), courseDocumentId, query);
      ctx.body = {
        data: { course, items, activities, rows },
        meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total } },
      } satisfies GradebookResponse;
    },

    async courseCsv(ctx: Ctx) {
      const { courseDocumentId } = parseInput(courseParams, ctx.params, 'params');
      const query = parseInput(csvQuery, ctx.query, 'query');
      const { csv, course } = await gradebook().gradebookCsv(adminUser(ctx), courseDocumentId, query);
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', `attachment; filename="gradebook-${fileSlug(course.slug || course.title)}-${new Date().toISOString().slice(0, 10)}.csv"`);
      ctx.body = csv;
    },

    async itemAnalysis(ctx: Ctx) {
      const { quizDocumentId } = parseInput(quizParams, ctx.params, 'params');
      ctx.body = { data: await itemAnalysis().read(adminUser(ctx), quizDocumentId) } satisfies ItemAnalysisResponse;
    },

    async recomputeItemAnalysis(ctx: Ctx) {
      const { quizDocumentId } = parseInput(quizParams, ctx.params, 'params');
      ctx.body = { data: await itemAnalysis().recompute(adminUser(ctx), quizDocumentId) } satisfies ItemAnalysisResponse;
    },
  });
};

/** The learner's own grades (see routes.ts for the guard). */
export const createGradebookLearnerController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async myGrades(ctx: Ctx) {
      const { course } = parseInput(myGradesQuery, ctx.query, 'query');
      ctx.body = { data: await getService(strapi, 'gradebook').myGrades(learnerId(ctx), course) } satisfies MyGradesResponse;
    },
  });

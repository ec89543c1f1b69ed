import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, unauthorized } from '@lms/plugin-lms-core/server';
import type {
  AdminEssayListResponse,
  AttemptResponse,
  CheckAnswerResponse,
  GradeAnswerResponse,
  QuizOverviewResponse,
  SaveAnswerResponse,
  StartAttemptResponse,
  SubmitAttemptResponse,
} from './contracts';
import type { GraderUser } from './grading';
import { withVisibleErrors } from './http';
import { getService } from '../utils';

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  state: { user?: { id: number } & Partial<GraderUser> };
  status: number;
  body: unknown;
}

/** Strapi documentIds are short lower-case alphanumeric strings. */
const documentId = (what: string) =>
  z
    .string({ required_error: `expected the documentId of a ${what}`, invalid_type_error: `expected the documentId of a ${what}` })
    .trim()
    .regex(/^[a-z0-9]{1,64}$/i, `expected the documentId of a ${what} (letters and digits)`);
const attemptId = z.coerce
  .number({ invalid_type_error: 'expected the numeric id of an attempt' })
  .int('expected the numeric id of an attempt')
  .positive('expected the numeric id of an attempt')
  .max(2_147_483_647, 'expected the numeric id of an attempt');
// Attempt question ids are opaque seeded ids (domain/random.ts): short, URL-safe.
const questionId = z
  .string({ required_error: 'expected the id of a question of this attempt' })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected the id of a question of this attempt');

const quizParams = z.object({ quizDocumentId: documentId('quiz') });
const attemptParams = z.object({ id: attemptId });
const answerParams = z.object({ id: attemptId, questionId });
const saveBody = z.object({ answer: z.unknown().refine((v) => v !== undefined, 'expected the answer, e.g. { "answer": { "optionId": "…" } }') }).strict();

const checkBody = z.object({ answer: z.unknown().optional() }).strict();

const gradeParams = z.object({ attemptId, questionId });
const gradeBody = z
  .object({
    points: z.union([z.string().trim().min(1, 'expected points, e.g. "3.5"').max(32, 'expected points, e.g. "3.5"'), z.number()], {
      errorMap: () => ({ message: 'expected points as a decimal, e.g. "3.5"' }),
    }),
    comment: z.string({ invalid_type_error: 'expected text' }).trim().max(5000, 'keep the comment under 5000 characters').nullish().transform((v) => v || null),
  })
  .strict();
const essayQuery = z
  .object({
    status: z.enum(['pending', 'graded'], { errorMap: () => ({ message: 'expected pending or graded' }) }).default('pending'),
    course: documentId('course').optional(),
    quiz: documentId('quiz').optional(),
    page: z.coerce.number({ invalid_type_error: 'expected a page number from 1' }).int('expected a whole number').min(1, 'expected a page number from 1').default(1),
    pageSize: z.coerce.number({ invalid_type_error: 'expected a number from 1 to 100' }).int('expected a whole number').min(1, 'expected a number from 1 to 100').max(100, 'expected a number from 1 to 100').default(20),
  })
  .strict();

function learnerId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

function adminUser(ctx: Ctx): GraderUser {
  const user = ctx.state.user;
  if (!user?.id) throw unauthorized('sign in to the admin panel first');
  return user as GraderUser;
}

/** Learner routes (see routes.ts for the guards). */
export const createQuizzesController = ({ strapi }: { strapi: Core.Strapi }) => {
  const attempts = () => getService(strapi, 'quizAttempts');
  return withVisibleErrors({
    async overview(ctx: Ctx) {
      const { quizDocumentId } = parseInput(quizParams, ctx.params, 'params');
      ctx.body = { data: await attempts().overview(learnerId(ctx), quizDocumentId) } satisfies QuizOverviewResponse;
    },

    async startAttempt(ctx: Ctx) {
      const { quizDocumentId } = parseInput(quizParams, ctx.params, 'params');
      const userId = learnerId(ctx);
      ctx.status = 201;
      ctx.body = { data: await attempts().start(userId, quizDocumentId) } satisfies StartAttemptResponse;
    },

    async findAttempt(ctx: Ctx) {
      const { id } = parseInput(attemptParams, ctx.params, 'params');
      ctx.body = { data: await attempts().read(learnerId(ctx), id) } satisfies AttemptResponse;
    },

    async saveAnswer(ctx: Ctx) {
      const { id, questionId: qid } = parseInput(answerParams, ctx.params, 'params');
      const { answer } = parseInput(saveBody, ctx.request.body ?? {}, 'body');
      ctx.body = { data: await attempts().saveAnswer(learnerId(ctx), id, qid, answer) } satisfies SaveAnswerResponse;
    },

    async checkAnswer(ctx: Ctx) {
      const { id, questionId: qid } = parseInput(answerParams, ctx.params, 'params');
      const { answer } = parseInput(checkBody, ctx.request.body ?? {}, 'body');
      ctx.body = { data: await attempts().checkAnswer(learnerId(ctx), id, qid, answer) } satisfies CheckAnswerResponse;
    },

    async submitAttempt(ctx: Ctx) {
      const { id } = parseInput(attemptParams, ctx.params, 'params');
      const { view, submittedNow } = await attempts().submit(learnerId(ctx), id);
      ctx.body = { data: view, meta: { submittedNow } } satisfies SubmitAttemptResponse;
    },
  });
};

/** Admin routes: the essay queue and manual grades (see routes.ts for the guards). */
export const createQuizGradingController = ({ strapi }: { strapi: Core.Strapi }) => {
  const grading = () => getService(strapi, 'quizGrading');
  return withVisibleErrors({
    async listEssays(ctx: Ctx) {
      const query = parseInput(essayQuery, ctx.query, 'query');
      const { data, total } = await grading().listEssays(adminUser(ctx), query);
      ctx.body = {
        data,
        meta: { pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(total / query.pageSize), total } },
      } satisfies AdminEssayListResponse;
    },

    async gradeAnswer(ctx: Ctx) {
      const { attemptId: id, questionId: qid } = parseInput(gradeParams, ctx.params, 'params');
      const body = parseInput(gradeBody, ctx.request.body ?? {}, 'body');
      ctx.body = { data: await grading().gradeAnswer(adminUser(ctx), id, qid, { points: body.points, comment: body.comment }) } satisfies GradeAnswerResponse;
    },
  });
};

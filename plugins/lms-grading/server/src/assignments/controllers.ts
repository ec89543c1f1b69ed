import fsp from 'node:fs/promises';
import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { invalidInput, parseInput, unauthorized, withVisibleErrors } from '@lms/plugin-lms-core/server';
import { gradableCourses, type AdminUserLike } from '../admin-scope';
import { getService } from '../utils';
import type {
  AdminGradingCoursesResponse,
  AdminSubmissionListResponse,
  AdminSubmissionResponse,
  AssignmentOverviewResponse,
  SubmitAssignmentResponse,
} from './contracts';
import { SUBMISSION_STATUSES } from './domain/submission-rules';
import type { GradeInput, Grader, IncomingUpload } from './service';

/** A file as koa-body (formidable) leaves it in `ctx.request.files`. */
interface MultipartFile {
  filepath: string;
  originalFilename?: string | null;
  size: number;
}

export interface Ctx {
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  request: { body?: unknown; files?: Record<string, MultipartFile | MultipartFile[] | undefined> };
  state: { user?: AdminUserLike & { firstname?: string | null; lastname?: string | null; username?: string | null; email?: string | null } };
  status: number;
  body: unknown;
}

const documentId = (what: string) =>
  z
    .string({ required_error: `expected the documentId of ${what}`, invalid_type_error: `expected the documentId of ${what}` })
    .trim()
    .regex(/^[a-z0-9]{1,64}$/i, `expected the documentId of ${what} (letters and digits)`);
const positiveId = (what: string) =>
  z.coerce.number({ invalid_type_error: `expected the numeric id of ${what}` }).int(`expected the numeric id of ${what}`).positive(`expected the numeric id of ${what}`);

const assignmentParams = z.object({ documentId: documentId('an assignment') });
const submissionParams = z.object({ id: positiveId('a submission') });

const feedbackText = z
  .string({ invalid_type_error: 'expected text' })
  .max(20_000, 'keep the feedback under 20000 characters')
  .refine((t) => !t.includes('\u0000'), 'contains NUL characters')
  .transform((t) => (t.trim() === '' ? null : t));

const gradeBody = z
  .object({
    selections: z
      .array(
        z
          .object({
            criterionId: z.union([z.string(), z.number()], { errorMap: () => ({ message: 'expected the id of a rubric criterion' }) }).transform(String),
            levelId: z.union([z.string(), z.number()], { errorMap: () => ({ message: 'expected the id of one of its levels' }) }).transform(String),
          })
          .strict(),
        { invalid_type_error: 'expected a list of { criterionId, levelId }' },
      )
      .max(200, 'at most 200 criteria')
      .optional(),
    score: z.union([z.string().max(32, 'expected a number such as 87.5'), z.number()], { errorMap: () => ({ message: 'expected a number of points such as "87.5"' }) }).optional(),
    feedback: feedbackText.nullable().optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.selections !== undefined && b.score !== undefined) ctx.addIssue({ code: 'custom', path: ['score'], message: 'send either selections (rubric) or score, not both' });
    if (b.selections === undefined && b.score === undefined) ctx.addIssue({ code: 'custom', path: ['selections'], message: 'choose a level for every rubric criterion, or send a score' });
  });

const returnBody = z
  .object({
    feedback: z
      .string({ required_error: 'say what to change (the learner reads it)', invalid_type_error: 'expected text' })
      .trim()
      .min(3, 'say what to change in a few words (the learner reads it)')
      .max(20_000, 'keep the feedback under 20000 characters')
      .refine((t) => !t.includes('\u0000'), 'contains NUL characters'),
  })
  .strict();

const queueQuery = z
  .object({
    status: z.enum(SUBMISSION_STATUSES, { errorMap: () => ({ message: `expected one of ${SUBMISSION_STATUSES.join(', ')}` }) }).default('submitted'),
    course: documentId('a course').optional(),
    assignment: documentId('an assignment').optional(),
    page: z.coerce.number({ invalid_type_error: 'expected a page number from 1' }).int('expected a whole number').min(1, 'expected a page number from 1').default(1),
    pageSize: z.coerce
      .number({ invalid_type_error: 'expected a number from 1 to 100' })
      .int('expected a whole number')
      .min(1, 'expected a number from 1 to 100')
      .max(100, 'expected a number from 1 to 100')
      .default(20),
  })
  .strict();

function learnerId(ctx: Ctx): number {
  const id = ctx.state.user?.id;
  if (!id) throw unauthorized();
  return id;
}

function adminUser(ctx: Ctx): NonNullable<Ctx['state']['user']> {
  const user = ctx.state.user;
  if (!user?.id) throw unauthorized('sign in to the admin panel first');
  return user;
}

function graderOf(user: NonNullable<Ctx['state']['user']>): Grader {
  const name = [user.firstname, user.lastname].filter((p): p is string => Boolean(p && p.trim())).join(' ');
  return { id: user.id, name: name || user.username || user.email || `admin ${user.id}` };
}

/** Every temporary file of the request (formidable writes each part to disk before the handler runs). */
function allUploads(ctx: Ctx): Array<{ field: string; file: MultipartFile }> {
  const out: Array<{ field: string; file: MultipartFile }> = [];
  for (const [field, value] of Object.entries(ctx.request.files ?? {})) {
    for (const file of Array.isArray(value) ? value : value ? [value] : []) out.push({ field, file });
  }
  return out;
}

/**
 * The submission's fields from multipart/form-data (`text`, `files`) or JSON (`{ text }`): any
 * other field is refused by name, so a typo cannot silently drop a file.
 */
function readSubmission(ctx: Ctx): { text: string | null; files: IncomingUpload[] } {
  const body = (ctx.request.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) throw invalidInput('body', 'expected form fields text and files');
  for (const key of Object.keys(body)) {
    if (key !== 'text') throw invalidInput(`body.${key}`, 'unknown field; send text and files only');
  }
  const text = body.text;
  if (text !== undefined && typeof text !== 'string') throw invalidInput('text', Array.isArray(text) ? 'send the text once' : 'expected text');
  const uploads = allUploads(ctx);
  const stray = uploads.find((u) => u.field !== 'files');
  if (stray) throw invalidInput(stray.field, 'files go in the "files" field');
  return {
    text: text ?? null,
    files: uploads.map(({ file }) => ({ name: file.originalFilename ?? '', size: file.size, read: () => fsp.readFile(file.filepath) })),
  };
}

/** Learner routes (users-permissions JWT, Authenticated role; see routes.ts). */
export const createAssignmentLearnerController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async overview(ctx: Ctx) {
      const userId = learnerId(ctx);
      const { documentId: id } = parseInput(assignmentParams, ctx.params, 'params');
      ctx.body = { data: await getService(strapi, 'assignments').overview(userId, id) } satisfies AssignmentOverviewResponse;
    },

    async submit(ctx: Ctx) {
      try {
        const userId = learnerId(ctx);
        const { documentId: id } = parseInput(assignmentParams, ctx.params, 'params');
        const input = readSubmission(ctx);
        ctx.status = 201;
        ctx.body = { data: await getService(strapi, 'assignments').submit(userId, id, input) } satisfies SubmitAssignmentResponse;
      } finally {
        // Strapi's body middleware deletes only the "files" field's temporary files; remove all, now.
        await Promise.all(allUploads(ctx).map(({ file }) => fsp.rm(file.filepath, { force: true }).catch(() => undefined)));
      }
    },
  });

/** Admin routes (admin::hasPermissions with the plugin's actions, scoped to the admin's courses; see routes.ts). */
export const createAssignmentAdminController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async list(ctx: Ctx) {
      const user = adminUser(ctx);
      const { page, pageSize, ...filter } = parseInput(queueQuery, ctx.query, 'query');
      const { data, total } = await getService(strapi, 'assignments').queue(await gradableCourses(strapi, user), filter, page, pageSize);
      ctx.body = { data, meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } } } satisfies AdminSubmissionListResponse;
    },

    async courses(ctx: Ctx) {
      const user = adminUser(ctx);
      ctx.body = { data: await getService(strapi, 'assignments').gradingCourses(await gradableCourses(strapi, user)) } satisfies AdminGradingCoursesResponse;
    },

    async detail(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(submissionParams, ctx.params, 'params');
      ctx.body = { data: await getService(strapi, 'assignments').detail(await gradableCourses(strapi, user), id) } satisfies AdminSubmissionResponse;
    },

    async grade(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(submissionParams, ctx.params, 'params');
      const body = parseInput(gradeBody, ctx.request.body ?? {}, 'body');
      const feedback = body.feedback ?? null;
      const input: GradeInput = body.selections !== undefined ? { kind: 'rubric', selections: body.selections, feedback } : { kind: 'score', score: body.score as string | number, feedback };
      ctx.body = { data: await getService(strapi, 'assignments').grade(await gradableCourses(strapi, user), graderOf(user), id, input) } satisfies AdminSubmissionResponse;
    },

    async returnForResubmission(ctx: Ctx) {
      const user = adminUser(ctx);
      const { id } = parseInput(submissionParams, ctx.params, 'params');
      const { feedback } = parseInput(returnBody, ctx.request.body ?? {}, 'body');
      ctx.body = {
        data: await getService(strapi, 'assignments').returnForResubmission(await gradableCourses(strapi, user), graderOf(user), id, feedback),
      } satisfies AdminSubmissionResponse;
    },
  });

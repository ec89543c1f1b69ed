import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { forbidden, getLmsCoreService, inTransaction, invalidInput, invalidState, notFound } from '@lms/plugin-lms-core/server';
import { enrollmentOf, grantsAccess, lessonsOf, type CompleteLessonResult } from '../adapters/strapi';
import { applyResult, readStatement, resultCompletesLesson, type ActivityResult, type XapiRequest } from '../domain';
import { RESULTS_TABLE } from '../migrations';

type Row = Record<string, unknown>;
// SQLite hands back 0/1 for booleans.
const boolOrNull = (v: unknown): boolean | null => (v === null || v === undefined ? null : v === true || v === 1 || v === '1' || v === 't');
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export interface StoredResult extends ActivityResult {
  id: number;
  userId: number;
  courseDocumentId: string;
  lessonDocumentId: string;
  fileId: number;
  blockId: number;
  firstAt: Date;
  lastAt: Date;
}

function toResult(row: Row): StoredResult {
  return {
    id: Number(row.id),
    userId: Number(row.user_id),
    courseDocumentId: String(row.course_document_id),
    lessonDocumentId: String(row.lesson_document_id),
    fileId: Number(row.file_id),
    blockId: Number(row.block_id),
    attempts: Number(row.attempts),
    latestBp: Number(row.latest_bp),
    bestBp: Number(row.best_bp),
    latestRaw: numOrNull(row.latest_raw),
    latestMax: numOrNull(row.latest_max),
    passed: boolOrNull(row.passed),
    firstAt: new Date(row.first_at as string),
    lastAt: new Date(row.last_at as string),
  };
}

/**
 * xAPI statements from the lesson page's H5P player: the learner's result at the activity (best
 * and latest scaled score, in basis points), `h5p.scored` through the outbox in the same
 * transaction, and the lesson's completion through lms-enrollment when the activity is all the
 * lesson asks for.
 */
export const createResultsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const enrollment = () => enrollmentOf(strapi);

  return {
    async recordStatement(userId: number, request: XapiRequest) {
      const courseId = await enrollment().findCourseOfLesson(request.lesson);
      const course = courseId ? await enrollment().getCourseStructure(courseId) : null;
      const lesson = course?.sections.flatMap((s) => s.lessons).find((l) => l.documentId === request.lesson);
      if (!course || !lesson) throw notFound('lesson', request.lesson, 'it does not exist or is not published');
      const block = lesson.blocks.find((b) => b.kind === 'h5p' && b.id === request.block);
      if (!block) {
        const ids = lesson.blocks.filter((b) => b.kind === 'h5p').map((b) => b.id);
        throw invalidInput('block', `lesson "${lesson.title}" has no H5P block ${request.block}; ${ids.length ? `its H5P blocks are ${ids.join(', ')}` : 'it has no H5P activity'}`);
      }
      const own = await enrollment().findEnrollment(userId, course.documentId);
      if (!own || !grantsAccess(own.status)) {
        throw forbidden(own ? `your enrollment in "${course.title}" has ended (${own.status})` : `you are not enrolled in "${course.title}"; enroll to record results`, { code: 'not-enrolled' });
      }

      const outcome = readStatement(request.statement);
      if (outcome.kind === 'ignored') return { recorded: false as const, reason: outcome.reason, result: null, lesson: null };

      const published = await lessonsOf(strapi).publishedLesson(request.lesson);
      const fileId = published?.blocks.find((b) => b.id === request.block)?.packageFileId ?? null;
      if (fileId === null) throw invalidState(`the H5P block ${request.block} of lesson "${lesson.title}" has no package; there is nothing to score`, { code: 'no-package' });
      const graded = block.graded !== false;
      const now = enrollment().now();

      const stored = await inTransaction(strapi, undefined, async (trx: Knex.Transaction) => {
        const key = { user_id: userId, lesson_document_id: request.lesson, file_id: fileId };
        const existingRow = (await trx(RESULTS_TABLE).where(key).forUpdate().first()) as Row | undefined;
        const existing = existingRow ? toResult(existingRow) : null;
        const next = applyResult(existing, outcome);
        const values = {
          course_document_id: course.documentId,
          block_id: request.block,
          attempts: next.attempts,
          latest_bp: next.latestBp,
          best_bp: next.bestBp,
          latest_raw: next.latestRaw,
          latest_max: next.latestMax,
          passed: next.passed,
          last_at: now,
        };
        const [row] = (await trx(RESULTS_TABLE)
          .insert({ ...key, ...values, first_at: now })
          .onConflict(['user_id', 'lesson_document_id', 'file_id'])
          .merge(values)
          .returning('*')) as Row[];
        const result = toResult(row as Row);
        await getLmsCoreService(strapi, 'events').emit(trx, {
          type: 'h5p.scored',
          payload: {
            learnerId: userId,
            courseId: course.documentId,
            lessonId: request.lesson,
            packageFileId: fileId,
            blockId: request.block,
            graded,
            scoreBp: result.latestBp,
            bestScoreBp: result.bestBp,
            attempts: result.attempts,
            passed: result.passed,
            scoredAt: now.toISOString(),
          },
          actor: { type: 'user', id: userId },
        });
        return result;
      });

      // lms-enrollment completes the lesson in its own transaction (it locks the enrollment and
      // emits lesson.completed); the result above is kept whatever it answers.
      let completion: CompleteLessonResult | null = null;
      let completionRefused: string | null = null;
      if (graded && resultCompletesLesson(lesson.blocks, block.id)) {
        try {
          completion = await enrollment().completeLesson(userId, request.lesson);
        } catch (error) {
          completionRefused = error instanceof Error ? error.message : String(error);
        }
      }
      return {
        recorded: true as const,
        reason: null,
        result: stored,
        lesson: {
          completedNow: Boolean(completion?.changed),
          progress: completion?.lesson.progress ?? null,
          course: completion?.course ?? null,
          refused: completionRefused,
        },
      };
    },

    /** A learner's results in a course (their own page, and the gradebook's source). */
    async resultsOf(courseDocumentId: string, userIds: readonly number[], db: Knex | Knex.Transaction = strapi.db.connection): Promise<StoredResult[]> {
      if (userIds.length === 0) return [];
      const rows = (await db(RESULTS_TABLE).where({ course_document_id: courseDocumentId }).whereIn('user_id', [...userIds]).orderBy('id', 'asc')) as Row[];
      return rows.map(toResult);
    },
  };
};

export type ResultsService = ReturnType<typeof createResultsService>;

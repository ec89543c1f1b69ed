import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { forbidden, getLmsCoreService, inTransaction, notFound, type DomainEvent } from '@lms/plugin-lms-core/server';
import { enrollmentClockOf } from '../adapters/enrollment';
import { gradableCourses, mayGrade, type AdminUserLike } from '../admin-scope';
import { createItemAnalysis, itemFlags, itemResponsesOf } from '../domain';
import { quizContentOf } from '../quizzes/content';
import type { ItemAnalysisView } from './contracts';
import { firstGradedAttempts } from './reads';
import { countGrading, ensureRun, lockRun, readItemAnalysis, recordRun, replaceItemStats, staleQuizIds, type RunRow } from './store';

/** lms-core consumer of `quiz.graded`, and the named job that recomputes one quiz. */
export const ITEM_ANALYSIS_CONSUMER = 'item-analysis';
export const ITEM_ANALYSIS_JOB = 'item-analysis';

/**
 * The debounce window: after a computation, the next waits at least this long. It grows with the
 * cost of the last computation (50× its duration, i.e. the job spends at most ~2% of its time on a
 * busy quiz), capped so a large quiz is still refreshed every few minutes.
 */
export const MIN_WINDOW_MS = 5_000;
export const MAX_WINDOW_MS = 10 * 60_000;
export function debounceWindowMs(lastDurationMs: number | null): number {
  return Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, 50 * (lastDurationMs ?? 0)));
}

/** Attempts read per page while computing (each holds its paper: a few KB). */
const PAGE = 200;

/**
 * Item analysis per quiz question, computed in the background: every `quiz.graded` event counts
 * a change for its quiz; the first change after a quiet window is computed at once (in the
 * consumer's transaction), later ones within the window are coalesced into one delayed job at the
 * window's end. Instructors can also recompute on demand. The figures come from the domain
 * (domain/item-analysis.ts) over each learner's first fully graded attempt.
 */
export const createItemAnalysisService = ({ strapi }: { strapi: Core.Strapi }) => {
  const events = () => getLmsCoreService(strapi, 'events');
  const now = () => enrollmentClockOf(strapi).now();

  /** Recomputes the quiz's rows from scratch inside `trx` and records what the run covered. */
  async function compute(trx: Knex.Transaction, quizDocumentId: string, eventsCovered: number, at: Date): Promise<void> {
    const started = performance.now();
    const analysis = createItemAnalysis();
    for (let afterId = 0; ; ) {
      const page = await firstGradedAttempts(trx, quizDocumentId, afterId, PAGE);
      for (const attempt of page) analysis.add(itemResponsesOf(attempt.paper, attempt.answers));
      if (page.length < PAGE) break;
      afterId = (page[page.length - 1] as (typeof page)[number]).id;
    }
    await replaceItemStats(trx, quizDocumentId, analysis.result(), at);
    await recordRun(trx, quizDocumentId, { analysedEvents: eventsCovered, attemptsAnalysed: analysis.attempts, computedAt: at, durationMs: Math.round(performance.now() - started) });
  }

  /** Computes now if the window since the last computation has passed, else queues the trailing job. */
  async function computeOrDefer(trx: Knex.Transaction, run: RunRow, at: Date, from: 'event' | 'job'): Promise<'computed' | 'deferred' | 'up-to-date'> {
    if (run.gradedEvents <= run.analysedEvents) return 'up-to-date';
    const dueAt = run.computedAt ? run.computedAt.getTime() + debounceWindowMs(run.durationMs) : 0;
    if (dueAt <= at.getTime()) {
      await compute(trx, run.quizDocumentId, run.gradedEvents, at);
      return 'computed';
    }
    // One job per quiz and window: with Redis the queue drops the copies (same id); inline, the
    // copies find the run up to date and return. A job that woke early defers under another id
    // (its own is still known to the queue). BullMQ ids may not contain ":".
    const id = `${run.quizDocumentId}.${dueAt}${from === 'job' ? '.again' : ''}`;
    await events().enqueueJob(ITEM_ANALYSIS_JOB, { quizDocumentId: run.quizDocumentId }, { id, delayMs: dueAt - at.getTime() + 50 });
    return 'deferred';
  }

  async function authorisedQuiz(user: AdminUserLike, quizDocumentId: string) {
    const [scope, quiz] = await Promise.all([gradableCourses(strapi, user), quizContentOf(strapi).findQuiz(quizDocumentId)]);
    if (!quiz) throw notFound('quiz', quizDocumentId, 'only published quizzes are analysed');
    if (!quiz.course ? scope !== 'all' : !mayGrade(scope, quiz.course.documentId)) {
      throw forbidden(`quiz "${quiz.title}" belongs to a course you do not teach; only its instructors and admins see its item analysis`, { code: 'not-your-course' });
    }
    return quiz;
  }

  async function view(quiz: { documentId: string; title: string; course: { documentId: string; title: string } | null }): Promise<ItemAnalysisView> {
    const { run, stats } = await readItemAnalysis(strapi.db.connection, quiz.documentId);
    return {
      quiz: { documentId: quiz.documentId, title: quiz.title, course: quiz.course },
      computedAt: run?.computedAt?.toISOString() ?? null,
      attemptsAnalysed: run?.attemptsAnalysed ?? 0,
      stale: run ? run.gradedEvents > run.analysedEvents : false,
      questions: stats.map(({ topWrongOption, ...s }) => ({
        ...s,
        topWrongOption: topWrongOption ? { text: topWrongOption.text, count: topWrongOption.count } : null,
        flags: itemFlags(s),
      })),
    };
  }

  return {
    /** The `quiz.graded` consumer: counts the change and computes or defers (inside the consumer's transaction). */
    async onQuizGraded(event: DomainEvent<'quiz.graded'>, trx: Knex.Transaction): Promise<void> {
      const at = now();
      const { quizId, courseId } = event.payload;
      await countGrading(trx, quizId, courseId, at);
      const run = await lockRun(trx, quizId);
      if (run) await computeOrDefer(trx, run, at, 'event');
    },

    /** The delayed job: recomputes when gradings arrived since the last run and the window is over. */
    async runJob(data: { quizDocumentId?: unknown }): Promise<void> {
      if (typeof data.quizDocumentId !== 'string') throw new Error(`${ITEM_ANALYSIS_JOB} job needs { quizDocumentId }, got ${JSON.stringify(data)}`);
      const quizDocumentId = data.quizDocumentId;
      await inTransaction(strapi, undefined, async (trx) => {
        const run = await lockRun(trx, quizDocumentId);
        if (run) await computeOrDefer(trx, run, now(), 'job');
      });
    },

    /** Queues a job for every quiz with gradings not analysed yet (after a restart lost an inline timer). */
    async catchUp(): Promise<number> {
      const quizIds = await staleQuizIds(strapi.db.connection);
      for (const id of quizIds) await events().enqueueJob(ITEM_ANALYSIS_JOB, { quizDocumentId: id }, { id: `${id}.catch-up-${Date.now()}` });
      return quizIds.length;
    },

    async read(user: AdminUserLike, quizDocumentId: string): Promise<ItemAnalysisView> {
      return view(await authorisedQuiz(user, quizDocumentId));
    },

    /** Recomputes now, whatever the window (an instructor asked). */
    async recompute(user: AdminUserLike, quizDocumentId: string): Promise<ItemAnalysisView> {
      const quiz = await authorisedQuiz(user, quizDocumentId);
      const at = now();
      await inTransaction(strapi, undefined, async (trx) => {
        await ensureRun(trx, quizDocumentId, quiz.course?.documentId ?? null, at);
        const run = await lockRun(trx, quizDocumentId);
        await compute(trx, quizDocumentId, run?.gradedEvents ?? 0, at);
      });
      return view(quiz);
    },
  };
};

export type ItemAnalysisService = ReturnType<typeof createItemAnalysisService>;

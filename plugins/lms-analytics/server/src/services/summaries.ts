import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPostgres, readDate } from '@lms/plugin-lms-core/server';
import { type AnalyticsFact, type LedgerEntryFact, checkAnalyticsEvent, dayOf, foldLedgerEntries } from '../domain';
import { TABLES } from '../migrations';

type Db = Knex | Knex.Transaction;
type Row = Record<string, unknown>;

/** Tables of other plugins read in SQL by the ledger refresh and the rebuild (docs/decisions/034). */
const LEDGER_TRANSACTIONS = 'lms_ledger_transactions';
const LEDGER_ENTRIES = 'lms_ledger_entries';
const ENROLLMENTS = 'lms_enrollments';
const LESSON_PROGRESS = 'lms_lesson_progress';

/** Entries of transactions younger than this are left for the next refresh (commits can land out of id order). */
export const LEDGER_SETTLE_MS = 2_000;
const LEDGER_PAGE = 5_000;
const WATERMARK = 'ledger.entry-id';
const REFRESHED_AT = 'ledger.refreshed-at';

const q = (name: string) => `"${name}"`;

/** A boolean column as either dialect returns it (SQLite: 0/1). */
const isTrue = (v: unknown) => v === true || v === 1 || v === '1';

/** Adds `row`'s non-key columns onto the stored row with the same key (insert when there is none). */
async function addTo(db: Db, table: string, keys: readonly string[], row: Row): Promise<void> {
  const merge: Record<string, Knex.Raw> = {};
  for (const [column, value] of Object.entries(row)) {
    if (keys.includes(column)) continue;
    // Numbers add onto the stored row; anything else (a label such as course_id) is set.
    merge[column] = typeof value === 'number' ? db.raw(`${q(table)}.${q(column)} + excluded.${q(column)}`) : db.raw(`excluded.${q(column)}`);
  }
  await db(table).insert(row).onConflict([...keys]).merge(merge);
}

/** `column` = the later of the stored and the new instant (SQL on both dialects). */
const later = (db: Db, table: string, column: string) =>
  db.raw(`case when ${q(table)}.${q(column)} is null or excluded.${q(column)} > ${q(table)}.${q(column)} then excluded.${q(column)} else ${q(table)}.${q(column)} end`);

async function touchLearner(db: Db, learnerId: number, at: Date, enrolled: boolean): Promise<void> {
  const t = TABLES.learners;
  await db(t)
    .insert({ learner_id: learnerId, first_enrolled_at: enrolled ? at : null, last_active_at: at })
    .onConflict(['learner_id'])
    .merge({
      last_active_at: later(db, t, 'last_active_at'),
      first_enrolled_at: db.raw(`case when ${q(t)}.${q('first_enrolled_at')} is null then excluded.${q('first_enrolled_at')} else ${q(t)}.${q('first_enrolled_at')} end`),
    });
}

async function touchLearnerCourse(db: Db, learnerId: number, courseId: string, at: Date): Promise<void> {
  const t = TABLES.learnerCourses;
  await db(t)
    .where({ learner_id: learnerId, course_id: courseId })
    .update({ last_active_at: db.raw(`case when ${q('last_active_at')} is null or ${q('last_active_at')} < ? then ? else ${q('last_active_at')} end`, [at, at]) });
}

/**
 * Takes an erased learner out of the summaries (decision 036), inside the erasure's transaction:
 * the counts per course, day and lesson lose what the learner's rows had added, and the rows go,
 * so the summaries stay what a rebuild from the remaining source rows would give. Quiz and
 * submission sums (kept from events only) keep their anonymous totals; the rows naming the
 * learner go.
 */
export async function forgetLearner(db: Db, learnerId: number): Promise<void> {
  const courses = (await db(TABLES.learnerCourses).where({ learner_id: learnerId })) as Row[];
  for (const c of courses) {
    const courseId = String(c.course_id);
    const completedAt = readDate(c.completed_at);
    await addTo(db, TABLES.courses, ['course_id'], {
      course_id: courseId,
      enrollments: -1,
      active: c.status === 'ended' ? 0 : -1,
      completions: completedAt ? -1 : 0,
      lessons_completed: -Number(c.lessons_completed ?? 0),
    });
    await addTo(db, TABLES.courseDays, ['course_id', 'day'], { course_id: courseId, day: dayOf(readDate(c.enrolled_at) as Date), enrollments: -1, completions: 0, lessons_completed: 0 });
    if (completedAt) await addTo(db, TABLES.courseDays, ['course_id', 'day'], { course_id: courseId, day: dayOf(completedAt), enrollments: 0, completions: -1, lessons_completed: 0 });
  }
  const lessons = (await db(TABLES.learnerLessons).where({ learner_id: learnerId })) as Row[];
  for (const l of lessons) {
    const courseId = String(l.course_id);
    await addTo(db, TABLES.lessons, ['course_id', 'lesson_id'], { course_id: courseId, lesson_id: String(l.lesson_id), completions: -1 });
    await addTo(db, TABLES.courseDays, ['course_id', 'day'], { course_id: courseId, day: dayOf(readDate(l.completed_at) as Date), enrollments: 0, completions: 0, lessons_completed: -1 });
  }
  for (const table of [TABLES.learners, TABLES.learnerCourses, TABLES.learnerLessons, TABLES.quizAttempts, TABLES.submissions]) await db(table).where({ learner_id: learnerId }).delete();
}

/**
 * Applies one checked fact to the summaries inside the consumer's transaction. Every change is
 * keyed by the fact itself (enrollment by learner and course, lesson completion by learner and
 * lesson, attempt and submission by id), so a fact seen twice — a re-delivery, or a fact the
 * rebuild already counted — changes nothing the second time.
 */
export async function applyFact(db: Db, fact: AnalyticsFact): Promise<string> {
  switch (fact.type) {
    case 'enrollment.granted': {
      const p = fact.payload;
      const at = new Date(p.grantedAt);
      const existing = (await db(TABLES.learnerCourses).where({ learner_id: p.learnerId, course_id: p.courseId }).first()) as Row | undefined;
      await touchLearner(db, p.learnerId, at, true);
      if (!existing) {
        await db(TABLES.learnerCourses).insert({ learner_id: p.learnerId, course_id: p.courseId, enrolled_at: at, status: 'active', lessons_completed: 0, last_active_at: at });
        await addTo(db, TABLES.courses, ['course_id'], { course_id: p.courseId, enrollments: 1, active: 1, completions: 0, lessons_completed: 0 });
        await addTo(db, TABLES.courseDays, ['course_id', 'day'], { course_id: p.courseId, day: dayOf(at), enrollments: 1, completions: 0, lessons_completed: 0 });
        return 'enrollment counted';
      }
      if (existing.status === 'ended') {
        await db(TABLES.learnerCourses).where({ learner_id: p.learnerId, course_id: p.courseId }).update({ status: existing.completed_at ? 'completed' : 'active' });
        await addTo(db, TABLES.courses, ['course_id'], { course_id: p.courseId, enrollments: 0, active: 1, completions: 0, lessons_completed: 0 });
        return 'enrollment re-opened';
      }
      return 'enrollment already counted';
    }
    case 'enrollment.ended': {
      const p = fact.payload;
      const changed = await db(TABLES.learnerCourses).where({ learner_id: p.learnerId, course_id: p.courseId }).whereNot('status', 'ended').update({ status: 'ended' });
      if (changed > 0) await addTo(db, TABLES.courses, ['course_id'], { course_id: p.courseId, enrollments: 0, active: -1, completions: 0, lessons_completed: 0 });
      return changed > 0 ? 'enrollment ended' : 'enrollment already ended';
    }
    case 'lesson.completed': {
      const p = fact.payload;
      const at = new Date(p.completedAt);
      const inserted = (await db(TABLES.learnerLessons)
        .insert({ learner_id: p.learnerId, lesson_id: p.lessonId, course_id: p.courseId, completed_at: at })
        .onConflict(['learner_id', 'lesson_id'])
        .ignore()
        .returning('lesson_id')) as unknown[];
      await touchLearner(db, p.learnerId, at, false);
      await touchLearnerCourse(db, p.learnerId, p.courseId, at);
      if (inserted.length === 0) return 'lesson already counted';
      await addTo(db, TABLES.lessons, ['course_id', 'lesson_id'], { course_id: p.courseId, lesson_id: p.lessonId, completions: 1 });
      await addTo(db, TABLES.courses, ['course_id'], { course_id: p.courseId, enrollments: 0, active: 0, completions: 0, lessons_completed: 1 });
      await addTo(db, TABLES.courseDays, ['course_id', 'day'], { course_id: p.courseId, day: dayOf(at), enrollments: 0, completions: 0, lessons_completed: 1 });
      await db(TABLES.learnerCourses).where({ learner_id: p.learnerId, course_id: p.courseId }).increment('lessons_completed', 1);
      return 'lesson counted';
    }
    case 'course.completed': {
      const p = fact.payload;
      const at = new Date(p.completedAt);
      const changed = await db(TABLES.learnerCourses).where({ learner_id: p.learnerId, course_id: p.courseId }).whereNull('completed_at').update({ completed_at: at, status: db.raw(`case when status = 'ended' then 'ended' else 'completed' end`) });
      await touchLearner(db, p.learnerId, at, false);
      if (changed === 0) return 'completion already counted (or enrollment unknown)';
      await addTo(db, TABLES.courses, ['course_id'], { course_id: p.courseId, enrollments: 0, active: 0, completions: 1, lessons_completed: 0 });
      await addTo(db, TABLES.courseDays, ['course_id', 'day'], { course_id: p.courseId, day: dayOf(at), enrollments: 0, completions: 1, lessons_completed: 0 });
      return 'completion counted';
    }
    case 'quiz.graded': {
      const p = fact.payload;
      const at = new Date(p.gradedAt);
      const before = (await db(TABLES.quizAttempts).where({ attempt_id: p.attemptId }).first()) as Row | undefined;
      const firstOfLearner = before
        ? false
        : !(await db(TABLES.quizAttempts).where({ quiz_id: p.quizId, learner_id: p.learnerId }).first('attempt_id'));
      await db(TABLES.quizAttempts)
        .insert({ attempt_id: p.attemptId, learner_id: p.learnerId, course_id: p.courseId, quiz_id: p.quizId, score: p.score, max_score: p.maxScore, passed: p.passed, graded_at: at })
        .onConflict(['attempt_id'])
        .merge(['score', 'max_score', 'passed', 'graded_at']);
      // The quiz's sums move by this attempt's difference: a re-grade replaces, never adds.
      await addTo(db, TABLES.quizzes, ['quiz_id'], {
        quiz_id: p.quizId,
        course_id: p.courseId,
        attempts: before ? 0 : 1,
        learners: firstOfLearner ? 1 : 0,
        passed: (p.passed ? 1 : 0) - (before && isTrue(before.passed) ? 1 : 0),
        score_sum: p.score - (before ? Number(before.score) : 0),
        max_sum: p.maxScore - (before ? Number(before.max_score) : 0),
      });
      await touchLearner(db, p.learnerId, at, false);
      await touchLearnerCourse(db, p.learnerId, p.courseId, at);
      return before ? 'attempt re-graded' : 'attempt recorded';
    }
    case 'assignment.submitted':
    case 'assignment.graded':
    case 'assignment.returned': {
      const p = fact.payload;
      const state = fact.type === 'assignment.submitted' ? 'submitted' : fact.type === 'assignment.graded' ? 'graded' : 'returned';
      const at = new Date('submittedAt' in p ? p.submittedAt : 'gradedAt' in p ? p.gradedAt : p.returnedAt);
      // A late, older fact never overwrites a newer state of the same submission.
      await db(TABLES.submissions)
        .insert({ submission_id: p.submissionId, learner_id: p.learnerId, course_id: p.courseId, assignment_id: p.assignmentId, state, submitted_at: state === 'submitted' ? at : null, updated_at: at })
        .onConflict(['submission_id'])
        .merge({
          state: db.raw(`case when excluded.updated_at >= ${q(TABLES.submissions)}.updated_at then excluded.state else ${q(TABLES.submissions)}.state end`),
          submitted_at: db.raw(`coalesce(${q(TABLES.submissions)}.submitted_at, excluded.submitted_at)`),
          updated_at: later(db, TABLES.submissions, 'updated_at'),
        });
      if (state === 'submitted') await touchLearner(db, p.learnerId, at, false);
      return `submission ${state}`;
    }
    default:
      return 'ignored';
  }
}

/** `YYYY-MM` or `YYYY-MM-DD` (UTC) of a timestamp column, on both dialects (SQLite holds epoch ms). */
function periodOf(knex: Knex, column: string, unit: 'day' | 'month'): string {
  if (isPostgres(knex)) return `to_char(${column} at time zone 'UTC', '${unit === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM'}')`;
  return `strftime('${unit === 'day' ? '%Y-%m-%d' : '%Y-%m'}', ${column} / 1000, 'unixepoch')`;
}

/**
 * The summaries' writer: the event consumer's `apply`, the ledger refresh (a watermark over
 * lms-revenue's append-only entries) and a full rebuild from the transactional tables.
 */
export const createSummariesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function readState(db: Db, key: string): Promise<string | null> {
    const row = (await db(TABLES.state).where({ key }).first()) as { value: string } | undefined;
    return row?.value ?? null;
  }
  async function writeState(db: Db, key: string, value: string): Promise<void> {
    await db(TABLES.state).insert({ key, value }).onConflict(['key']).merge(['value']);
  }

  /** Folds ledger entries after the watermark into the revenue summaries, one page per transaction. */
  async function foldLedger(now: Date): Promise<number> {
    const k = knex();
    const settled = new Date(now.getTime() - LEDGER_SETTLE_MS);
    let total = 0;
    for (;;) {
      const folded = await k.transaction(async (trx) => {
        // One refresher at a time: the upsert holds the state row's lock until this page commits.
        await writeState(trx, 'ledger.lock', now.toISOString());
        const watermark = Number((await readState(trx, WATERMARK)) ?? 0);
        const month = periodOf(k, 't.occurred_at', 'month');
        const rows = (await trx(`${LEDGER_ENTRIES} as e`)
          .join(`${LEDGER_TRANSACTIONS} as t`, 't.id', 'e.transaction_id')
          .where('e.id', '>', watermark)
          .where('t.created_at', '<=', settled)
          .orderBy('e.id')
          .limit(LEDGER_PAGE)
          .select('e.id', 't.kind', 'e.account', 'e.instructor_id', 't.course_id', 'e.currency', 'e.amount', k.raw(`${month} as month`))) as Row[];
        if (rows.length === 0) return 0;
        const facts: LedgerEntryFact[] = rows.map((r) => ({
          kind: String(r.kind),
          account: String(r.account),
          instructorId: r.instructor_id === null ? null : String(r.instructor_id),
          courseId: r.course_id === null ? null : String(r.course_id),
          currency: String(r.currency),
          month: String(r.month),
          amount: Number(r.amount),
        }));
        const fold = foldLedgerEntries(facts);
        for (const m of fold.months) {
          await addTo(trx, TABLES.revenueMonths, ['course_id', 'currency', 'month'], {
            course_id: m.courseId,
            currency: m.currency,
            month: m.month,
            sales: m.sales,
            gross: m.gross,
            returned: m.returned,
            vat: m.vat,
            fees: m.fees,
            platform: m.platform,
            instructors: m.instructors,
          });
        }
        for (const m of fold.instructorMonths) await addTo(trx, TABLES.instructorMonths, ['instructor_id', 'currency', 'month'], { instructor_id: m.instructorId, currency: m.currency, month: m.month, earned: m.earned });
        for (const l of fold.liabilities) await addTo(trx, TABLES.liabilities, ['instructor_id', 'currency'], { instructor_id: l.instructorId, currency: l.currency, owed: l.owed });
        await writeState(trx, WATERMARK, String(Number((rows[rows.length - 1] as Row).id)));
        return rows.length;
      });
      total += folded;
      if (folded < LEDGER_PAGE) break;
    }
    await writeState(k, REFRESHED_AT, now.toISOString());
    return total;
  }

  return {
    /** The consumer: checks the event at the boundary, then applies it in the consumer's transaction. */
    async apply(trx: Knex.Transaction, event: { type: string; payload: unknown }): Promise<string> {
      return applyFact(trx, checkAnalyticsEvent(event));
    },

    async refreshLedger(now: Date = new Date()): Promise<{ ledgerEntries: number; refreshedAt: string }> {
      return { ledgerEntries: await foldLedger(now), refreshedAt: now.toISOString() };
    },

    async ledgerRefreshedAt(): Promise<string | null> {
      return readState(knex(), REFRESHED_AT);
    },

    /**
     * Recomputes the learning summaries from lms-enrollment's enrollments and lesson progress, and
     * the revenue summaries from the whole ledger, in set-based SQL (install on a running platform,
     * repair, the benchmark's data). Quiz attempts and submissions come from events only.
     */
    async rebuild(now: Date = new Date()): Promise<{ learnerCourses: number; lessonCompletions: number; ledgerEntries: number; rebuiltAt: string }> {
      const k = knex();
      const day = (c: string) => periodOf(k, c, 'day');
      const counts = await k.transaction(async (trx) => {
        // Rebuilds (two processes starting at once) run one after the other: the upsert holds the row lock.
        await writeState(trx, 'rebuild.lock', now.toISOString());
        for (const t of [TABLES.learnerLessons, TABLES.lessons, TABLES.courseDays, TABLES.courses, TABLES.learnerCourses, TABLES.learners]) await trx(t).del();
        // One row per learner and course: the latest enrollment's state.
        await trx.raw(
          `insert into ${q(TABLES.learnerCourses)} (learner_id, course_id, enrolled_at, status, lessons_completed, completed_at, last_active_at)
           select e.user_id, e.course_document_id, e.enrolled_at,
                  case when e.status in ('refunded', 'revoked', 'expired') then 'ended' when e.status = 'completed' then 'completed' else 'active' end,
                  0, e.completed_at, coalesce(e.last_activity_at, e.enrolled_at)
           from ${q(ENROLLMENTS)} e
           where e.id = (select max(e2.id) from ${q(ENROLLMENTS)} e2 where e2.user_id = e.user_id and e2.course_document_id = e.course_document_id)`,
        );
        await trx.raw(
          `insert into ${q(TABLES.learnerLessons)} (learner_id, lesson_id, course_id, completed_at)
           select e.user_id, p.lesson_document_id, min(e.course_document_id), min(p.completed_at)
           from ${q(LESSON_PROGRESS)} p join ${q(ENROLLMENTS)} e on e.id = p.enrollment_id
           where p.completed_at is not null
           group by e.user_id, p.lesson_document_id`,
        );
        await trx.raw(
          `update ${q(TABLES.learnerCourses)} set lessons_completed = coalesce((select count(*) from ${q(TABLES.learnerLessons)} l
             where l.learner_id = ${q(TABLES.learnerCourses)}.learner_id and l.course_id = ${q(TABLES.learnerCourses)}.course_id), 0)`,
        );
        await trx.raw(
          `insert into ${q(TABLES.learners)} (learner_id, first_enrolled_at, last_active_at)
           select learner_id, min(enrolled_at), max(last_active_at) from ${q(TABLES.learnerCourses)} group by learner_id`,
        );
        await trx.raw(
          `insert into ${q(TABLES.lessons)} (course_id, lesson_id, completions)
           select course_id, lesson_id, count(*) from ${q(TABLES.learnerLessons)} group by course_id, lesson_id`,
        );
        await trx.raw(
          `insert into ${q(TABLES.courses)} (course_id, enrollments, active, completions, lessons_completed, last_active_at)
           select course_id, count(*), sum(case when status <> 'ended' then 1 else 0 end), sum(case when completed_at is not null then 1 else 0 end), sum(lessons_completed), max(last_active_at)
           from ${q(TABLES.learnerCourses)} group by course_id`,
        );
        // Days: enrollments, completions and lesson completions, each grouped on its own instant.
        await trx.raw(
          `insert into ${q(TABLES.courseDays)} (course_id, day, enrollments, completions, lessons_completed)
           select course_id, day, sum(en), sum(co), sum(le) from (
             select course_id, ${day('enrolled_at')} as day, 1 as en, 0 as co, 0 as le from ${q(TABLES.learnerCourses)}
             union all select course_id, ${day('completed_at')}, 0, 1, 0 from ${q(TABLES.learnerCourses)} where completed_at is not null
             union all select course_id, ${day('completed_at')}, 0, 0, 1 from ${q(TABLES.learnerLessons)}
           ) x group by course_id, day`,
        );
        // Quiz sums from this plugin's own attempt rows (attempts arrive as events only).
        await trx(TABLES.quizzes).del();
        await trx.raw(
          `insert into ${q(TABLES.quizzes)} (quiz_id, course_id, attempts, learners, passed, score_sum, max_sum)
           select quiz_id, min(course_id), count(*), count(distinct learner_id), sum(case when passed then 1 else 0 end), sum(score), sum(max_score)
           from ${q(TABLES.quizAttempts)} group by quiz_id`,
        );
        const [lc] = (await trx(TABLES.learnerCourses).count({ n: '*' })) as Array<{ n: unknown }>;
        const [ll] = (await trx(TABLES.learnerLessons).count({ n: '*' })) as Array<{ n: unknown }>;
        for (const t of [TABLES.revenueMonths, TABLES.instructorMonths, TABLES.liabilities]) await trx(t).del();
        await trx(TABLES.state).where({ key: WATERMARK }).del();
        return { learnerCourses: Number(lc?.n ?? 0), lessonCompletions: Number(ll?.n ?? 0) };
      });
      const ledgerEntries = await foldLedger(now);
      return { ...counts, ledgerEntries, rebuiltAt: now.toISOString() };
    },

    /** Whether the tables the rebuild reads exist (plugins bootstrap in an order we do not choose). */
    async sourcesExist(): Promise<boolean> {
      const k = knex();
      for (const t of [ENROLLMENTS, LESSON_PROGRESS, LEDGER_TRANSACTIONS, LEDGER_ENTRIES]) if (!(await k.schema.hasTable(t))) return false;
      return true;
    },

    /** Whether the summaries were ever built (bootstrap backfills once on an existing platform). */
    async rebuiltOnce(): Promise<boolean> {
      return (await readState(knex(), 'rebuilt-once')) !== null;
    },
    async markRebuilt(at: Date): Promise<void> {
      await writeState(knex(), 'rebuilt-once', at.toISOString());
    },
  };
};

export type SummariesService = ReturnType<typeof createSummariesService>;

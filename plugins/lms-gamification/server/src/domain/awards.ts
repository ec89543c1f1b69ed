import { type AwardSource, type CheckedSource, checkAwardSource } from './events';
import { type CourseRuleId, type PointRules, type RuleId, ruleAppliesTo } from './rules';

/**
 * From events to facts and point events.
 *
 * A **fact** is an achievement that badges count (first lesson, perfect quizzes, courses
 * completed), recorded whatever the point rules say. A **point event** is one row of the points
 * ledger. Both are identified by (learner, kind or rule, subject): the service stores them in
 * tables with a unique constraint on exactly that triple and inserts with "on conflict do
 * nothing", so a replayed, duplicated or re-emitted event never counts twice, and a learner's
 * points are always the sum of their point events. Nothing is updated in place.
 *
 * Subjects (what an award is *for*): `lesson:<id>`, `quiz:<id>`, `assignment:<id>`,
 * `course:<id>`, `day:<YYYY-MM-DD>`, `streak:<run start YYYY-MM-DD>/<days>`. So a quiz pays once
 * however many attempts pass; the perfect bonus is a separate rule, so a later perfect attempt
 * still earns it; a streak milestone pays once per run.
 */
export type FactKind = CourseRuleId;

export interface Fact {
  learnerId: number;
  kind: FactKind;
  subject: string;
  courseId: string;
  /** When it happened (the event's completedAt/gradedAt), ISO UTC. */
  occurredAt: string;
}

export interface PointEvent {
  learnerId: number;
  rule: RuleId;
  subject: string;
  /** The rule's points at the time of the award; later rule changes do not touch it. */
  points: number;
  /** The course it was earned in; `null` for visits and streaks (global boards only). */
  courseId: string | null;
  /** When the fact happened (not when the event was consumed), ISO UTC: it decides the week/month. */
  occurredAt: string;
  /** The domain event it came from, for audit; not part of the identity. */
  sourceEventId: string | null;
}

/** The idempotency key of a fact or point event: learner, rule (or kind) and subject. */
export function awardKey(e: { learnerId: number; subject: string } & ({ rule: RuleId } | { kind: FactKind })): string {
  return `${e.learnerId}|${'rule' in e ? e.rule : e.kind}|${e.subject}`;
}

/** The achievements an event records (none for visits: streaks keep their own state). */
export function factsFor(event: AwardSource): Fact[] {
  return factsOf(checkAwardSource(event));
}

function factsOf(s: CheckedSource): Fact[] {
  const fact = (kind: FactKind, subject: string, courseId: string): Fact => ({ learnerId: s.learnerId, kind, subject, courseId, occurredAt: s.at });
  switch (s.type) {
    case 'lesson.completed':
      return [fact('lesson-completed', `lesson:${s.lessonId}`, s.courseId)];
    case 'quiz.graded': {
      const facts: Fact[] = [];
      if (s.passed) facts.push(fact('quiz-passed', `quiz:${s.quizId}`, s.courseId));
      if (s.perfect) facts.push(fact('quiz-perfect', `quiz:${s.quizId}`, s.courseId));
      return facts;
    }
    case 'assignment.graded':
      // A grade below the pass mark is no fact; a later passing re-grade is.
      return s.passed ? [fact('assignment-passed', `assignment:${s.assignmentId}`, s.courseId)] : [];
    case 'course.completed':
      return [fact('course-completed', `course:${s.courseId}`, s.courseId)];
    case 'learner.visited':
      return [];
  }
}

/**
 * The point events an event earns under the rules. Pure and deterministic: the same event and
 * rules always give the same awards, with the same keys, so the caller may run it on every
 * delivery and let the unique constraint drop what is already there.
 *
 * For a visit: the daily-visit points for its date, and every streak milestone the run has
 * reached (those already paid are dropped by their keys; a milestone added by an admin mid-run
 * is paid on the next counted visit).
 */
export function awardsFor(event: AwardSource, rules: PointRules): PointEvent[] {
  const s = checkAwardSource(event);
  const sourceEventId = event.id ?? null;
  if (s.type === 'learner.visited') {
    const awards: PointEvent[] = [];
    const daily = rules['daily-visit'];
    if (daily.enabled) awards.push({ learnerId: s.learnerId, rule: 'daily-visit', subject: `day:${s.day}`, points: daily.points, courseId: null, occurredAt: s.at, sourceEventId });
    const streak = rules['streak-milestone'];
    if (streak.enabled) {
      for (const m of streak.milestones) {
        if (m.days > s.streakLength) break;
        awards.push({ learnerId: s.learnerId, rule: 'streak-milestone', subject: `streak:${s.streakStartDay}/${m.days}`, points: m.points, courseId: null, occurredAt: s.at, sourceEventId });
      }
    }
    return awards;
  }
  const awards: PointEvent[] = [];
  for (const f of factsOf(s)) {
    const rule = rules[f.kind];
    if (!ruleAppliesTo(rule, f.courseId)) continue;
    awards.push({ learnerId: f.learnerId, rule: f.kind, subject: f.subject, points: rule.points, courseId: f.courseId, occurredAt: f.occurredAt, sourceEventId });
  }
  return awards;
}

/** Keeps the first of each key, in order: what the ledger's unique constraint keeps. */
export function dedupeByKey<T extends Parameters<typeof awardKey>[0]>(items: Iterable<T>): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const key = awardKey(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** Points per learner from a ledger (deduplicated by key, as the table would be). */
export function pointTotals(events: Iterable<PointEvent>): Map<number, number> {
  const totals = new Map<number, number>();
  for (const e of dedupeByKey(events)) totals.set(e.learnerId, (totals.get(e.learnerId) ?? 0) + e.points);
  return totals;
}

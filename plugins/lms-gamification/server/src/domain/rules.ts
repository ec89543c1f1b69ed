import { GamificationError, ID_PATTERN, describeValue, isPlainObject } from './errors';

/**
 * Point rules, as an admin configures them. Each rule awards whole points (integers: no rounding
 * anywhere) and can be switched off; the course rules can be limited to a list of courses.
 * The points an award carries are the rule's points when it was awarded: changing a rule later
 * never rewrites the ledger (see awards.ts).
 */
export const COURSE_RULE_IDS = ['lesson-completed', 'quiz-passed', 'quiz-perfect', 'assignment-passed', 'course-completed'] as const;
export type CourseRuleId = (typeof COURSE_RULE_IDS)[number];
export const RULE_IDS = [...COURSE_RULE_IDS, 'daily-visit', 'streak-milestone'] as const;
export type RuleId = (typeof RULE_IDS)[number];

export interface CourseRule {
  enabled: boolean;
  points: number;
  /** `null`: every course; otherwise only these course documentIds (never empty). */
  courseIds: string[] | null;
}

export interface DailyVisitRule {
  enabled: boolean;
  points: number;
}

export interface StreakMilestone {
  /** Length of the streak in days (2 or more). */
  days: number;
  points: number;
}

export interface StreakMilestoneRule {
  enabled: boolean;
  /** Sorted by `days`, distinct. */
  milestones: StreakMilestone[];
}

export type PointRules = { [K in CourseRuleId]: CourseRule } & {
  'daily-visit': DailyVisitRule;
  'streak-milestone': StreakMilestoneRule;
};

export const MAX_RULE_POINTS = 1_000_000;
export const MAX_SCOPED_COURSES = 500;
export const MAX_MILESTONES = 20;
export const MAX_MILESTONE_DAYS = 3650;

export const DEFAULT_POINT_RULES: PointRules = {
  'lesson-completed': { enabled: true, points: 10, courseIds: null },
  'quiz-passed': { enabled: true, points: 20, courseIds: null },
  'quiz-perfect': { enabled: true, points: 10, courseIds: null },
  'assignment-passed': { enabled: true, points: 30, courseIds: null },
  'course-completed': { enabled: true, points: 100, courseIds: null },
  'daily-visit': { enabled: true, points: 5 },
  'streak-milestone': {
    enabled: true,
    milestones: [
      { days: 7, points: 50 },
      { days: 30, points: 200 },
    ],
  },
};

/** What each rule is for, in an admin's words (the admin panel shows these). */
export const RULE_DESCRIPTIONS: Record<RuleId, string> = {
  'lesson-completed': 'a learner completes a lesson (once per lesson)',
  'quiz-passed': 'a learner passes a quiz (once per quiz, whichever attempt passes first)',
  'quiz-perfect': 'bonus when a graded quiz attempt scores full marks (once per quiz)',
  'assignment-passed': 'an assignment is graded at or above its pass mark (once per assignment)',
  'course-completed': "a learner meets a course's completion rule (once per course)",
  'daily-visit': "the first visit on a day of the learner's own calendar",
  'streak-milestone': 'a run of consecutive visit days reaches a milestone (once per milestone per run)',
};

/**
 * Parses the admin's rules (the settings JSON as stored or as submitted). A rule that is missing
 * takes its default (so settings saved before a rule existed keep working); an unknown rule, a
 * missing `enabled`/`points`, non-integer points, a malformed or empty course list, or a course
 * list on a rule that has no course is a `GamificationError` naming the field.
 */
export function parseRules(input: unknown): PointRules {
  if (!isPlainObject(input)) {
    throw new GamificationError('invalid-rules', '', `point rules must be an object keyed by rule (${RULE_IDS.join(', ')}); got ${describeValue(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!(RULE_IDS as readonly string[]).includes(key)) {
      throw new GamificationError('unknown-rule', key, `is not a point rule; the rules are ${RULE_IDS.join(', ')}`);
    }
  }
  const rules = structuredClone(DEFAULT_POINT_RULES);
  for (const id of COURSE_RULE_IDS) {
    if (input[id] !== undefined) rules[id] = parseCourseRule(input[id], id);
  }
  if (input['daily-visit'] !== undefined) rules['daily-visit'] = parseDailyVisitRule(input['daily-visit']);
  if (input['streak-milestone'] !== undefined) rules['streak-milestone'] = parseStreakRule(input['streak-milestone']);
  return rules;
}

function ruleObject(value: unknown, field: string, allowed: readonly string[]): Record<string, unknown> {
  if (!isPlainObject(value)) throw new GamificationError('invalid-rules', field, `must be an object with ${allowed.join(', ')}; got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const code = key === 'courseIds' ? 'scope-not-applicable' : 'invalid-rules';
      const why = key === 'courseIds' ? 'this rule is not about a course, so it cannot be limited to courses' : `unknown setting; allowed: ${allowed.join(', ')}`;
      throw new GamificationError(code, `${field}.${key}`, why);
    }
  }
  return value;
}

function parseEnabled(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') throw new GamificationError('invalid-enabled', field, `must be true or false; got ${describeValue(value)}`);
  return value;
}

export function parseRulePoints(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_RULE_POINTS) {
    throw new GamificationError('invalid-points', field, `must be a whole number of points from 1 to ${MAX_RULE_POINTS}; got ${describeValue(value)} (switch the rule off instead of giving 0)`);
  }
  return value;
}

function parseCourseRule(value: unknown, id: CourseRuleId): CourseRule {
  const v = ruleObject(value, id, ['enabled', 'points', 'courseIds']);
  const enabled = parseEnabled(v.enabled, `${id}.enabled`);
  const points = parseRulePoints(v.points, `${id}.points`);
  const courseIds = parseCourseIds(v.courseIds, `${id}.courseIds`);
  if (enabled && courseIds !== null && courseIds.length === 0) {
    throw new GamificationError('empty-scope', `${id}.courseIds`, 'lists no course; use null for every course, or switch the rule off');
  }
  return { enabled, points, courseIds };
}

function parseCourseIds(value: unknown, field: string): string[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) throw new GamificationError('invalid-course-ids', field, `must be null (every course) or a list of course documentIds; got ${describeValue(value)}`);
  if (value.length > MAX_SCOPED_COURSES) throw new GamificationError('invalid-course-ids', field, `lists ${value.length} courses; at most ${MAX_SCOPED_COURSES}`);
  const seen = new Set<string>();
  value.forEach((id, i) => {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) {
      throw new GamificationError('invalid-course-ids', `${field}[${i}]`, `must be a course documentId (1–64 letters, digits, _ or -); got ${describeValue(id)}`);
    }
    seen.add(id);
  });
  // Duplicates are harmless; keep the list canonical so equal settings compare equal.
  return [...seen].sort();
}

function parseDailyVisitRule(value: unknown): DailyVisitRule {
  const v = ruleObject(value, 'daily-visit', ['enabled', 'points']);
  return { enabled: parseEnabled(v.enabled, 'daily-visit.enabled'), points: parseRulePoints(v.points, 'daily-visit.points') };
}

function parseStreakRule(value: unknown): StreakMilestoneRule {
  const v = ruleObject(value, 'streak-milestone', ['enabled', 'milestones']);
  const enabled = parseEnabled(v.enabled, 'streak-milestone.enabled');
  const list = v.milestones;
  if (!Array.isArray(list) || list.length > MAX_MILESTONES || (enabled && list.length === 0)) {
    throw new GamificationError(
      'invalid-milestones',
      'streak-milestone.milestones',
      `must be a list of 1 to ${MAX_MILESTONES} { days, points }; got ${Array.isArray(list) ? `${list.length} entries` : describeValue(list)}`,
    );
  }
  const byDays = new Map<number, StreakMilestone>();
  list.forEach((m, i) => {
    const field = `streak-milestone.milestones[${i}]`;
    if (!isPlainObject(m)) throw new GamificationError('invalid-milestones', field, `must be { days, points }; got ${describeValue(m)}`);
    const days = m.days;
    if (typeof days !== 'number' || !Number.isInteger(days) || days < 2 || days > MAX_MILESTONE_DAYS) {
      throw new GamificationError('invalid-milestones', `${field}.days`, `must be a whole number of days from 2 to ${MAX_MILESTONE_DAYS}; got ${describeValue(days)}`);
    }
    if (byDays.has(days)) throw new GamificationError('duplicate-milestone', `${field}.days`, `a ${days}-day milestone is already listed`);
    byDays.set(days, { days, points: parseRulePoints(m.points, `${field}.points`) });
  });
  return { enabled, milestones: [...byDays.values()].sort((a, b) => a.days - b.days) };
}

/** Whether a course rule applies to a course. */
export function ruleAppliesTo(rule: CourseRule, courseId: string): boolean {
  return rule.enabled && (rule.courseIds === null || rule.courseIds.includes(courseId));
}

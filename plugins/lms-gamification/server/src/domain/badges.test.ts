import { describe, expect, it } from 'vitest';
import { type Fact } from './awards';
import { DEFAULT_BADGES, type AchievementSummary, adjustAchievements, badgeProgress, evaluateBadges, newlyEarned, parseBadges, summariseAchievements } from './badges';
import { gamificationErrorOf as errorOf } from '../testing/errors';


const fact = (kind: Fact['kind'], subject: string, courseId: string): Fact => ({ learnerId: 1, kind, subject, courseId, occurredAt: '2026-03-01T00:00:00.000Z' });

const badges = parseBadges([
  { id: 'first-lesson', name: 'First steps', criterion: { kind: 'first-lesson' } },
  { id: 'first-git-lesson', name: 'Hello Git', criterion: { kind: 'first-lesson', courseId: 'git' } },
  { id: 'courses-2', name: 'Two down', criterion: { kind: 'courses-completed', count: 2 } },
  { id: 'perfect', name: 'Flawless', criterion: { kind: 'perfect-quiz' } },
  { id: 'perfect-3-ts', name: 'TS ace', criterion: { kind: 'perfect-quiz', count: 3, courseId: 'ts' } },
  { id: 'streak-7', name: 'Week', criterion: { kind: 'streak', days: 7 } },
  { id: 'streak-30', name: 'Month', criterion: { kind: 'streak', days: 30 } },
  { id: 'points-500', name: '500', criterion: { kind: 'points', threshold: 500 } },
  { id: 'git-done', name: 'Git graduate', description: 'Finished the Git course', criterion: { kind: 'course-completed', courseId: 'git' } },
]);

describe('parseBadges', () => {
  it('fills defaults (description, count 1, courseId null)', () => {
    expect(badges[0]).toEqual({ id: 'first-lesson', name: 'First steps', description: '', criterion: { kind: 'first-lesson', courseId: null } });
    expect(badges[3]?.criterion).toEqual({ kind: 'perfect-quiz', count: 1, courseId: null });
    expect(parseBadges(DEFAULT_BADGES)).toEqual(DEFAULT_BADGES);
  });

  it.each([
    [{}, 'invalid-badges', 'badges'],
    [[{ id: 'Bad id', name: 'x', criterion: { kind: 'points', threshold: 1 } }], 'invalid-badge-id', 'badges[0].id'],
    [[{ id: 'a', name: 'x', criterion: { kind: 'points', threshold: 1 } }, { id: 'a', name: 'y', criterion: { kind: 'points', threshold: 2 } }], 'duplicate-badge-id', 'badges[1].id'],
    [[{ id: 'a', name: '', criterion: { kind: 'points', threshold: 1 } }], 'invalid-badge-name', 'badges[0].name'],
    [[{ id: 'a', name: 'x', criterion: { kind: 'karma' } }], 'invalid-criterion', 'badges[0].criterion.kind'],
    [[{ id: 'a', name: 'x', criterion: { kind: 'streak', days: 1 } }], 'invalid-criterion', 'badges[0].criterion.days'],
    [[{ id: 'a', name: 'x', criterion: { kind: 'courses-completed', count: 0 } }], 'invalid-criterion', 'badges[0].criterion.count'],
    [[{ id: 'a', name: 'x', criterion: { kind: 'points', threshold: 0 } }], 'invalid-criterion', 'badges[0].criterion.threshold'],
    [[{ id: 'a', name: 'x', criterion: { kind: 'course-completed' } }], 'invalid-criterion', 'badges[0].criterion.courseId'],
    [[{ id: 'a', name: 'x', criterion: { kind: 'first-lesson', courseId: 7 } }], 'invalid-criterion', 'badges[0].criterion.courseId'],
  ])('rejects %j with %s at %s', (input, code, field) => {
    expect(errorOf(() => parseBadges(input))).toMatchObject({ code, field });
  });
});

describe('summariseAchievements', () => {
  it('counts distinct facts per kind and course', () => {
    const s = summariseAchievements({
      facts: [
        fact('lesson-completed', 'lesson:l1', 'git'),
        fact('lesson-completed', 'lesson:l1', 'git'), // replayed
        fact('lesson-completed', 'lesson:l2', 'ts'),
        fact('quiz-perfect', 'quiz:q1', 'ts'),
        fact('quiz-passed', 'quiz:q1', 'ts'),
        fact('course-completed', 'course:ts', 'ts'),
        fact('course-completed', 'course:ts', 'ts'),
      ],
      points: 120,
      longestStreak: 4,
    });
    expect(s).toEqual({
      points: 120,
      longestStreak: 4,
      lessonsCompleted: 2,
      perfectQuizzes: 1,
      coursesCompleted: ['ts'],
      byCourse: { git: { lessonsCompleted: 1, perfectQuizzes: 0 }, ts: { lessonsCompleted: 1, perfectQuizzes: 1 } },
    });
  });
});

describe('adjustAchievements', () => {
  const base = [fact('lesson-completed', 'lesson:l1', 'git'), fact('course-completed', 'course:git', 'git')];
  const more = [fact('lesson-completed', 'lesson:l2', 'ts'), fact('quiz-perfect', 'quiz:q1', 'ts'), fact('quiz-passed', 'quiz:q1', 'ts'), fact('course-completed', 'course:ts', 'ts')];

  it('adding stored facts gives the summary of all of them; taking them out gives the first one back', () => {
    const before = summariseAchievements({ facts: base, points: 30, longestStreak: 2 });
    const after = summariseAchievements({ facts: [...base, ...more], points: 75, longestStreak: 2 });
    const added = adjustAchievements(before, { facts: more, points: 45 }, 1);
    expect(added).toEqual({ ...after, byCourse: { ...after.byCourse } });
    const removed = adjustAchievements(after, { facts: more, points: 45 }, -1);
    // A course whose counts went back to zero may stay listed with zeros: badges read 0 either way.
    expect({ ...removed, byCourse: { git: removed.byCourse.git } }).toEqual(before);
    expect(removed.byCourse.ts).toEqual({ lessonsCompleted: 0, perfectQuizzes: 0 });
    expect(evaluateBadges(removed, badges)).toEqual(evaluateBadges(before, badges));
  });

  it('leaves its input untouched', () => {
    const before = summariseAchievements({ facts: base, points: 30, longestStreak: 2 });
    const copy = structuredClone(before);
    adjustAchievements(before, { facts: more, points: 45 }, 1);
    expect(before).toEqual(copy);
  });
});

describe('evaluateBadges', () => {
  const empty: AchievementSummary = { points: 0, longestStreak: 0, lessonsCompleted: 0, perfectQuizzes: 0, coursesCompleted: [], byCourse: {} };

  it('earns nothing from nothing', () => {
    expect(evaluateBadges(empty, badges)).toEqual([]);
  });

  it('earns each criterion at its threshold and not below', () => {
    const ids = (s: AchievementSummary) => evaluateBadges(s, badges).map((b) => b.id);
    expect(ids({ ...empty, lessonsCompleted: 1, byCourse: { ts: { lessonsCompleted: 1, perfectQuizzes: 0 } } })).toEqual(['first-lesson']);
    expect(ids({ ...empty, lessonsCompleted: 1, byCourse: { git: { lessonsCompleted: 1, perfectQuizzes: 0 } } })).toEqual(['first-lesson', 'first-git-lesson']);
    expect(ids({ ...empty, coursesCompleted: ['ts'] })).toEqual([]);
    expect(ids({ ...empty, coursesCompleted: ['git', 'ts'] })).toEqual(['courses-2', 'git-done']);
    expect(ids({ ...empty, perfectQuizzes: 3, byCourse: { ts: { lessonsCompleted: 0, perfectQuizzes: 2 } } })).toEqual(['perfect']);
    expect(ids({ ...empty, perfectQuizzes: 3, byCourse: { ts: { lessonsCompleted: 0, perfectQuizzes: 3 } } })).toEqual(['perfect', 'perfect-3-ts']);
    expect(ids({ ...empty, longestStreak: 6 })).toEqual([]);
    expect(ids({ ...empty, longestStreak: 7 })).toEqual(['streak-7']);
    expect(ids({ ...empty, longestStreak: 30 })).toEqual(['streak-7', 'streak-30']);
    expect(ids({ ...empty, points: 499 })).toEqual([]);
    expect(ids({ ...empty, points: 500 })).toEqual(['points-500']);
  });

  it('reports progress for the dashboard, capped at the target', () => {
    const s = { ...empty, coursesCompleted: ['a'], longestStreak: 45 };
    expect(badgeProgress(s, badges[2] as (typeof badges)[number])).toEqual({ badgeId: 'courses-2', earned: false, current: 1, target: 2 });
    expect(badgeProgress(s, badges[6] as (typeof badges)[number])).toEqual({ badgeId: 'streak-30', earned: true, current: 30, target: 30 });
  });

  it('newlyEarned leaves out what was already earned', () => {
    const earned = evaluateBadges({ ...empty, longestStreak: 30, points: 600 }, badges);
    expect(newlyEarned(earned, ['streak-7']).map((b) => b.id)).toEqual(['streak-30', 'points-500']);
    expect(newlyEarned(earned, earned.map((b) => b.id))).toEqual([]);
  });
});

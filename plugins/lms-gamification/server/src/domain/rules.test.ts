import { describe, expect, it } from 'vitest';
import { gamificationErrorOf as errorOf } from '../testing/errors';
import { DEFAULT_POINT_RULES, RULE_DESCRIPTIONS, RULE_IDS, parseRules, ruleAppliesTo } from './rules';


describe('parseRules', () => {
  it('takes defaults for rules that are not given (settings saved before a rule existed)', () => {
    expect(parseRules({})).toEqual(DEFAULT_POINT_RULES);
    const rules = parseRules({ 'quiz-passed': { enabled: false, points: 20 } });
    expect(rules['quiz-passed']).toEqual({ enabled: false, points: 20, courseIds: null });
    expect(rules['lesson-completed']).toEqual(DEFAULT_POINT_RULES['lesson-completed']);
  });

  it('parses every rule, canonicalising course lists and sorting milestones', () => {
    const rules = parseRules({
      'lesson-completed': { enabled: true, points: 5, courseIds: ['zeta', 'alpha', 'zeta'] },
      'quiz-passed': { enabled: true, points: 15, courseIds: null },
      'quiz-perfect': { enabled: true, points: 7 },
      'assignment-passed': { enabled: false, points: 25, courseIds: [] },
      'course-completed': { enabled: true, points: 250 },
      'daily-visit': { enabled: true, points: 1 },
      'streak-milestone': { enabled: true, milestones: [{ days: 30, points: 300 }, { days: 7, points: 70 }, { days: 100, points: 1000 }] },
    });
    expect(rules['lesson-completed'].courseIds).toEqual(['alpha', 'zeta']);
    expect(rules['quiz-perfect']).toEqual({ enabled: true, points: 7, courseIds: null });
    expect(rules['assignment-passed']).toEqual({ enabled: false, points: 25, courseIds: [] }); // off: an empty list is allowed
    expect(rules['streak-milestone'].milestones.map((m) => m.days)).toEqual([7, 30, 100]);
  });

  it('does not share state with the defaults', () => {
    const rules = parseRules({});
    rules['streak-milestone'].milestones.push({ days: 365, points: 1 });
    expect(DEFAULT_POINT_RULES['streak-milestone'].milestones).toHaveLength(2);
  });

  it.each([
    [null, 'invalid-rules', ''],
    [[], 'invalid-rules', ''],
    [{ 'lesson-complete': { enabled: true, points: 1 } }, 'unknown-rule', 'lesson-complete'],
    [{ 'quiz-passed': 'yes' }, 'invalid-rules', 'quiz-passed'],
    [{ 'quiz-passed': { enabled: 'yes', points: 1 } }, 'invalid-enabled', 'quiz-passed.enabled'],
    [{ 'quiz-passed': { enabled: true } }, 'invalid-points', 'quiz-passed.points'],
    [{ 'quiz-passed': { enabled: true, points: 0 } }, 'invalid-points', 'quiz-passed.points'],
    [{ 'quiz-passed': { enabled: true, points: 2.5 } }, 'invalid-points', 'quiz-passed.points'],
    [{ 'quiz-passed': { enabled: true, points: 1_000_001 } }, 'invalid-points', 'quiz-passed.points'],
    [{ 'quiz-passed': { enabled: true, points: 1, bonus: 2 } }, 'invalid-rules', 'quiz-passed.bonus'],
    [{ 'quiz-passed': { enabled: true, points: 1, courseIds: 'c1' } }, 'invalid-course-ids', 'quiz-passed.courseIds'],
    [{ 'quiz-passed': { enabled: true, points: 1, courseIds: ['ok', 'not ok'] } }, 'invalid-course-ids', 'quiz-passed.courseIds[1]'],
    [{ 'quiz-passed': { enabled: true, points: 1, courseIds: [] } }, 'empty-scope', 'quiz-passed.courseIds'],
    [{ 'daily-visit': { enabled: true, points: 1, courseIds: ['c1'] } }, 'scope-not-applicable', 'daily-visit.courseIds'],
    [{ 'streak-milestone': { enabled: true, milestones: [] } }, 'invalid-milestones', 'streak-milestone.milestones'],
    [{ 'streak-milestone': { enabled: true, milestones: [{ days: 1, points: 5 }] } }, 'invalid-milestones', 'streak-milestone.milestones[0].days'],
    [{ 'streak-milestone': { enabled: true, milestones: [{ days: 7, points: 5 }, { days: 7, points: 9 }] } }, 'duplicate-milestone', 'streak-milestone.milestones[1].days'],
    [{ 'streak-milestone': { enabled: true, milestones: [{ days: 7, points: -5 }] } }, 'invalid-points', 'streak-milestone.milestones[0].points'],
  ])('rejects %j with %s at %s', (input, code, field) => {
    expect(errorOf(() => parseRules(input))).toMatchObject({ code, field });
  });

  it('says what to do in its messages', () => {
    expect(errorOf(() => parseRules({ 'quiz-passed': { enabled: true, points: 0 } })).message).toBe(
      'quiz-passed.points: must be a whole number of points from 1 to 1000000; got 0 (switch the rule off instead of giving 0)',
    );
    expect(errorOf(() => parseRules({ 'quiz-passed': { enabled: true, points: 1, courseIds: [] } })).message).toContain('use null for every course');
  });

  it('describes every rule for the admin panel', () => {
    expect(Object.keys(RULE_DESCRIPTIONS).sort()).toEqual([...RULE_IDS].sort());
  });
});

describe('ruleAppliesTo', () => {
  it('honours the switch and the course scope', () => {
    expect(ruleAppliesTo({ enabled: true, points: 1, courseIds: null }, 'any')).toBe(true);
    expect(ruleAppliesTo({ enabled: true, points: 1, courseIds: ['a'] }, 'a')).toBe(true);
    expect(ruleAppliesTo({ enabled: true, points: 1, courseIds: ['a'] }, 'b')).toBe(false);
    expect(ruleAppliesTo({ enabled: false, points: 1, courseIds: null }, 'a')).toBe(false);
  });
});

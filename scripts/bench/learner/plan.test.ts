import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/work';
import { creationWaves, dripOf, planCourses, pricingOf } from './plan-courses';
import { lessonsCompleted, planEnrollments, weightedSample } from './plan-learners';
import { baselineOf, createLearnerPlanner, pickRoute, planWebhookDeliveries, routeOf, type Mix } from './plan-load';

const shape = { courses: 20, sectionsPerCourse: 4, lessonsPerSection: 5 };

describe('planCourses', () => {
  const plans = planCourses(shape);

  it('plans the asked shape with unique slugs and one free preview per course', () => {
    expect(plans).toHaveLength(20);
    expect(new Set(plans.map((p) => p.slug)).size).toBe(20);
    for (const p of plans) {
      expect(p.sections).toHaveLength(4);
      expect(p.sections.every((s) => s.lessons.length === 5)).toBe(true);
      expect(p.sections.flatMap((s) => s.lessons).filter((l) => l.freePreview)).toHaveLength(1);
    }
  });

  it('mixes pricing 2 free : 2 sold : 1 subscription, paid ones with a currency', () => {
    const models = plans.map((p) => p.pricingModel);
    expect(models.filter((m) => m === 'free')).toHaveLength(8);
    expect(models.filter((m) => m === 'one_time')).toHaveLength(8);
    expect(models.filter((m) => m === 'subscription')).toHaveLength(4);
    expect(pricingOf(0)).toEqual({ pricingModel: 'free', priceAmount: 0, currency: null });
    expect(plans.filter((p) => p.pricingModel !== 'free').every((p) => p.priceAmount > 0 && p.currency)).toBe(true);
  });

  it('drips some sections, after days or on a past or future date', () => {
    expect(dripOf(1, 1, 4)).toEqual({ type: 'none' });
    expect(dripOf(1, 2, 4)).toEqual({ type: 'after_days', days: 7 });
    expect(dripOf(1, 3, 4)).toEqual({ type: 'after_days', days: 14 });
    expect(dripOf(2, 3, 4)).toEqual({ type: 'on_date', daysFromNow: -30 });
    expect(dripOf(3, 3, 4)).toEqual({ type: 'on_date', daysFromNow: 30 });
    expect(dripOf(4, 3, 4)).toEqual({ type: 'none' });
  });

  it('points prerequisites only at earlier lessons and at courses of an earlier creation wave', () => {
    const withLessonPrerequisites = plans.filter((p) => p.sections.some((s) => s.lessons.some((l) => l.prerequisites.length)));
    expect(withLessonPrerequisites.length).toBeGreaterThan(0);
    expect(plans.some((p) => p.prerequisites.length)).toBe(true);
    for (const p of plans) {
      p.sections.forEach((s, si) =>
        s.lessons.forEach((l) => {
          for (const pre of l.prerequisites) {
            if (pre.course === p.index) expect(pre.section).toBeLessThan(si);
            else expect(plans[pre.course]).toBeDefined();
          }
        }),
      );
    }
    const waves = creationWaves(plans);
    const waveOf = new Map(waves.flatMap((w, i) => w.map((p) => [p.index, i] as const)));
    expect(waves.flat()).toHaveLength(20);
    for (const p of plans) {
      const deps = [...p.prerequisites, ...p.sections.flatMap((s) => s.lessons.flatMap((l) => l.prerequisites.map((x) => x.course)))].filter((c) => c !== p.index);
      for (const d of deps) expect(waveOf.get(d)).toBeLessThan(waveOf.get(p.index) as number);
    }
  });

  it('refuses a cycle of course prerequisites', () => {
    const [a, b] = planCourses({ courses: 2, sectionsPerCourse: 1, lessonsPerSection: 1 }) as [ReturnType<typeof planCourses>[number], ReturnType<typeof planCourses>[number]];
    expect(() => creationWaves([{ ...a, prerequisites: [1] }, { ...b, prerequisites: [0] }])).toThrow(/depends on itself/);
  });
});

describe('planEnrollments', () => {
  it('enrolls each learner in 1–6 distinct courses, free ones most often, with varied progress', () => {
    const courses = planCourses(shape);
    const plans = planEnrollments(1000, courses, 20, seededRandom(31));
    expect(plans).toHaveLength(1000);
    const counts = plans.map((p) => p.length);
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(6);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    expect(mean).toBeGreaterThan(3);
    expect(mean).toBeLessThan(4.2);
    for (const p of plans) expect(new Set(p.map((e) => e.course)).size).toBe(p.length);
    const per = (model: string) => plans.flat().filter((e) => courses[e.course]?.pricingModel === model).length / courses.filter((c) => c.pricingModel === model).length;
    expect(per('free')).toBeGreaterThan(per('one_time'));
    expect(per('one_time')).toBeGreaterThan(per('subscription'));
    const done = plans.flat().map((e) => e.lessonsToComplete);
    expect(done.filter((n) => n === 0).length / done.length).toBeCloseTo(0.25, 1);
    expect(done.filter((n) => n === 20).length / done.length).toBeCloseTo(0.12, 1);
    expect(done.every((n) => n >= 0 && n <= 20)).toBe(true);
  });

  it('never asks for more lessons than a course has', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 500; i++) expect(lessonsCompleted(3, random)).toBeLessThanOrEqual(3);
  });

  it('samples without replacement, at most as many as there are', () => {
    expect(weightedSample([1, 1, 1], 5, seededRandom(1)).sort()).toEqual([0, 1, 2]);
    expect(weightedSample([0, 1], 1, seededRandom(1))).toEqual([1]);
  });
});

describe('learner request plan', () => {
  const learners = [
    { token: 'a', enrollments: [{ id: 1, courseDocumentId: 'c1' }] },
    { token: 'b', enrollments: [{ id: 2, courseDocumentId: 'c2' }, { id: 3, courseDocumentId: 'c3' }] },
  ];
  const mix: Mix = { outline: 0.5, 'my-enrollments': 0.2, 'enrollment-progress': 0.2, 'complete-lesson': 0.1 };

  it('picks routes by weight', () => {
    expect(pickRoute(mix, 0)).toBe('outline');
    expect(pickRoute(mix, 0.55)).toBe('my-enrollments');
    expect(pickRoute(mix, 0.85)).toBe('enrollment-progress');
    expect(pickRoute(mix, 0.95)).toBe('complete-lesson');
    expect(pickRoute(mix, 0.999999)).toBe('complete-lesson');
  });

  it('sends each learner’s own token and paths, and completes each lesson once', () => {
    const completable = [
      { learner: 0, lessonDocumentId: 'l1' },
      { learner: 1, lessonDocumentId: 'l2' },
    ];
    const planner = createLearnerPlanner(learners, completable, mix, 5);
    const plan = [...planner.plan(Array.from({ length: 200 }, (_, i) => i * 60)), ...planner.plan([0, 60, 120])];
    expect(plan.map((r) => r.atMs).slice(0, 3)).toEqual([0, 60, 120]);
    const writes = plan.filter((r) => r.tag === 'complete-lesson');
    expect(writes.map((w) => w.path).sort()).toEqual(['/api/lms-enrollment/lessons/l1/complete', '/api/lms-enrollment/lessons/l2/complete']);
    expect(writes.find((w) => w.path.includes('/l1/'))?.headers.authorization).toBe('Bearer a');
    expect(planner.completableLeft()).toBe(0);
    for (const r of plan.filter((x) => x.tag === 'outline' || x.tag === 'enrollment-progress')) {
      const own = r.headers.authorization === 'Bearer a' ? learners[0] : learners[1];
      const ok = own?.enrollments.some((e) => r.path.includes(`/courses/${e.courseDocumentId}/`) || r.path.includes(`/enrollments/${e.id}/`));
      expect(ok, r.path).toBe(true);
    }
    const tags = new Set(plan.map((r) => r.tag));
    expect(tags).toEqual(new Set(['outline', 'my-enrollments', 'enrollment-progress', 'complete-lesson']));
  });

  it('makes the baseline the same senders at the same times on GET /api/users/me', () => {
    const plan = createLearnerPlanner(learners, [], mix, 9).plan([0, 60, 120]);
    const base = baselineOf(plan);
    expect(base.map((r) => [r.atMs, r.method, r.path, r.headers.authorization])).toEqual(plan.map((r) => [r.atMs, 'GET', '/api/users/me', r.headers.authorization]));
  });

  it('classifies requests by route for the SQL count', () => {
    expect(routeOf('GET', '/api/lms-enrollment/courses/abc/outline')).toBe('outline');
    expect(routeOf('GET', '/api/lms-enrollment/me/enrollments?x=1')).toBe('my-enrollments');
    expect(routeOf('GET', '/api/lms-enrollment/enrollments/12/progress')).toBe('enrollment-progress');
    expect(routeOf('POST', '/api/lms-enrollment/lessons/abc/complete')).toBe('complete-lesson');
    expect(routeOf('POST', '/api/lms-enrollment/stripe/webhook')).toBe('webhook');
    expect(routeOf('GET', '/api/users/me')).toBe('users-me');
    expect(routeOf('GET', '/api/lms-enrollment/lessons/abc')).toBeUndefined();
    expect(routeOf('GET', '/admin')).toBeUndefined();
  });
});

describe('planWebhookDeliveries', () => {
  it('repeats about the asked share of deliveries, each event at most three times and never before its first delivery', () => {
    const offsets = Array.from({ length: 2000 }, (_, i) => i * 50);
    const deliveries = planWebhookDeliveries(offsets, 0.25, seededRandom(17));
    expect(deliveries).toHaveLength(2000);
    const repeats = deliveries.filter((d) => d.copy > 1).length;
    expect(repeats / deliveries.length).toBeGreaterThan(0.2);
    expect(repeats / deliveries.length).toBeLessThan(0.3);
    const seen = new Map<number, number>();
    for (const d of deliveries) {
      const copies = (seen.get(d.event) ?? 0) + 1;
      expect(d.copy).toBe(copies);
      expect(copies).toBeLessThanOrEqual(3);
      seen.set(d.event, copies);
    }
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: seen.size }, (_, i) => i));
    expect([...seen.values()].some((n) => n === 3)).toBe(true);
  });

  it('sends every event once when no repeats are asked', () => {
    const deliveries = planWebhookDeliveries([0, 50, 100], 0, seededRandom(1));
    expect(deliveries.map((d) => [d.event, d.copy])).toEqual([
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });
});

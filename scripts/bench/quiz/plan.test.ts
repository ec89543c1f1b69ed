import { describe, expect, it } from 'vitest';
import { seededRandom } from '../lib/work';
import { busiestWindow, planSessions, rateBetween, rateModel } from './plan';

describe('rateModel', () => {
  it('puts 500 learners at 30–90 s think time at about 9.1 req/s, 8.3 of them autosaves', () => {
    const real = rateModel(500, 20, 1);
    expect(real.requestsPerLearner).toBe(22);
    expect(real.meanSessionSeconds).toBe(1206);
    expect(real.steadyPerSecond).toBeCloseTo(9.12, 2);
    expect(real.savesPerSecond).toBeCloseTo(8.29, 2);
  });

  it('multiplies the rate by the time scale and divides the session by it', () => {
    const real = rateModel(500, 20, 1);
    const scaled = rateModel(500, 20, 4);
    expect(scaled.steadyPerSecond).toBeCloseTo(real.steadyPerSecond * 4, 6);
    expect(scaled.meanSessionSeconds).toBeCloseTo(real.meanSessionSeconds / 4, 6);
  });
});

describe('planSessions', () => {
  it('gives each learner 20 think times within 30–90 s divided by the scale, and spreads the starts over the ramp, scaled too', () => {
    const plans = planSessions({ learners: 500, questions: 20, timeScale: 4, random: seededRandom(1) });
    expect(plans).toHaveLength(500);
    const thinks = plans.flatMap((p) => p.thinkMs);
    expect(thinks).toHaveLength(10_000);
    expect(Math.min(...thinks)).toBeGreaterThanOrEqual(7_500);
    expect(Math.max(...thinks)).toBeLessThanOrEqual(22_500);
    const meanThink = thinks.reduce((a, b) => a + b, 0) / thinks.length;
    expect(meanThink).toBeGreaterThan(14_500);
    expect(meanThink).toBeLessThan(15_500);
    expect(plans[0]?.startMs).toBe(0);
    expect(plans.at(-1)?.startMs).toBeLessThan(60_000);
    expect(plans.at(-1)?.startMs).toBeGreaterThan(59_000);
    expect(plans.every((p) => p.reviewMs >= 500 && p.reviewMs <= 2_500)).toBe(true);
  });

  it('refuses a time scale below 1: it would apply less than the real-world rate', () => {
    expect(() => planSessions({ learners: 1, questions: 1, timeScale: 0.5, random: seededRandom(1) })).toThrow(/at least 1/);
  });

  it('is the same plan for the same seed', () => {
    const a = planSessions({ learners: 3, questions: 2, timeScale: 2, random: seededRandom(9) });
    const b = planSessions({ learners: 3, questions: 2, timeScale: 2, random: seededRandom(9) });
    expect(a).toEqual(b);
  });
});

describe('busiestWindow and rateBetween', () => {
  it('finds the densest stretch', () => {
    expect(busiestWindow([0, 100, 5000, 5100, 5200, 5300, 9000], 1000)).toEqual({ startAt: 5000, count: 4 });
    expect(busiestWindow([], 1000)).toEqual({ startAt: 0, count: 0 });
  });

  it('counts requests per second between two instants', () => {
    expect(rateBetween([0, 500, 1000, 1500, 2000], 0, 2000)).toBe(2.5);
    expect(rateBetween([1], 5, 5)).toBeNaN();
  });
});

import { describe, expect, it } from 'vitest';
import { applyResult, formatBp, readStatement, resultCompletesLesson, VERBS, xapiRequestSchema } from './xapi';

const answered = (score: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  verb: { id: VERBS.answered, display: { 'en-US': 'answered' } },
  object: { id: 'http://localhost:4321/learn/x/y?subContentId=1', objectType: 'Activity' },
  result: { score, completion: true, success: true },
  ...extra,
});

describe('xapiRequestSchema', () => {
  it('accepts a statement as H5P sends it', () => {
    const parsed = xapiRequestSchema.safeParse({ lesson: 'abc123', block: 7, statement: answered({ min: 0, max: 1, raw: 1, scaled: 1 }) });
    expect(parsed.success).toBe(true);
  });
  it('names the field at fault', () => {
    const bad = xapiRequestSchema.safeParse({ lesson: 'abc123', block: 7, statement: answered({ scaled: 3 }) });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0]?.path.join('.')).toBe('statement.result.score.scaled');
    const noVerb = xapiRequestSchema.safeParse({ lesson: 'abc123', block: 7, statement: { result: {} } });
    expect(noVerb.success).toBe(false);
    if (!noVerb.success) expect(noVerb.error.issues[0]?.path.join('.')).toBe('statement.verb');
    expect(xapiRequestSchema.safeParse({ lesson: '../x', block: 7, statement: answered({}) }).success).toBe(false);
    expect(xapiRequestSchema.safeParse({ lesson: 'abc', block: 1.5, statement: answered({}) }).success).toBe(false);
    expect(xapiRequestSchema.safeParse({ lesson: 'abc', block: 1, statement: answered({}), extra: 1 }).success).toBe(false);
  });
});

describe('readStatement', () => {
  it('reads scaled scores into basis points', () => {
    expect(readStatement(answered({ scaled: 0.6667 }))).toMatchObject({ kind: 'result', verb: 'answered', scoreBp: 6667, success: true });
    expect(readStatement({ verb: { id: VERBS.completed }, result: { score: { scaled: 1 } } })).toMatchObject({ kind: 'result', verb: 'completed', scoreBp: 10_000, success: null });
  });
  it('falls back to raw / max and clamps negative scores to 0', () => {
    expect(readStatement(answered({ raw: 3, max: 4 }))).toMatchObject({ scoreBp: 7500, raw: 3, max: 4 });
    expect(readStatement(answered({ scaled: -0.5 }))).toMatchObject({ scoreBp: 0 });
  });
  it('ignores other verbs, sub-questions and statements without a score', () => {
    expect(readStatement({ verb: { id: 'http://adlnet.gov/expapi/verbs/interacted' } })).toMatchObject({ kind: 'ignored' });
    expect(readStatement(answered({ scaled: 1 }, { context: { contextActivities: { parent: [{ id: 'x' }] } } }))).toMatchObject({ kind: 'ignored', reason: /parent/ });
    expect(readStatement({ verb: { id: VERBS.completed }, result: { completion: true } })).toMatchObject({ kind: 'ignored', reason: /without result\.score/ });
  });
});

describe('applyResult', () => {
  it('keeps the best score and the latest beside it', () => {
    const first = applyResult(null, { kind: 'result', verb: 'answered', scoreBp: 8000, raw: 4, max: 5, success: true });
    const second = applyResult(first, { kind: 'result', verb: 'answered', scoreBp: 2000, raw: 1, max: 5, success: false });
    expect(second).toEqual({ attempts: 2, latestBp: 2000, bestBp: 8000, latestRaw: 1, latestMax: 5, passed: true });
  });
});

describe('resultCompletesLesson', () => {
  it('completes the lesson when the graded H5P block is its only requirement', () => {
    expect(resultCompletesLesson([{ id: 1, kind: 'rich-text' }, { id: 2, kind: 'h5p', graded: true }], 2)).toBe(true);
    expect(resultCompletesLesson([{ id: 2, kind: 'h5p', graded: true }, { id: 3, kind: 'video', completionThreshold: 90 }], 2)).toBe(false);
    expect(resultCompletesLesson([{ id: 2, kind: 'h5p', graded: true }, { id: 3, kind: 'quiz', countsTowardCompletion: false }], 2)).toBe(true);
    expect(resultCompletesLesson([{ id: 2, kind: 'h5p', graded: false }], 2)).toBe(false);
  });
});

describe('formatBp', () => {
  it('prints basis points as a percentage', () => {
    expect(formatBp(10_000)).toBe('100%');
    expect(formatBp(6667)).toBe('66.67%');
    expect(formatBp(5050)).toBe('50.5%');
  });
});

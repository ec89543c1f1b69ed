import { describe, expect, it } from 'vitest';
import { decideSubmission, gradingBlocked, isLate, MAX_ATTEMPTS } from './submission-rules';

describe('decideSubmission', () => {
  it('allows the first attempt', () => {
    expect(decideSubmission(null, false)).toEqual({ ok: true, attempt: 1 });
  });

  it('allows another attempt after a return, whatever the setting', () => {
    expect(decideSubmission({ attempt: 1, status: 'returned' }, false)).toEqual({ ok: true, attempt: 2 });
  });

  it('allows resubmission when the assignment allows it, even after grading', () => {
    expect(decideSubmission({ attempt: 2, status: 'submitted' }, true)).toEqual({ ok: true, attempt: 3 });
    expect(decideSubmission({ attempt: 1, status: 'graded' }, true)).toEqual({ ok: true, attempt: 2 });
  });

  it('refuses a second attempt otherwise, saying why', () => {
    expect(decideSubmission({ attempt: 1, status: 'submitted' }, false)).toMatchObject({ ok: false, code: 'already-submitted' });
    expect(decideSubmission({ attempt: 1, status: 'graded' }, false)).toMatchObject({ ok: false, code: 'already-graded' });
  });

  it('caps the number of attempts', () => {
    expect(decideSubmission({ attempt: MAX_ATTEMPTS - 1, status: 'returned' }, true)).toEqual({ ok: true, attempt: MAX_ATTEMPTS });
    expect(decideSubmission({ attempt: MAX_ATTEMPTS, status: 'returned' }, true)).toMatchObject({ ok: false, code: 'max-attempts-reached' });
  });
});

describe('isLate', () => {
  const due = new Date('2026-03-01T12:00:00Z');
  it('is late strictly after the due date, never without one', () => {
    expect(isLate(due, new Date('2026-03-01T12:00:00Z'))).toBe(false);
    expect(isLate(due, new Date('2026-03-01T12:00:00.001Z'))).toBe(true);
    expect(isLate(null, new Date('2099-01-01T00:00:00Z'))).toBe(false);
  });
});

describe('gradingBlocked', () => {
  it('lets the current submitted or graded attempt be graded or returned', () => {
    for (const status of ['submitted', 'graded'] as const) {
      expect(gradingBlocked('grade', { status, isCurrent: true, attempt: 1 })).toBeNull();
      expect(gradingBlocked('return', { status, isCurrent: true, attempt: 1 })).toBeNull();
    }
  });

  it('refuses older attempts and returned ones', () => {
    expect(gradingBlocked('grade', { status: 'submitted', isCurrent: false, attempt: 1 })).toContain('newer attempt');
    expect(gradingBlocked('grade', { status: 'returned', isCurrent: true, attempt: 1 })).toContain('returned');
    expect(gradingBlocked('return', { status: 'returned', isCurrent: true, attempt: 1 })).toContain('already been returned');
  });
});

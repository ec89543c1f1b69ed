import { describe, expect, expectTypeOf, it } from 'vitest';
import { money, type Money } from './money';
import { createEvent, EventError, parseEvent, type DomainEvent, type EventPayloads } from './events';

// A producer's own event type, added the way plugins add theirs (declaration merging).
declare module './events' {
  interface EventPayloads {
    'test.priced': { learnerId: number; amount: Money };
  }
}

const fixedNow = () => new Date('2026-03-01T10:00:00.000Z');
const fixedId = () => '2b1c0a7e-6f5d-4c3b-9a8e-7d6c5b4a3f21';

describe('createEvent', () => {
  it('fills in the envelope', () => {
    const event = createEvent(
      {
        type: 'course.completed',
        payload: { learnerId: 7, courseId: 'abc', enrollmentId: 3, completedAt: '2026-03-01T09:59:00.000Z' },
        actor: { type: 'user', id: 7 },
      },
      { now: fixedNow, uuid: fixedId },
    );
    expect(event).toEqual({
      id: fixedId(),
      type: 'course.completed',
      occurredAt: '2026-03-01T10:00:00.000Z',
      payload: { learnerId: 7, courseId: 'abc', enrollmentId: 3, completedAt: '2026-03-01T09:59:00.000Z' },
      actor: { type: 'user', id: 7 },
      version: 1,
    });
    expectTypeOf(event).toEqualTypeOf<DomainEvent<'course.completed'>>();
  });

  it('generates a random UUID and keeps money as integers', () => {
    const event = createEvent({
      type: 'test.priced',
      payload: { learnerId: 2, amount: money(1999, 'ZAR') },
    });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(event.payload.amount).toEqual({ amount: 1999, currency: 'ZAR' });
    expect(event.actor).toBeUndefined();
  });

  it('takes a given id and occurredAt (deterministic ids from webhooks)', () => {
    const event = createEvent({
      type: 'certificate.issued',
      id: fixedId().toUpperCase(),
      occurredAt: '2026-01-02T03:04:05Z',
      payload: { certificateId: 1, learnerId: 2, courseId: 'c', verificationCode: 'X', issuedAt: '2026-01-02T03:04:05Z' },
    });
    expect(event.id).toBe(fixedId());
    expect(event.occurredAt).toBe('2026-01-02T03:04:05.000Z');
  });

  it('rejects what consumers could not rely on, saying what to do', () => {
    const payload = { learnerId: 1, courseId: 'c', enrollmentId: 1, completedAt: 'x' };
    expect(() => createEvent({ type: 'Course Completed' as 'course.completed', payload })).toThrow(/use lower-case "area.fact" names/);
    expect(() => createEvent({ type: 'completed' as 'course.completed', payload })).toThrow(EventError);
    expect(() => createEvent({ type: 'course.completed', payload: [] as unknown as typeof payload })).toThrow(/must be a plain object; got an array/);
    expect(() => createEvent({ type: 'course.completed', payload: new Date() as unknown as typeof payload })).toThrow(/an instance of Date/);
    expect(() => createEvent({ type: 'course.completed', payload, id: 'abc' })).toThrow(/not a UUID/);
    expect(() => createEvent({ type: 'course.completed', payload, version: 0 })).toThrow(/positive integer/);
    expect(() => createEvent({ type: 'course.completed', payload, occurredAt: 'yesterday' })).toThrow(/not a valid date/);
    const huge = { ...payload, notes: 'x'.repeat(70_000) } as unknown as typeof payload;
    expect(() => createEvent({ type: 'course.completed', payload: huge })).toThrow(/events carry ids and facts/);
  });

  it('stores what JSON keeps (undefined fields are dropped)', () => {
    const event = createEvent({
      type: 'course.completed',
      payload: { learnerId: 1, courseId: 'c', enrollmentId: 1, completedAt: 'x', extra: undefined } as EventPayloads['course.completed'],
    });
    expect(Object.keys(event.payload)).not.toContain('extra');
  });
});

describe('parseEvent', () => {
  it('round-trips through JSON', () => {
    const event = createEvent({ type: 'quiz.graded', payload: { learnerId: 1, courseId: 'c', quizId: 'q', attemptId: 9, score: 8, maxScore: 10, passed: true, gradedAt: 'x' } });
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
  });

  it('rejects broken envelopes', () => {
    expect(() => parseEvent(null)).toThrow(/not an event envelope/);
    expect(() => parseEvent({ type: 'a.b', id: 'nope' })).toThrow(/no UUID id/);
    expect(() => parseEvent({ type: 'a.b', id: fixedId(), occurredAt: 'x', payload: {}, version: 1 })).toThrow(/occurredAt/);
    expect(() => parseEvent({ type: 'a.b', id: fixedId(), occurredAt: '2026-01-01T00:00:00Z', payload: 1, version: 1 })).toThrow(/payload/);
    expect(() => parseEvent({ type: 'a.b', id: fixedId(), occurredAt: '2026-01-01T00:00:00Z', payload: {}, version: 0 })).toThrow(/version/);
  });
});

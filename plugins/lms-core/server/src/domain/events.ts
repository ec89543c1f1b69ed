import { randomUUID } from 'node:crypto';

/**
 * Domain events: facts other plugins react to. One envelope for all of them, and one map from
 * event type to payload type that every plugin extends by declaration merging:
 *
 * ```ts
 * declare module '@lms/plugin-lms-core/server' {
 *   interface EventPayloads {
 *     'badge.awarded': { learnerId: number; badgeId: string };
 *   }
 * }
 * ```
 *
 * Conventions for payloads (keep them minimal: ids and the facts a consumer cannot re-derive):
 * - `learnerId` is the users-permissions user id (a number);
 * - authored content (course, lesson, quiz) is referred to by its Strapi `documentId` (a string);
 * - plugin-owned rows by their own primary key (a number) unless stated otherwise;
 * - instants are ISO 8601 strings in UTC; money is `Money` from ./money (integer minor units).
 * An incompatible payload change bumps the envelope `version`; consumers may branch on it.
 */
export interface EventPayloads {
  /** A learner finished a lesson (lms-enrollment). */
  'lesson.completed': {
    learnerId: number;
    courseId: string;
    lessonId: string;
    enrollmentId: number;
    completedAt: string;
  };
  /** An attempt at a quiz got its final score (lms-grading); manual grading emits it too. */
  'quiz.graded': {
    learnerId: number;
    courseId: string;
    quizId: string;
    attemptId: number;
    /** Points scored and available; the pass mark was applied by the grader. */
    score: number;
    maxScore: number;
    passed: boolean;
    gradedAt: string;
  };
  /** A learner met the course's completion rule (lms-grading). */
  'course.completed': {
    learnerId: number;
    courseId: string;
    enrollmentId: number;
    completedAt: string;
  };
  // `payment.succeeded` and `payment.refunded` are declared by their producer, lms-enrollment
  // (server/src/payments/events.ts): gross, tax and fee as Money, once per fact.
  /** A certificate exists and can be verified (lms-grading). */
  'certificate.issued': {
    certificateId: number;
    learnerId: number;
    courseId: string;
    verificationCode: string;
    issuedAt: string;
  };
}

export type EventType = keyof EventPayloads & string;

/** Who caused the event; absent for system-initiated facts (webhooks, schedules). */
export interface EventActor {
  type: 'user' | 'admin' | 'system' | 'lti' | 'webhook';
  id?: number | string;
}

/** The envelope written to the outbox and delivered to consumers. */
export interface DomainEvent<T extends EventType = EventType> {
  /** UUID; consumers are idempotent by it. */
  id: string;
  type: T;
  /** ISO 8601 UTC instant the fact happened (not when it was relayed). */
  occurredAt: string;
  payload: EventPayloads[T];
  actor?: EventActor;
  /** Payload schema version of this type; starts at 1. */
  version: number;
}

/** What a producer supplies; the rest of the envelope is filled in by {@link createEvent}. */
export interface EventInput<T extends EventType = EventType> {
  type: T;
  payload: EventPayloads[T];
  actor?: EventActor;
  version?: number;
  /** Supply to make the event id deterministic (e.g. derived from a webhook id); default: random UUID. */
  id?: string;
  occurredAt?: Date | string;
}

export class EventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventError';
  }
}

/** `area.fact`, lower case, dot-separated: "lesson.completed", "payout.approved". */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Outbox payloads are small facts, not documents; this keeps a runaway producer from filling the table. */
export const MAX_PAYLOAD_BYTES = 64 * 1024;

export function assertEventType(type: unknown): asserts type is EventType {
  if (typeof type !== 'string' || !EVENT_TYPE_PATTERN.test(type) || type.length > 120) {
    throw new EventError(
      `event type ${JSON.stringify(type)} is not valid; use lower-case "area.fact" names such as "lesson.completed"`,
    );
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Builds a complete, JSON-safe envelope. Pure apart from the default id and clock. */
export function createEvent<T extends EventType>(
  input: EventInput<T>,
  deps: { now?: () => Date; uuid?: () => string } = {},
): DomainEvent<T> {
  assertEventType(input.type);
  if (!isPlainObject(input.payload)) {
    throw new EventError(`payload of "${input.type}" must be a plain object; got ${describe(input.payload)}`);
  }
  const json = JSON.stringify(input.payload);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_PAYLOAD_BYTES) {
    throw new EventError(
      `payload of "${input.type}" is ${bytes} bytes; events carry ids and facts (max ${MAX_PAYLOAD_BYTES} bytes), store documents in a table and reference them`,
    );
  }
  const version = input.version ?? 1;
  if (!Number.isSafeInteger(version) || version < 1) {
    throw new EventError(`version of "${input.type}" must be a positive integer; got ${String(input.version)}`);
  }
  const id = input.id ?? (deps.uuid ?? randomUUID)();
  if (!UUID_PATTERN.test(id)) throw new EventError(`event id ${JSON.stringify(id)} is not a UUID`);
  const occurred = input.occurredAt ?? (deps.now ?? (() => new Date()))();
  const occurredAt = new Date(occurred);
  if (Number.isNaN(occurredAt.getTime())) {
    throw new EventError(`occurredAt of "${input.type}" is not a valid date: ${String(input.occurredAt)}`);
  }
  const event: DomainEvent<T> = {
    id: id.toLowerCase(),
    type: input.type,
    occurredAt: occurredAt.toISOString(),
    // A JSON round trip drops undefined and functions, so consumers see what was stored.
    payload: JSON.parse(json) as EventPayloads[T],
    version,
  };
  if (input.actor) event.actor = { type: input.actor.type, ...(input.actor.id !== undefined ? { id: input.actor.id } : {}) };
  return event;
}

/** Checks the envelope shape of something read back from storage or a queue. */
export function parseEvent(value: unknown): DomainEvent {
  const v = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<DomainEvent> | null;
  if (!v || typeof v !== 'object') throw new EventError(`not an event envelope: ${describe(value)}`);
  assertEventType(v.type);
  if (typeof v.id !== 'string' || !UUID_PATTERN.test(v.id)) throw new EventError(`event has no UUID id: ${JSON.stringify(v.id)}`);
  if (typeof v.occurredAt !== 'string' || Number.isNaN(Date.parse(v.occurredAt))) {
    throw new EventError(`event ${v.id} has no valid occurredAt`);
  }
  if (!isPlainObject(v.payload)) throw new EventError(`event ${v.id} has no payload object`);
  if (!Number.isSafeInteger(v.version) || (v.version as number) < 1) throw new EventError(`event ${v.id} has no valid version`);
  return v as DomainEvent;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'unknown'}`;
  return typeof value;
}

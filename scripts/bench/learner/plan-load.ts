/**
 * What the load sends (pure, seeded): learner requests at planned times, each from a learner
 * picked at random among the thousand, and the webhook deliveries with their repeats.
 */
import type { PacedRequest } from '../lib/paced';
import { pickOne, seededRandom } from '../lib/work';

export const API = '/api/lms-enrollment';

export type ReadRoute = 'outline' | 'my-enrollments' | 'enrollment-progress';
export type LearnerRoute = ReadRoute | 'complete-lesson';
export const READ_ROUTES: readonly ReadRoute[] = ['outline', 'my-enrollments', 'enrollment-progress'];
/** The baseline's tag: Strapi's stock `GET /api/users/me`. */
export const BASELINE_ROUTE = 'users-me';

/** Share of each route in the learner load (normalised; need not add up to 1). */
export type Mix = Record<LearnerRoute, number>;

/**
 * A learner's session on the site: the course page (outline) is the most frequent call, the
 * dashboard (my enrollments) and a course's progress page follow, and now and then a lesson is
 * marked complete.
 */
export const DEFAULT_MIX: Mix = { outline: 0.45, 'my-enrollments': 0.25, 'enrollment-progress': 0.25, 'complete-lesson': 0.05 };

export interface PlannedLearner {
  token: string;
  enrollments: ReadonlyArray<{ id: number; courseDocumentId: string }>;
}

export interface CompletableLesson {
  /** Index into the learners list. */
  learner: number;
  lessonDocumentId: string;
}

export function pickRoute(mix: Mix, r: number): LearnerRoute {
  const entries = Object.entries(mix) as Array<[LearnerRoute, number]>;
  const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
  let left = r * total;
  for (const [route, weight] of entries) {
    left -= Math.max(0, weight);
    if (left < 0) return route;
  }
  return entries.filter(([, w]) => w > 0).at(-1)?.[0] ?? 'outline';
}

const auth = (token: string) => ({ authorization: `Bearer ${token}`, accept: 'application/json' });

/**
 * Plans learner requests; it remembers which lessons it already had completed, so the writes of
 * later rounds are first completions too. When no completable lesson is left, a write becomes an
 * outline read.
 */
export function createLearnerPlanner(learners: readonly PlannedLearner[], completable: readonly CompletableLesson[], mix: Mix, seed: number) {
  if (learners.length === 0) throw new Error('no learners to plan requests for');
  const random = seededRandom(seed);
  const writes = [...completable];

  const read = (route: ReadRoute, learnerIndex: number, atMs: number): PacedRequest => {
    const learner = learners[learnerIndex] as PlannedLearner;
    const enrollment = pickOne(random, learner.enrollments);
    const path =
      route === 'outline'
        ? `${API}/courses/${enrollment.courseDocumentId}/outline`
        : route === 'my-enrollments'
          ? `${API}/me/enrollments`
          : `${API}/enrollments/${enrollment.id}/progress`;
    return { atMs, method: 'GET', path, headers: auth(learner.token), tag: route };
  };

  return {
    /** One request per offset. */
    plan(offsetsMs: readonly number[]): PacedRequest[] {
      return offsetsMs.map((atMs) => {
        const route = pickRoute(mix, random());
        const learnerIndex = Math.floor(random() * learners.length);
        if (route !== 'complete-lesson') return read(route, learnerIndex, atMs);
        if (writes.length === 0) return read('outline', learnerIndex, atMs);
        const [write] = writes.splice(Math.floor(random() * writes.length), 1) as [CompletableLesson];
        const learner = learners[write.learner];
        if (!learner) throw new Error(`completable lesson names learner ${write.learner}, who is not in the list`);
        return {
          atMs,
          method: 'POST',
          path: `${API}/lessons/${write.lessonDocumentId}/complete`,
          headers: { ...auth(learner.token), 'content-type': 'application/json' },
          body: '{}',
          tag: 'complete-lesson',
        };
      });
    },
    completableLeft: () => writes.length,
  };
}

/** The baseline for a plan: the same senders at the same times, each asking Strapi's stock `GET /api/users/me`. */
export function baselineOf(plan: readonly PacedRequest[]): PacedRequest[] {
  return plan.map((r) => ({ atMs: r.atMs, method: 'GET', path: '/api/users/me', headers: { authorization: r.headers.authorization ?? '', accept: 'application/json' }, tag: BASELINE_ROUTE }));
}

export interface WebhookDelivery {
  atMs: number;
  /** Which event (0, 1, 2, … in order of first delivery). */
  event: number;
  /** 1 for the first delivery of the event, 2 and 3 for repeats. */
  copy: number;
}

/**
 * One delivery per offset. With probability `repeatShare` a slot repeats an event already
 * delivered fewer than `maxCopies` times (chosen at random among them, so a repeat may follow
 * its original within milliseconds or come many seconds later, as Stripe's retries and its
 * occasional concurrent duplicates do); otherwise it delivers a new event.
 */
export function planWebhookDeliveries(offsetsMs: readonly number[], repeatShare: number, random: () => number, maxCopies = 3): WebhookDelivery[] {
  const copies: number[] = [];
  const repeatable: number[] = [];
  return offsetsMs.map((atMs) => {
    if (repeatable.length > 0 && random() < repeatShare) {
      const at = Math.floor(random() * repeatable.length);
      const event = repeatable[at] as number;
      const copy = (copies[event] ?? 1) + 1;
      copies[event] = copy;
      if (copy >= maxCopies) repeatable.splice(at, 1);
      return { atMs, event, copy };
    }
    const event = copies.length;
    copies.push(1);
    if (maxCopies > 1) repeatable.push(event);
    return { atMs, event, copy: 1 };
  });
}

/** The route a request to the cms belongs to (for counting SQL per route); undefined for others. */
export function routeOf(method: string, url: string): LearnerRoute | typeof BASELINE_ROUTE | 'webhook' | undefined {
  const path = url.split('?')[0] ?? '';
  if (method === 'GET' && path === '/api/users/me') return BASELINE_ROUTE;
  if (!path.startsWith(`${API}/`)) return undefined;
  const rest = path.slice(API.length);
  if (method === 'GET' && /^\/courses\/[^/]+\/outline$/.test(rest)) return 'outline';
  if (method === 'GET' && rest === '/me/enrollments') return 'my-enrollments';
  if (method === 'GET' && /^\/enrollments\/[^/]+\/progress$/.test(rest)) return 'enrollment-progress';
  if (method === 'POST' && /^\/lessons\/[^/]+\/complete$/.test(rest)) return 'complete-lesson';
  if (method === 'POST' && rest === '/stripe/webhook') return 'webhook';
  return undefined;
}

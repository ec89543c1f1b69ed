import { sendJson } from './api';

/** A learner registered through users-permissions, with the bearer header of its JWT. */
export interface Learner {
  id: number;
  email: string;
  auth: Record<string, string>;
}

export const LEARNER_PASSWORD = 'Learner-Pass-2026!';

/**
 * Registers a learner through the real users-permissions route: email `<label>-<run>@example.com`
 * (lower case, as users-permissions stores it), username `<label>-<run>` unless given. `run` keeps
 * each test file's people apart from every other file's on the shared stack.
 */
export async function registerLearner(label: string, run: string, opts: { username?: string; emailAsUsername?: boolean } = {}): Promise<Learner> {
  const email = `${label}-${run}@example.com`.toLowerCase();
  const username = opts.emailAsUsername ? email : (opts.username ?? `${label}-${run}`);
  const res = await sendJson<{ jwt: string; user: { id: number } }>('POST', '/api/auth/local/register', { username, email, password: LEARNER_PASSWORD });
  if (res.status !== 200) throw new Error(`register ${email}: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, email, auth: { authorization: `Bearer ${res.body.jwt}` } };
}

/** Enrolls the learner in a free course over HTTP (setup: any answer but 201 throws). */
export async function enroll(learner: Pick<Learner, 'auth'>, courseId: string): Promise<void> {
  const res = await sendJson('POST', '/api/lms-enrollment/enrollments', { course: courseId }, learner.auth);
  if (res.status !== 201) throw new Error(`enroll: ${res.status} ${JSON.stringify(res.body)}`);
}

import type { LessonBlock } from '@contracts/catalog';
import type {
  CompleteLessonResponse,
  CourseOutlineResponse,
  EnrollResponse,
  LessonContentResponse,
  MyEnrollmentsResponse,
  VideoProgressRequest,
  VideoProgressResponse,
} from '@contracts/enrollment';
import type { CheckoutResponse } from '@contracts/payments';
import { createCmsHttp, type CmsHttpOptions, type Outcome } from './cms-http';
import { siteConfig } from './config';
import { toSessionUser, type SessionUser } from './session';
import { TtlCache } from './ttl-cache';

/** users-permissions' answer to log in, register and reset password. */
interface AuthResponse {
  jwt: string;
  user: unknown;
}

export type SignInOutcome = { ok: true; jwt: string; user: SessionUser } | { ok: false; status: number; message: string };


const DOCUMENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const ENROLLMENT = '/api/lms-enrollment';

/** Refuses ids that could change the path they are put into. */
function documentIdPath(documentId: string): string {
  if (!DOCUMENT_ID.test(documentId)) throw new RangeError(`"${documentId}" is not a documentId`);
  return encodeURIComponent(documentId);
}

function signedIn(outcome: Outcome<AuthResponse>): SignInOutcome {
  if (!outcome.ok) return outcome;
  const user = toSessionUser(outcome.body?.user);
  if (!outcome.body?.jwt || !user) return { ok: false, status: 502, message: 'The account service answered without a session.' };
  return { ok: true, jwt: outcome.body.jwt, user };
}

/**
 * The learner's address as Astro has it (`context.clientAddress`: the socket's peer, or the
 * address the front proxy added to X-Forwarded-For; site/server.mjs decides which to trust);
 * null when there is none.
 */
export function clientAddressOf(context: { clientAddress: string }): string | null {
  try {
    return context.clientAddress || null;
  } catch {
    // Astro throws when the adapter could not tell (never with server.mjs).
    return null;
  }
}

/**
 * The site server's calls on a learner's behalf: users-permissions for the account and the
 * lms-enrollment routes for enrollments and progress. The token comes from the session cookie
 * and goes only to the cms, never into a page.
 *
 * The account calls take the learner's address (see {@link clientAddressOf}): users-permissions
 * rate-limits them per address, and without it every learner would share the site's.
 */
export function createLearnerClient(options: CmsHttpOptions & { sessionCacheSeconds?: number }) {
  const request = createCmsHttp(options);
  // Every page a signed-in learner opens asks "who is this?"; a short cache saves the round trip.
  const sessions = new TtlCache<SessionUser | null>((options.sessionCacheSeconds ?? 30) * 1000, 2000);

  return {
    async logIn(identifier: string, password: string, clientAddress: string | null): Promise<SignInOutcome> {
      return signedIn(await request<AuthResponse>('POST', '/api/auth/local', { body: { identifier, password }, clientAddress }));
    },

    /** The email doubles as the username: learners sign in with their email. */
    /** `fullName` (optional) is what certificates print; the cms allows it at registration. */
    async register(email: string, password: string, clientAddress: string | null, fullName: string | null = null): Promise<SignInOutcome> {
      const body = { username: email, email, password, ...(fullName ? { fullName } : {}) };
      return signedIn(await request<AuthResponse>('POST', '/api/auth/local/register', { body, clientAddress }));
    },

    /** Always "ok" for an unknown email too (the cms does not tell, so neither do we). */
    forgotPassword(email: string, clientAddress: string | null) {
      return request<{ ok: boolean }>('POST', '/api/auth/forgot-password', { body: { email }, clientAddress });
    },

    async resetPassword(code: string, password: string, clientAddress: string | null): Promise<SignInOutcome> {
      return signedIn(
        await request<AuthResponse>('POST', '/api/auth/reset-password', {
          body: { code, password, passwordConfirmation: password },
          clientAddress,
        }),
      );
    },

    /** The learner a token belongs to; null when the cms no longer accepts it (expired, blocked, deleted). */
    async whoIs(token: string): Promise<SessionUser | null> {
      return sessions.get(token, async () => {
        const outcome = await request<unknown>('GET', '/api/users/me', { token });
        return outcome.ok ? toSessionUser(outcome.body) : null;
      });
    },

    /** Drops a token from the "who is this?" cache (logging out). */
    forget(token: string): void {
      sessions.delete(token);
    },

    enroll(token: string, courseDocumentId: string) {
      return request<EnrollResponse>('POST', `${ENROLLMENT}/enrollments`, { token, body: { course: courseDocumentId } });
    },

    /** Starts Stripe Checkout; its 502/503 ("Stripe refused", "payments not configured") come back as outcomes to show. */
    async startCheckout(token: string, courseDocumentId: string): Promise<Outcome<CheckoutResponse>> {
      const outcome = await request<CheckoutResponse>('POST', `${ENROLLMENT}/checkout`, {
        token,
        body: { course: courseDocumentId },
        serverErrorsAsOutcome: true,
      });
      if (!outcome.ok) return outcome;
      // The learner's browser is sent there: only a web page, never javascript: or data:.
      if (typeof outcome.body?.url !== 'string' || !/^https?:\/\//i.test(outcome.body.url)) {
        return { ok: false, status: 502, message: 'The payment service did not say where to pay.', details: null };
      }
      return outcome;
    },

    myEnrollments(token: string) {
      return request<MyEnrollmentsResponse>('GET', `${ENROLLMENT}/me/enrollments`, { token });
    },

    outline(token: string, courseDocumentId: string) {
      return request<CourseOutlineResponse>('GET', `${ENROLLMENT}/courses/${documentIdPath(courseDocumentId)}/outline`, { token });
    },

    lesson(token: string, lessonDocumentId: string) {
      return request<LessonContentResponse<LessonBlock>>('GET', `${ENROLLMENT}/lessons/${documentIdPath(lessonDocumentId)}`, { token });
    },

    completeLesson(token: string, lessonDocumentId: string) {
      return request<CompleteLessonResponse>('POST', `${ENROLLMENT}/lessons/${documentIdPath(lessonDocumentId)}/complete`, { token, body: {} });
    },

    reportVideoProgress(token: string, lessonDocumentId: string, report: VideoProgressRequest) {
      return request<VideoProgressResponse>('POST', `${ENROLLMENT}/lessons/${documentIdPath(lessonDocumentId)}/progress`, {
        token,
        body: report,
      });
    },
  };
}

export type LearnerClient = ReturnType<typeof createLearnerClient>;

let client: LearnerClient | undefined;

/** The client for this process, configured from the shared settings. */
export function learner(): LearnerClient {
  client ??= createLearnerClient({ baseUrl: siteConfig().cmsUrl, internalSecret: siteConfig().internalSecret });
  return client;
}

export function isDocumentId(value: string | null | undefined): value is string {
  return typeof value === 'string' && DOCUMENT_ID.test(value);
}

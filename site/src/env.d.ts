/// <reference types="astro/client" />
import type { Flash } from './lib/flash';
import type { SessionUser } from './lib/session';

declare global {
  namespace App {
    interface Locals {
      /** Set by the error page when the cms could not be reached, so the middleware answers 503. */
      serviceUnavailable?: boolean;
      /** The signed-in learner (resolved from the session cookie by the middleware), or null. */
      user: SessionUser | null;
      /** Their users-permissions JWT. Server-side only: never render it or pass it to an island. */
      sessionToken: string | null;
      /** This browser's CSRF token for forms and island requests; null on pages that need none. */
      csrfToken: string | null;
      /** A one-shot message from the previous request (form post, redirect). */
      flash: Flash | null;
      /** Set when the session could not be checked because the cms is unreachable (pages needing the learner answer 503). */
      sessionUnavailable?: Error;
      /** Why the middleware refused a state-changing request (rendered by src/pages/403.astro). */
      csrfRejection?: string;
    }
  }
}

export {};

/**
 * Request/response shapes of lms-notifications' learner API (/api/lms-notifications), shared by
 * the controllers (`satisfies`), the site client and the tests.
 */

export interface NotificationView {
  id: number;
  kind: string;
  title: string;
  body: string;
  /** Site-relative path to open, or null. */
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

/** GET /me?limit=N (1–50, default 10): newest first. */
export interface MyNotificationsResponse {
  data: NotificationView[];
  meta: { unread: number };
}

/** POST /me/read: `{ ids: number[] }` or `{ all: true }`. */
export type MarkReadRequest = { ids: number[] } | { all: true };

export interface MarkReadResponse {
  data: { marked: number };
  meta: { unread: number };
}

export interface PreferencesView {
  /** Emails that can be switched off: welcome, assignment graded, live-session reminders. */
  emailNonEssential: boolean;
  /** Kinds always emailed (receipts, enrollment, certificates, payouts; password reset and verification are Strapi's). */
  essentialKinds: string[];
  /** Kinds emailed only while emailNonEssential is true (in-app notifications always). */
  optionalKinds: string[];
  updatedAt: string | null;
}

export interface PreferencesResponse {
  data: PreferencesView;
}

/** PUT /me/preferences. */
export interface PreferencesRequest {
  emailNonEssential: boolean;
}

/**
 * Request and response shapes of lms-lti's admin API, shared by the server controllers and the
 * admin panel (type-only).
 */

export interface RegistrationInput {
  name: string;
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  authEndpoint: string;
  authRequestMethod: 'GET' | 'POST';
  tokenEndpoint: string;
  tokenAudience: string | null;
  jwksUrl: string;
  /** documentIds of the courses launches from this platform may reach. */
  courseIds: string[];
}

export interface CourseChoice {
  documentId: string;
  title: string;
  slug: string;
}

export interface Registration extends RegistrationInput {
  id: number;
  courses: CourseChoice[];
  createdAt: string;
  updatedAt: string;
}

export interface ConsumerInput {
  name: string;
  consumerKey: string;
  /** Required on create; omitted on update keeps the stored secret. */
  secret?: string;
  courseIds: string[];
}

export interface Consumer {
  id: number;
  name: string;
  consumerKey: string;
  courseIds: string[];
  courses: CourseChoice[];
  createdAt: string;
}

export interface ToolValues {
  loginUrl: string;
  launchUrl: string;
  redirectUris: string[];
  jwksUrl: string;
  deepLinkingUrl: string;
  lti11LaunchUrl: string;
  /** An LTI 1.3 tool configuration (JSON) most platforms can import or that shows what to paste. */
  jsonConfig: Record<string, unknown>;
  configured: boolean;
  keys: Array<{ kid: string; createdAt: string; retiredAt: string | null; publishedUntil: string | null }>;
}

export interface Passback {
  id: number;
  kind: 'ags' | 'lti11';
  status: 'pending' | 'sent' | 'retrying' | 'failed' | 'skipped';
  userId: number;
  courseId: string;
  resourceId: string;
  label: string;
  scoreGiven: number;
  scoreMaximum: number;
  attempts: number;
  lastError: string | null;
  platform: string | null;
  gradedAt: string;
  sentAt: string | null;
  updatedAt: string;
}

export interface ResourceLinkView {
  id: number;
  registrationId: number;
  platform: string;
  resourceLinkId: string;
  contextId: string | null;
  contextTitle: string | null;
  title: string | null;
  courseId: string;
  lessonId: string | null;
  quizId: string | null;
  hasRoster: boolean;
  members: number;
}

export interface RosterSyncResult {
  members: number;
  provisioned: number;
  enrolled: number;
  skipped: Array<{ userId: string | null; reason: string }>;
}

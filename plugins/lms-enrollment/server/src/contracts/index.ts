/**
 * Request and response types of lms-enrollment's learner routes (`/api/lms-enrollment/...`).
 *
 * Type-only: no runtime imports, so the site can import this file through a tsconfig path alias
 * (as it does cms/src/api/catalog/contracts.ts) and the controllers check their bodies against it
 * (`ctx.body = { ... } satisfies X`). Changes are additive only: new optional fields, new types.
 *
 * Conventions: ids of authored content are Strapi `documentId`s (strings); ids of plugin rows
 * (enrollments) are numbers; instants are ISO 8601 strings in UTC; percentages are integers 0–100.
 * Every 4xx has Strapi's error body ({@link ApiErrorBody}) with a message a learner can act on.
 */

export type EnrollmentStatus = 'active' | 'completed' | 'refunded' | 'revoked' | 'expired';
export type EnrollmentSource = 'free' | 'purchase' | 'subscription' | 'lti' | 'admin';
export type PricingModel = 'free' | 'one_time' | 'subscription';
export type LessonProgressStatus = 'in_progress' | 'completed';

export interface CourseRef {
  documentId: string;
  slug: string;
  title: string;
}

export interface LessonRef {
  documentId: string;
  slug: string;
  title: string;
}

export interface SectionRef {
  documentId: string;
  title: string;
}

/** One learner's enrollment in one course. */
export interface Enrollment {
  id: number;
  course: CourseRef;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  /** Completed required lessons / published lessons, rounded down (0–100). */
  progress: number;
  lessonsCompleted: number;
  lessonsTotal: number;
  enrolledAt: string;
  completedAt: string | null;
  /** When access ended (refund, revocation, expiry); null while active or completed. */
  endedAt: string | null;
  lastActivityAt: string | null;
}

/** Strapi's error body, as every 4xx of the API returns it. */
export interface ApiErrorBody<Details = Record<string, unknown>> {
  data: null;
  error: { status: number; name: string; message: string; details?: Details };
}

// ---------------------------------------------------------------------------------------------
// POST /api/lms-enrollment/enrollments   (Authenticated role; rate-limited)
// ---------------------------------------------------------------------------------------------

export interface EnrollRequest {
  /** documentId of a published course. */
  course: string;
}

/**
 * 201 when this call enrolled the learner (or re-opened an ended enrollment), 200 when they
 * already were (same enrollment). A revoked enrollment is not re-opened by the learner (403 with
 * the admin's reason); a refunded or expired one is re-opened like a new enrollment: at once for
 * a free course or with an active subscription, else 402.
 */
export interface EnrollResponse {
  data: Enrollment;
  meta: { created: boolean };
}

/** 402 details: the course must be bought (or a subscription started) through checkout. */
export interface PaymentRequiredDetails {
  course: string;
  pricingModel: Exclude<PricingModel, 'free'>;
  /** Price in integer minor units and ISO 4217 currency (one_time courses). */
  price: { amount: number; currency: string | null };
  /** The route that starts payment: `POST /api/lms-enrollment/checkout`. */
  checkout: { method: 'POST'; path: string };
}

/** 403 details when prerequisite courses are not completed. */
export interface PrerequisitesMissingDetails {
  course: string;
  missing: CourseRef[];
}

// ---------------------------------------------------------------------------------------------
// GET /api/lms-enrollment/me/enrollments   (Authenticated role)
// ---------------------------------------------------------------------------------------------

export interface MyEnrollment extends Enrollment {
  /**
   * "Continue where you left off": the most recently opened lesson not yet completed, else the
   * first open lesson not yet completed; null when none (course finished or nothing open yet).
   */
  lastLesson: LessonRef | null;
}

export interface MyEnrollmentsResponse {
  data: MyEnrollment[];
}

// ---------------------------------------------------------------------------------------------
// GET /api/lms-enrollment/courses/:courseDocumentId/outline   (Authenticated role)
// ---------------------------------------------------------------------------------------------

export type LessonState = 'done' | 'open' | 'locked';

export type LessonLock =
  /** No enrollment (or it has ended) and the lesson is not a free preview. */
  | { reason: 'not-enrolled'; message: string }
  /** These prerequisite lessons must be completed first. */
  | { reason: 'prerequisite'; message: string; lessons: LessonRef[] }
  /** The section drips: the lesson opens at `unlocksAt`. */
  | { reason: 'drip'; message: string; unlocksAt: string };

export type LessonLockReason = LessonLock['reason'];

export interface LessonProgress {
  status: LessonProgressStatus;
  /** Watched/read share of the lesson, 0–100 (100 when completed). */
  percent: number;
  timeSpentSeconds: number;
  lastAccessedAt: string | null;
  completedAt: string | null;
}

export type LessonBlockKind = 'rich-text' | 'video' | 'file' | 'h5p' | 'quiz' | 'assignment' | 'external-tool';

export interface OutlineLesson extends LessonRef {
  order: number;
  freePreview: boolean;
  estimatedMinutes: number;
  kinds: LessonBlockKind[];
  state: LessonState;
  /** The first reason it is locked (not-enrolled, then drip, then prerequisite); null unless locked. */
  lock: LessonLock | null;
  /** Every reason it is locked, in that order (empty unless locked). */
  locks: LessonLock[];
  /** This learner's progress on the lesson; null when never opened. */
  progress: LessonProgress | null;
}

export interface OutlineSection extends SectionRef {
  order: number;
  drip: { type: 'none' | 'after_days' | 'on_date'; days: number | null; date: string | null };
  /** When the section's drip opens it for this learner; null when it does not drip (or not enrolled, after_days). */
  unlocksAt: string | null;
  lessons: OutlineLesson[];
}

export interface CourseOutline {
  course: CourseRef & { pricingModel: PricingModel };
  /** This learner's enrollment (also an ended one); null when never enrolled. */
  enrollment: Enrollment | null;
  /** Same as enrollment.progress; 0 when not enrolled. */
  progress: number;
  sections: OutlineSection[];
  /** The lesson to continue with (see {@link MyEnrollment.lastLesson}). */
  nextLesson: LessonRef | null;
}

export interface CourseOutlineResponse {
  data: CourseOutline;
}

// ---------------------------------------------------------------------------------------------
// GET /api/lms-enrollment/lessons/:lessonDocumentId
//   Public route: free-preview lessons to anyone; other lessons to enrolled learners when open
//   (Bearer JWT checked by the controller). 401 without a valid JWT for a non-preview lesson,
//   403 (message and details = the LessonLock) when locked, 404 when missing or unpublished.
// ---------------------------------------------------------------------------------------------

/** The part of every lesson block the enrollment API relies on. */
export interface LessonBlockBase {
  __component: string;
  id: number;
}

/**
 * A full lesson. `blocks` are exactly the catalog's block shapes (`LessonBlock` in
 * cms/src/api/catalog/contracts.ts, one mapping on the server for both routes); pass that type
 * as `Block` to get the precise union: `LessonContentResponse<LessonBlock>`.
 */
export interface LessonContent<Block extends LessonBlockBase = LessonBlockBase> extends LessonRef {
  freePreview: boolean;
  estimatedMinutes: number;
  course: CourseRef;
  section: SectionRef;
  blocks: Block[];
  /** This learner's enrollment in the course; null for an anonymous or not-enrolled reader of a free preview. */
  enrollment: { id: number; status: EnrollmentStatus } | null;
  /** This learner's progress on the lesson; null when anonymous or not enrolled. */
  progress: LessonProgress | null;
  /** Neighbours in outline order (whatever their state). */
  previous: LessonRef | null;
  next: LessonRef | null;
}

export interface LessonContentResponse<Block extends LessonBlockBase = LessonBlockBase> {
  data: LessonContent<Block>;
}

/** 403 details of a locked lesson (same shape as in the outline). */
export type LessonLockedDetails = LessonLock;

// ---------------------------------------------------------------------------------------------
// POST /api/lms-enrollment/lessons/:lessonDocumentId/complete   (Authenticated role; rate-limited)
// ---------------------------------------------------------------------------------------------

export interface CourseProgress {
  enrollmentId: number;
  courseDocumentId: string;
  status: EnrollmentStatus;
  progress: number;
  lessonsCompleted: number;
  lessonsTotal: number;
  completedAt: string | null;
}

export interface CompleteLessonResponse {
  data: {
    lesson: LessonRef & { progress: LessonProgress };
    course: CourseProgress;
    /** False when the lesson was already complete (idempotent repeat). */
    changed: boolean;
  };
}

// ---------------------------------------------------------------------------------------------
// POST /api/lms-enrollment/lessons/:lessonDocumentId/progress   (Authenticated role; rate-limited)
// ---------------------------------------------------------------------------------------------

export interface VideoProgressRequest {
  /** id of the lesson's video block (`LessonBlock.id` of a `blocks.video`). */
  blockId: number;
  /** Playback position in seconds. */
  position: number;
  /** Video duration in seconds (> 0). */
  duration: number;
  /**
   * Seconds actually watched since the previous report (time spent). Default: none counted.
   * The watched share is the furthest position reached / duration.
   */
  secondsWatched?: number;
}

export interface VideoProgressResponse {
  data: {
    lesson: LessonRef & { progress: LessonProgress };
    course: CourseProgress;
    /** True when this report completed the lesson. */
    completedNow: boolean;
    /** The video block's completion threshold (percent). */
    completionThreshold: number;
  };
}

// ---------------------------------------------------------------------------------------------
// GET /api/lms-enrollment/enrollments/:id/progress   (Authenticated role; own enrollments only, else 403)
// ---------------------------------------------------------------------------------------------

export interface EnrollmentProgress {
  enrollment: Enrollment;
  lessons: Array<LessonRef & { progress: LessonProgress }>;
}

export interface EnrollmentProgressResponse {
  data: EnrollmentProgress;
}

/** Route paths, for clients that want to avoid typos (type-only module: keep them as types). */
export type LearnerRoute =
  | 'POST /api/lms-enrollment/enrollments'
  | 'GET /api/lms-enrollment/me/enrollments'
  | 'GET /api/lms-enrollment/courses/:courseDocumentId/outline'
  | 'GET /api/lms-enrollment/lessons/:lessonDocumentId'
  | 'POST /api/lms-enrollment/lessons/:lessonDocumentId/complete'
  | 'POST /api/lms-enrollment/lessons/:lessonDocumentId/progress'
  | 'GET /api/lms-enrollment/enrollments/:id/progress';

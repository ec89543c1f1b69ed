import type {
  CourseRef,
  EnrollmentSource,
  EnrollmentStatus,
  LessonBlockKind,
  LessonProgressStatus,
  LessonRef,
  PricingModel,
} from '../contracts';

export type { EnrollmentSource, EnrollmentStatus, LessonProgressStatus, PricingModel };

/** The statuses that end access; the others (active, completed) grant it. */
export type EndedEnrollmentStatus = Extract<EnrollmentStatus, 'refunded' | 'revoked' | 'expired'>;

/** One row of lms_enrollments. */
export interface EnrollmentRecord {
  id: number;
  userId: number;
  courseDocumentId: string;
  status: EnrollmentStatus;
  source: EnrollmentSource;
  sourceRef: string | null;
  reason: string | null;
  endedBy: string | null;
  enrolledAt: Date;
  completedAt: Date | null;
  endedAt: Date | null;
  lastActivityAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One row of lms_lesson_progress. */
export interface LessonProgressRecord {
  id: number;
  enrollmentId: number;
  lessonDocumentId: string;
  status: LessonProgressStatus;
  percent: number;
  timeSpentSeconds: number;
  lastAccessedAt: Date | null;
  completedAt: Date | null;
}

/** A block of a lesson as far as access and completion rules care. */
export interface LessonBlockInfo {
  /** Component row id (what the lesson API returns as the block's `id`). */
  id: number;
  kind: LessonBlockKind;
  /** Video: percent of the video to watch before it counts as watched. */
  completionThreshold?: number;
  /** Quiz: whether passing it is needed to complete the lesson (graded by lms-grading). */
  countsTowardCompletion?: boolean;
  /** H5P: whether its score counts (graded by lms-grading from xAPI). */
  graded?: boolean;
}

export interface LessonNode extends LessonRef {
  order: number;
  freePreview: boolean;
  estimatedMinutes: number;
  /** Published prerequisite lessons (possibly of other courses). */
  prerequisites: LessonRef[];
  kinds: LessonBlockKind[];
  blocks: LessonBlockInfo[];
}

export type DripType = 'none' | 'after_days' | 'on_date';

export interface SectionNode {
  documentId: string;
  title: string;
  order: number;
  drip: { type: DripType; days: number | null; date: Date | null };
  lessons: LessonNode[];
}

/** A published course as the enrollment rules see it: published sections and lessons, in order. */
export interface CourseStructure extends CourseRef {
  pricingModel: PricingModel;
  /** Integer minor units; 0 for free courses. */
  priceAmount: number;
  currency: string | null;
  /** Published prerequisite courses. */
  prerequisites: CourseRef[];
  sections: SectionNode[];
}

/** Every published lesson of the course in outline order. */
export function lessonsInOrder(course: Pick<CourseStructure, 'sections'>): LessonNode[] {
  return course.sections.flatMap((s) => s.lessons);
}

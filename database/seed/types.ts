/**
 * The shapes of the demo catalog as plain data. The seeder (index.ts) turns them into Strapi
 * documents; nothing here knows about Strapi, so the catalog reads like the content it is.
 */

/** Strapi "blocks" rich text (what a `type: "blocks"` attribute stores). */
export type RichText = BlockNode[];

export type InlineNode =
  | { type: 'text'; text: string; bold?: boolean; italic?: boolean; code?: boolean }
  | { type: 'link'; url: string; children: Array<{ type: 'text'; text: string }> };

export type BlockNode =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'heading'; level: 1 | 2 | 3; children: InlineNode[] }
  | { type: 'quote'; children: InlineNode[] }
  | { type: 'code'; language?: string; children: Array<{ type: 'text'; text: string }> }
  | { type: 'list'; format: 'ordered' | 'unordered'; children: Array<{ type: 'list-item'; children: InlineNode[] }> };

/** A file in database/seed/media/, uploaded once and found again by its (unique) name. */
export interface MediaSeed {
  /** File name in media/; also the name the media library shows and the idempotency key. */
  file: string;
  mime: string;
  alternativeText: string;
  caption?: string;
  /** Slug of the instructor who "uploaded" it (becomes createdBy); unset: the super admin. */
  owner?: string;
}

export interface CategorySeed {
  slug: string;
  name: string;
  description: string;
}

export interface InstructorSeed {
  slug: string;
  name: string;
  headline: string;
  bio: RichText;
  avatar: MediaSeed;
}

export interface CertificateTemplateSeed {
  /** Unique name: the idempotency key. */
  name: string;
  /** Slug of the instructor who owns (created) it. */
  owner: string;
  orientation: 'landscape' | 'portrait';
  logo: MediaSeed;
  signature: MediaSeed;
  signatoryName: string;
  signatoryTitle: string;
  titleText: string;
  bodyText: string;
  primaryColor: string;
  textColor: string;
  font: 'sans' | 'serif';
}

interface QuestionBase {
  prompt: string;
  points: number;
  /** Shown after grading (per the quiz's feedbackMode). */
  feedback: string;
}

export interface OptionSeed {
  text: string;
  correct: boolean;
  feedback?: string;
}

export type QuestionSeed =
  | (QuestionBase & { type: 'single-choice'; options: OptionSeed[] })
  | (QuestionBase & { type: 'multiple-choice'; options: OptionSeed[]; partialCredit: boolean })
  | (QuestionBase & { type: 'true-false'; correctAnswer: boolean })
  | (QuestionBase & { type: 'short-answer'; acceptedAnswers: string[]; caseSensitive?: boolean; ignoreWhitespace?: boolean })
  | (QuestionBase & { type: 'numeric'; value: number; tolerance: number })
  /** Items in the correct order; the quiz runner shuffles them. */
  | (QuestionBase & { type: 'ordering'; items: string[] })
  | (QuestionBase & { type: 'matching'; pairs: Array<[left: string, right: string]> })
  /**
   * `text` marks blank n as `{{n}}` (1-based), answered by `blanks[n-1]`; each blank lists its
   * accepted answers (stored joined by "|", the component holds one string).
   */
  | (QuestionBase & { type: 'fill-blanks'; text: string; blanks: Array<{ acceptedAnswers: string[]; caseSensitive?: boolean }> })
  | (QuestionBase & { type: 'essay'; minWords?: number; maxWords?: number; guidance?: string });

export type QuestionType = QuestionSeed['type'];

export interface QuizSeed {
  /** Unique within its course: the idempotency key. */
  title: string;
  description: string;
  passingScore: number;
  maxAttempts: number;
  timeLimitMinutes?: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  feedbackMode: 'immediate' | 'after_submit' | 'after_due' | 'never';
  attemptPolicy: 'best' | 'last' | 'average';
  questions: QuestionSeed[];
}

export interface RubricCriterionSeed {
  title: string;
  description: string;
  levels: Array<{ label: string; points: number; description: string }>;
}

export interface AssignmentSeed {
  /** Unique within its course: the idempotency key. */
  title: string;
  instructions: RichText;
  maxScore: number;
  passScore: number;
  rubric: RubricCriterionSeed[];
  allowResubmission: boolean;
  allowedFileTypes: string;
  maxFileSizeMb: number;
}

export type LessonBlockSeed =
  | { kind: 'rich-text'; body: RichText }
  | { kind: 'video'; title: string; provider: 'youtube' | 'vimeo' | 'url'; url: string; durationSeconds?: number; completionThreshold?: number }
  | { kind: 'video'; title: string; provider: 'upload'; media: MediaSeed; durationSeconds?: number; completionThreshold?: number }
  | { kind: 'file'; title: string; description?: string; media: MediaSeed }
  | { kind: 'h5p'; title: string; media: MediaSeed; graded: boolean }
  /** The quiz object itself (declared in the same course's `quizzes`). */
  | { kind: 'quiz'; quiz: QuizSeed; countsTowardCompletion?: boolean }
  | { kind: 'assignment'; assignment: AssignmentSeed; countsTowardCompletion?: boolean }
  | { kind: 'external-tool'; title: string; url: string; lti?: boolean; openInNewTab?: boolean };

export type LessonBlockKind = LessonBlockSeed['kind'];

export interface LessonSeed {
  /** Unique across the catalog: the idempotency key. */
  slug: string;
  title: string;
  freePreview?: boolean;
  estimatedMinutes: number;
  blocks: LessonBlockSeed[];
}

export type DripSeed = { type: 'after_days'; days: number } | { type: 'on_date'; date: string };

export interface SectionSeed {
  /** Unique within its course: the idempotency key. */
  title: string;
  drip?: DripSeed;
  lessons: LessonSeed[];
}

export type PricingSeed =
  | { model: 'free' }
  | { model: 'one_time' | 'subscription'; amount: number; currency: 'ZAR' | 'USD' };

export interface CourseSeed {
  slug: string;
  title: string;
  summary: string;
  description: RichText;
  outcomes: string[];
  level: 'beginner' | 'intermediate' | 'advanced';
  language: string;
  category: string;
  instructor: string;
  pricing: PricingSeed;
  cover: MediaSeed;
  /** Slugs of courses to finish first (seeded earlier in the catalog order). */
  prerequisites?: string[];
  /** Name of a certificate template owned by the same instructor. */
  certificateTemplate?: string;
  quizzes?: QuizSeed[];
  assignments?: AssignmentSeed[];
  sections: SectionSeed[];
}

export interface Catalog {
  categories: CategorySeed[];
  instructors: InstructorSeed[];
  certificateTemplates: CertificateTemplateSeed[];
  /** In dependency order: a course comes after its prerequisites. */
  courses: CourseSeed[];
}

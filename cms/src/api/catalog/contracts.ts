/**
 * Request and response types of the public catalog API (`/api/catalog/...`).
 * The cms controller builds these (`satisfies`), the site reads them (type-only import).
 * Nothing here may carry lesson bodies of non-preview lessons, answer keys or rubrics.
 */

/** Strapi "blocks" rich text: a tree of typed nodes (paragraph, heading, list, quote, code, image, link, text). */
export type BlocksContent = BlockNode[];
export interface BlockNode {
  type: string;
  children?: BlockNode[];
  text?: string;
  level?: number;
  format?: 'ordered' | 'unordered';
  url?: string;
  image?: { url: string; alternativeText?: string | null; width?: number | null; height?: number | null };
  language?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
}

export interface MediaRef {
  url: string;
  alternativeText: string | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  name: string | null;
  /** Size in kilobytes, as Strapi stores it. */
  size: number | null;
  ext: string | null;
}

export interface CategoryRef {
  documentId: string;
  name: string;
  slug: string;
}

export interface CategoryWithCount extends CategoryRef {
  description: string | null;
  courseCount: number;
}

export interface InstructorRef {
  documentId: string;
  name: string;
  slug: string;
  headline: string | null;
  avatar: MediaRef | null;
}

export type PricingModel = 'free' | 'one_time' | 'subscription';
export type Level = 'beginner' | 'intermediate' | 'advanced';

/** Price in integer minor units with an ISO 4217 currency; null amount/currency for free courses. */
export interface Price {
  model: PricingModel;
  amount: number;
  currency: string | null;
}

export interface CourseCard {
  documentId: string;
  slug: string;
  title: string;
  summary: string;
  level: Level;
  language: string;
  price: Price;
  cover: MediaRef | null;
  category: CategoryRef | null;
  instructor: Pick<InstructorRef, 'documentId' | 'name' | 'slug'> | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
}

/** GET /api/catalog/courses?q=&category=<slug>&level=&price=free|paid&page=&pageSize= */
export interface CatalogQuery {
  q?: string;
  category?: string;
  level?: Level;
  price?: 'free' | 'paid';
  page?: number;
  /** 1..48, default 12 */
  pageSize?: number;
}
export interface CatalogResponse {
  data: CourseCard[];
  meta: { pagination: Pagination };
}

/** GET /api/catalog/categories */
export interface CategoriesResponse {
  data: CategoryWithCount[];
}

export type LessonBlockKind = 'rich-text' | 'video' | 'file' | 'h5p' | 'quiz' | 'assignment' | 'external-tool';

export interface OutlineLesson {
  documentId: string;
  slug: string;
  title: string;
  order: number;
  freePreview: boolean;
  estimatedMinutes: number;
  /** Which kinds of blocks the lesson holds, in order of first appearance. */
  kinds: LessonBlockKind[];
}

export interface OutlineSection {
  documentId: string;
  title: string;
  order: number;
  drip: { type: 'none' | 'after_days' | 'on_date'; days: number | null; date: string | null };
  lessons: OutlineLesson[];
}

export interface CourseDetail extends Omit<CourseCard, 'instructor'> {
  description: BlocksContent;
  outcomes: string[];
  instructor: InstructorRef | null;
  coInstructors: InstructorRef[];
  prerequisites: Array<{ documentId: string; slug: string; title: string }>;
  sections: OutlineSection[];
  lessonCount: number;
  totalMinutes: number;
  updatedAt: string;
}

/** GET /api/catalog/courses/:slug  (404 when missing or unpublished) */
export interface CourseResponse {
  data: CourseDetail;
}

export type LessonBlock =
  | { __component: 'blocks.rich-text'; id: number; body: BlocksContent }
  | {
      __component: 'blocks.video';
      id: number;
      title: string | null;
      provider: 'youtube' | 'vimeo' | 'upload' | 'url';
      url: string | null;
      file: MediaRef | null;
      completionThreshold: number;
      durationSeconds: number | null;
    }
  | { __component: 'blocks.file'; id: number; title: string; description: string | null; file: MediaRef | null }
  | { __component: 'blocks.h5p'; id: number; title: string | null; package: MediaRef | null; graded: boolean }
  | {
      __component: 'blocks.quiz';
      id: number;
      /** Title and size only: questions are served by the grading plugin to enrolled learners. */
      quiz: { documentId: string; title: string; questionCount: number; timeLimitMinutes: number | null } | null;
    }
  | {
      __component: 'blocks.assignment';
      id: number;
      assignment: { documentId: string; title: string; dueDate: string | null; maxScore: number } | null;
    }
  | { __component: 'blocks.external-tool'; id: number; title: string; url: string; lti: boolean; openInNewTab: boolean };

export interface LessonPreview {
  documentId: string;
  slug: string;
  title: string;
  freePreview: true;
  estimatedMinutes: number;
  course: { documentId: string; slug: string; title: string };
  section: { documentId: string; title: string };
  blocks: LessonBlock[];
}

/**
 * GET /api/catalog/courses/:courseSlug/lessons/:lessonSlug
 * 200 for a free-preview lesson of a published course; 403 (ForbiddenError naming the course) otherwise;
 * 404 when the course or lesson does not exist or is not published.
 */
export interface LessonPreviewResponse {
  data: LessonPreview;
}

/** Strapi's error body, as every 4xx of the API returns it. */
export interface ApiErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details?: unknown };
}

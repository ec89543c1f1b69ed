/**
 * Request and response types of lms-h5p's routes, shared by the server controllers
 * (`satisfies`), the admin page and the site. Type-only. Scores are percentages with up to two
 * decimals (basis points / 100); instants ISO 8601 UTC.
 */

export interface PackageView {
  /** plugin::upload.file id of the .h5p (what a lesson block's `package` media field holds). */
  fileId: number;
  title: string;
  mainLibrary: string;
  libraries: string[];
  fileCount: number;
  uncompressedBytes: number;
  /** The extracted folder's URL (h5p-standalone's h5pJsonPath). */
  baseUrl: string;
  createdAt: string;
}

export interface H5pBlockView {
  id: number;
  title: string | null;
  graded: boolean;
  /** The media file the block points at, and its package when it was uploaded here. */
  packageFileId: number | null;
  packageName: string | null;
  package: PackageView | null;
}

export interface LessonWithH5pView {
  documentId: string;
  title: string;
  courseDocumentId: string | null;
  courseTitle: string | null;
  blocks: H5pBlockView[];
}

// GET /lms-h5p/lessons (admin): draft lessons with H5P blocks the admin user may change.
export interface LessonsResponse {
  data: LessonWithH5pView[];
}

// POST /lms-h5p/packages (admin, multipart: `file`, optional `lesson` + `block`).
// 201; 400 with details.code (validator code) and details.entry for a bad package.
export interface UploadPackageResponse {
  data: {
    package: PackageView;
    attachedTo: { lesson: string; lessonTitle: string; block: number } | null;
  };
}

// GET /api/lms-h5p/lessons/:lesson/blocks/:block/player (public: see routes).
export interface PlayerResponse {
  data: {
    lesson: string;
    block: number;
    title: string | null;
    graded: boolean;
    /** null: the block has no package uploaded through lms-h5p (nothing to play). */
    package: { title: string; mainLibrary: string; baseUrl: string } | null;
  };
}

// POST /api/lms-h5p/xapi (learner): { lesson, block, statement }.
export interface XapiRequestBody {
  lesson: string;
  block: number;
  statement: Record<string, unknown>;
}

export interface ResultView {
  lesson: string;
  packageFileId: number;
  block: number;
  attempts: number;
  latestPercent: number;
  bestPercent: number;
  passed: boolean | null;
  lastAt: string;
}

export interface XapiResponse {
  data: {
    recorded: boolean;
    /** Why a statement was accepted but not counted (another verb, a sub-question, no score). */
    reason: string | null;
    result: ResultView | null;
    lesson: {
      completedNow: boolean;
      progress: { status: string; percent: number; completedAt: string | null } | null;
      course: { progress: number; lessonsCompleted: number; lessonsTotal: number; status: string } | null;
      /** lms-enrollment refused to complete the lesson (locked, ...): the result is kept. */
      refused: string | null;
    } | null;
  };
}

// GET /api/lms-h5p/me/results?course=<documentId> (learner).
export interface MyResultsResponse {
  data: ResultView[];
}

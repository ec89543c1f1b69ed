import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { BlockInfo } from '../domain';

/**
 * lms-h5p's typed view of what it uses outside itself: Strapi's upload plugin (service and
 * provider), the authored lessons and their H5P blocks, and lms-enrollment's services. The one
 * place with untyped Strapi calls; tests under tests/integration run it against the real ones.
 */

// --- upload plugin ------------------------------------------------------------------------------

/** A file as the upload provider takes it (local, aws-s3, or any other provider). */
export interface ProviderFile {
  name: string;
  hash: string;
  ext: string;
  mime: string;
  /** Kilobytes, as Strapi counts them. */
  size: number;
  sizeInBytes: number;
  buffer: Buffer;
  url?: string;
  path?: string;
}

interface UploadProvider {
  upload(file: ProviderFile): Promise<void>;
  delete(file: ProviderFile): Promise<void>;
}

/** The file the upload plugin made for a media-library upload. */
export interface MediaFile {
  id: number;
  name: string;
  hash: string;
  ext: string;
  url: string;
  mime: string;
  size: number;
}

interface UploadService {
  upload(input: { data: { fileInfo: Record<string, unknown> }; files: Record<string, unknown> }, opts: { user?: { id: number } }): Promise<MediaFile[]>;
  remove(file: MediaFile): Promise<unknown>;
}

export interface UploadPort {
  /** Writes one extracted file through the configured provider; `file.url` is set afterwards. */
  put(file: ProviderFile): Promise<void>;
  remove(file: ProviderFile): Promise<void>;
  /** The `.h5p` itself in the media library (what the lesson block's media field points at). */
  addToMediaLibrary(upload: { filepath: string; name: string; size: number; mimetype: string }, adminUserId: number | null): Promise<MediaFile>;
  removeFromMediaLibrary(file: MediaFile): Promise<void>;
  findMedia(id: number): Promise<MediaFile | null>;
}

export function uploadOf(strapi: Core.Strapi): UploadPort {
  const plugin = strapi.plugin('upload');
  const provider = () => plugin.provider as unknown as UploadProvider;
  const service = () => plugin.service('upload') as unknown as UploadService;
  // The local provider writes public/uploads/<hash><ext> and creates no folders; the hash of an
  // extracted file holds its folders (h5p/<package>/content/...), so they are made first here.
  // Other providers (aws-s3) turn the same hash into an object key.
  const isLocal = String(strapi.config.get('plugin::upload.provider', 'local')).toLowerCase() === 'local';
  const uploadsDir = path.join(strapi.dirs.static.public, 'uploads');
  return {
    async put(file) {
      if (isLocal) await mkdir(path.dirname(path.join(uploadsDir, `${file.hash}${file.ext}`)), { recursive: true });
      await provider().upload(file);
    },
    async remove(file) {
      await provider().delete(file);
    },
    async addToMediaLibrary(upload, adminUserId) {
      const [file] = await service().upload(
        {
          data: { fileInfo: { name: upload.name, caption: 'H5P package', alternativeText: null } },
          files: { filepath: upload.filepath, originalFilename: upload.name, mimetype: upload.mimetype, size: upload.size },
        },
        adminUserId ? { user: { id: adminUserId } } : {},
      );
      if (!file) throw new Error(`the upload plugin stored no file for ${upload.name}`);
      return file;
    },
    async removeFromMediaLibrary(file) {
      await service().remove(file);
    },
    async findMedia(id) {
      return (await strapi.db.query('plugin::upload.file').findOne({ where: { id }, select: ['id', 'name', 'hash', 'ext', 'url', 'mime', 'size'] })) as MediaFile | null;
    },
  };
}

// --- lessons and their H5P blocks ----------------------------------------------------------------

export interface H5pBlockRow {
  /** Component row id (the draft's and the published version's blocks are different rows). */
  id: number;
  title: string | null;
  graded: boolean;
  packageFileId: number | null;
  packageName: string | null;
}

export interface LessonWithH5p {
  documentId: string;
  title: string;
  published: boolean;
  courseDocumentId: string | null;
  courseTitle: string | null;
  blocks: H5pBlockRow[];
}

interface LessonRow {
  id: number;
  documentId: string;
  title: string;
  publishedAt: unknown;
  section?: { course?: { documentId: string; title: string } | null } | null;
  blocks?: Array<Record<string, unknown> & { __component: string; id: number }>;
}

const LESSON = 'api::lesson.lesson';
const H5P_COMPONENT = 'blocks.h5p';
// SQLite hands back 0/1 for booleans.
const isOn = (v: unknown) => v !== false && v !== 0;

function toLesson(row: LessonRow): LessonWithH5p {
  return {
    documentId: row.documentId,
    title: row.title,
    published: Boolean(row.publishedAt),
    courseDocumentId: row.section?.course?.documentId ?? null,
    courseTitle: row.section?.course?.title ?? null,
    blocks: (row.blocks ?? [])
      .filter((b) => b.__component === H5P_COMPONENT)
      .map((b) => {
        const pkg = b.package as { id: number; name: string } | null | undefined;
        return { id: b.id, title: (b.title as string | null) ?? null, graded: isOn(b.graded), packageFileId: pkg?.id ?? null, packageName: pkg?.name ?? null };
      }),
  };
}

const LESSON_QUERY = {
  select: ['id', 'documentId', 'title', 'publishedAt'],
  populate: {
    section: { select: ['id'], populate: { course: { select: ['documentId', 'title'] } } },
    blocks: { on: { [H5P_COMPONENT]: { populate: { package: { select: ['id', 'name'] } } } } },
  },
};

export interface LessonsPort {
  /** Draft (editable) versions of lessons that have an H5P block, in these courses ('all': any). */
  draftLessonsWithH5p(courses: 'all' | ReadonlySet<string>): Promise<LessonWithH5p[]>;
  /** The draft version of one lesson, or null. */
  draftLesson(lessonDocumentId: string): Promise<LessonWithH5p | null>;
  /** The published version of one lesson, or null. */
  publishedLesson(lessonDocumentId: string): Promise<LessonWithH5p | null>;
  /** The published versions of these lessons. */
  publishedLessons(lessonDocumentIds: readonly string[]): Promise<LessonWithH5p[]>;
  /** Points an H5P block (component row) at a media file. */
  setBlockPackage(blockId: number, fileId: number): Promise<void>;
}

export function lessonsOf(strapi: Core.Strapi): LessonsPort {
  const lessons = () => strapi.db.query(LESSON);
  return {
    async draftLessonsWithH5p(courses) {
      const rows = (await lessons().findMany({
        where: { publishedAt: { $null: true }, ...(courses === 'all' ? {} : { section: { course: { documentId: { $in: [...courses] } } } }) },
        ...LESSON_QUERY,
        orderBy: [{ title: 'asc' }],
        limit: 500,
      })) as LessonRow[];
      return rows.map(toLesson).filter((l) => l.blocks.length > 0);
    },
    async draftLesson(lessonDocumentId) {
      const row = (await lessons().findOne({ where: { documentId: lessonDocumentId, publishedAt: { $null: true } }, ...LESSON_QUERY })) as LessonRow | null;
      return row ? toLesson(row) : null;
    },
    async publishedLesson(lessonDocumentId) {
      const row = (await lessons().findOne({ where: { documentId: lessonDocumentId, publishedAt: { $notNull: true } }, ...LESSON_QUERY })) as LessonRow | null;
      return row ? toLesson(row) : null;
    },
    async publishedLessons(lessonDocumentIds) {
      if (lessonDocumentIds.length === 0) return [];
      const rows = (await lessons().findMany({ where: { documentId: { $in: [...lessonDocumentIds] }, publishedAt: { $notNull: true } }, ...LESSON_QUERY })) as LessonRow[];
      return rows.map(toLesson);
    },
    async setBlockPackage(blockId, fileId) {
      await strapi.db.query(H5P_COMPONENT).update({ where: { id: blockId }, data: { package: fileId } });
    },
  };
}

/**
 * The courses an admin user may change H5P packages in: every course for a super admin; for the
 * Instructor role the courses they teach (main or co-instructor) or created (as lms-grading's
 * admin scope and the content-manager's instructor conditions).
 */
export async function editableCourses(strapi: Core.Strapi, user: { id: number; roles?: Array<{ code?: string }> }): Promise<'all' | Set<string>> {
  if (user.roles?.some((r) => r.code === 'strapi-super-admin')) return 'all';
  const rows = (await strapi.db.query('api::course.course').findMany({
    where: { $or: [{ instructor: { adminUser: { id: user.id } } }, { coInstructors: { adminUser: { id: user.id } } }, { createdBy: { id: user.id } }] },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  return new Set(rows.map((r) => r.documentId));
}

// --- lms-grading ---------------------------------------------------------------------------------

export interface ActivityColumnPort {
  source: string;
  key: string;
  title: string;
  lessonDocumentId: string;
}

export interface ActivityCellPort {
  key: string;
  percent: number | null;
  attempts: number;
  passed: boolean | null;
}

export interface ActivitySourcePort {
  name: string;
  columns(courseDocumentId: string): Promise<ActivityColumnPort[]>;
  cells(courseDocumentId: string, userIds: readonly number[]): Promise<Map<number, Map<string, ActivityCellPort>>>;
}

/** lms-grading's gradebook, when that plugin is enabled: it shows other plugins' scored activities. */
export function gradebookOf(strapi: Core.Strapi): { addActivitySource(source: ActivitySourcePort): void } | null {
  const plugin = strapi.plugin('lms-grading') as Core.Plugin | undefined;
  const service = plugin?.service('gradebook') as { addActivitySource?: (source: ActivitySourcePort) => void } | undefined;
  return service?.addActivitySource ? { addActivitySource: (source) => service.addActivitySource?.(source) } : null;
}

// --- lms-enrollment -------------------------------------------------------------------------------

export type EnrollmentStatus = 'active' | 'completed' | 'refunded' | 'revoked' | 'expired';

export interface EnrollmentView {
  id: number;
  userId: number;
  courseDocumentId: string;
  status: EnrollmentStatus;
}

interface CourseStructureView {
  documentId: string;
  title: string;
  sections: Array<{ lessons: Array<{ documentId: string; title: string; blocks: BlockInfo[] }> }>;
}

interface CourseProgressView {
  progress: number;
  lessonsCompleted: number;
  lessonsTotal: number;
  status: string;
}

export interface CompleteLessonResult {
  lesson: { documentId: string; progress: { status: string; percent: number; completedAt: string | null } };
  course: CourseProgressView;
  changed: boolean;
}

export interface EnrollmentPort {
  findCourseOfLesson(lessonDocumentId: string): Promise<string | null>;
  getCourseStructure(courseDocumentId: string): Promise<CourseStructureView | null>;
  findEnrollment(userId: number, courseDocumentId: string, trx?: Knex.Transaction): Promise<EnrollmentView | null>;
  /** lms-enrollment's own "lesson done" (idempotent; lesson.completed, course completion). */
  completeLesson(userId: number, lessonDocumentId: string): Promise<CompleteLessonResult>;
  now(): Date;
}

export function enrollmentOf(strapi: Core.Strapi): EnrollmentPort {
  const plugin = () => strapi.plugin('lms-enrollment');
  const content = () => plugin().service('content') as unknown as Pick<EnrollmentPort, 'findCourseOfLesson' | 'getCourseStructure'>;
  const enrollments = () => plugin().service('enrollments') as unknown as Pick<EnrollmentPort, 'findEnrollment'>;
  const learning = () => plugin().service('learning') as unknown as Pick<EnrollmentPort, 'completeLesson'>;
  const clock = () => plugin().service('clock') as unknown as { now(): Date };
  return {
    findCourseOfLesson: (id) => content().findCourseOfLesson(id),
    getCourseStructure: (id) => content().getCourseStructure(id),
    findEnrollment: (userId, courseId, trx) => enrollments().findEnrollment(userId, courseId, trx),
    completeLesson: (userId, lessonId) => learning().completeLesson(userId, lessonId),
    now: () => clock().now(),
  };
}

export function grantsAccess(status: EnrollmentStatus | undefined): boolean {
  return status === 'active' || status === 'completed';
}

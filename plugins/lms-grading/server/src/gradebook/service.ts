import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { forbidden, notFound, toCsv } from '@lms/plugin-lms-core/server';
import { enrollmentAdminOf, enrollmentClockOf, enrollmentsOf, type AdminEnrollmentView, type CourseStructureView } from '../adapters/enrollment';
import { gradableCourses, mayGrade, type AdminUserLike } from '../admin-scope';
import { GradingError, type FeedbackMode } from '../domain';
import { quizContentOf } from '../quizzes/content';
import { courseGradedItems } from '../quizzes/course-items';
import {
  assignmentCell,
  assignmentFeedback,
  completionView,
  courseGradeView,
  quizCell,
  quizFeedback,
  type LearnerGrades,
  type QuizPolicy,
  type SubmissionFact,
} from './cells';
import type { GradeCell, GradebookCourse, GradebookRow, GradedItemRef, MyCourseGrades, MyGradeItem } from './contracts';
import { currentSubmissionsOf, quizAttemptsOf, type QuizAttemptRow } from './reads';
import { activityTable, type ActivitySource } from './activities';

const COURSE = 'api::course.course';

/** The most learners one CSV export holds; narrow the search for more. */
export const CSV_EXPORT_LIMIT = 50_000;
const CSV_PAGE = 500;

interface QuizSettings extends QuizPolicy {
  feedbackMode: FeedbackMode;
  dueDate: Date | null;
}

/** What the gradebook needs to know about one course, read once per request. */
export interface CourseContext {
  course: GradebookCourse;
  items: GradedItemRef[];
  /** Settings of the published quizzes; absent: the quiz does not parse (its attempts keep their pass mark). */
  quizzes: Map<string, QuizSettings>;
  minimum: number | null;
}

interface CourseRow {
  documentId: string;
  slug: string;
  title: string;
  publishedAt: unknown;
  minimumCourseGrade: number | null;
}

function toGradebookCourse(rows: CourseRow[]): GradebookCourse | null {
  // The published version's settings are the ones completion uses; a draft-only course shows its draft.
  const row = rows.find((r) => r.publishedAt) ?? rows[0];
  if (!row) return null;
  const minimum = row.minimumCourseGrade;
  return {
    documentId: row.documentId,
    slug: row.slug,
    title: row.title,
    published: rows.some((r) => r.publishedAt),
    minimumCourseGrade: minimum === null || minimum === undefined ? null : Number(minimum),
  };
}

/** The course's minimum course grade (published version), for the completion requirement. */
export async function minimumCourseGradeOf(strapi: Core.Strapi, courseDocumentId: string): Promise<number | null> {
  const row = (await strapi.db.query(COURSE).findOne({
    where: { documentId: courseDocumentId, publishedAt: { $notNull: true } },
    select: ['minimumCourseGrade'],
  })) as { minimumCourseGrade: number | null } | null;
  const value = row?.minimumCourseGrade;
  return value === null || value === undefined ? null : Number(value);
}

/** One learner's cells at every item, and the grades completion decides on. */
export function gradeLearner(
  context: Pick<CourseContext, 'items' | 'quizzes'>,
  attempts: Map<string, QuizAttemptRow[]> | undefined,
  submissions: Map<string, SubmissionFact> | undefined,
): { cells: GradeCell[]; grades: LearnerGrades } {
  const grades: LearnerGrades = { quizGrades: {}, assignments: {} };
  const cells = context.items.map((item) => {
    if (item.kind === 'quiz') {
      const own = attempts?.get(item.documentId) ?? [];
      // A quiz whose settings no longer parse keeps grading its attempts as they were taken.
      const policy = context.quizzes.get(item.documentId) ?? { attemptPolicy: 'best' as const, passingScore: own[own.length - 1]?.passingScore ?? 70 };
      const { cell, grade } = quizCell(item.documentId, own, policy);
      grades.quizGrades[item.documentId] = grade;
      return cell;
    }
    const { cell, status } = assignmentCell(item.documentId, submissions?.get(item.documentId));
    grades.assignments[item.documentId] = status;
    return cell;
  });
  return { cells, grades };
}

const percentCell = (cell: GradeCell) => (cell.percent === null ? null : cell.percent.toFixed(2));

/**
 * The gradebook: learners × graded items per course with the course grade and completion, for
 * instructors (their own courses) and admins, as JSON pages or CSV; and a learner's own grades.
 */
export const createGradebookService = ({ strapi }: { strapi: Core.Strapi }) => {
  const db = () => strapi.db.connection;
  // Other plugins' scored activities (lms-h5p), registered in their register().
  const activitySources: ActivitySource[] = [];

  async function readCourse(courseDocumentId: string): Promise<GradebookCourse> {
    const rows = (await strapi.db.query(COURSE).findMany({
      where: { documentId: courseDocumentId },
      select: ['documentId', 'slug', 'title', 'publishedAt', 'minimumCourseGrade'],
    })) as CourseRow[];
    const course = toGradebookCourse(rows);
    if (!course) throw notFound('course', courseDocumentId);
    return course;
  }

  async function courseContext(course: GradebookCourse, structure?: CourseStructureView): Promise<CourseContext> {
    const graded = course.published ? await courseGradedItems(strapi, course.documentId, structure) : { quizzes: [], assignments: [] };
    const items: GradedItemRef[] = [
      ...graded.quizzes.map((q) => ({ kind: 'quiz' as const, documentId: q.documentId, title: q.title, lessonDocumentId: q.lessonDocumentId })),
      ...graded.assignments.map((a) => ({ kind: 'assignment' as const, documentId: a.documentId, title: a.title, lessonDocumentId: a.lessonDocumentId })),
    ];
    const docs = await quizContentOf(strapi).findQuizzes(graded.quizzes.map((q) => q.documentId));
    const quizzes = new Map<string, QuizSettings>();
    for (const [id, doc] of docs) {
      if (!(doc.rules instanceof GradingError)) {
        quizzes.set(id, { attemptPolicy: doc.rules.attemptPolicy, passingScore: doc.rules.passingScore, feedbackMode: doc.rules.feedbackMode, dueDate: doc.rules.dueDate });
      }
    }
    return { course, items, quizzes, minimum: course.published ? course.minimumCourseGrade : null };
  }

  /** The course, after checking the admin user may see its grades (404 unknown, 403 not theirs). */
  async function gradableCourse(user: AdminUserLike, courseDocumentId: string): Promise<GradebookCourse> {
    const [scope, course] = await Promise.all([gradableCourses(strapi, user), readCourse(courseDocumentId)]);
    if (!mayGrade(scope, courseDocumentId)) {
      throw forbidden(`course "${course.title}" is not one of your courses; only its instructors and admins see its gradebook`, { code: 'not-your-course' });
    }
    return course;
  }

  async function rowsOf(context: CourseContext, enrollments: readonly AdminEnrollmentView[]): Promise<GradebookRow[]> {
    const userIds = [...new Set(enrollments.map((e) => e.learner.id))];
    const quizIds = context.items.filter((i) => i.kind === 'quiz').map((i) => i.documentId);
    const assignmentIds = context.items.filter((i) => i.kind === 'assignment').map((i) => i.documentId);
    const [attempts, submissions] = await Promise.all([quizAttemptsOf(db(), userIds, quizIds), currentSubmissionsOf(db(), userIds, assignmentIds)]);
    return enrollments.map((e): GradebookRow => {
      const { cells, grades } = gradeLearner(context, attempts.get(e.learner.id), submissions.get(e.learner.id));
      const { basisPoints: _bp, ...courseGrade } = courseGradeView(context.items, grades, context.minimum);
      return {
        learner: e.learner,
        enrollment: { id: e.id, status: e.status, progress: e.progress, enrolledAt: e.enrolledAt, completedAt: e.completedAt },
        cells,
        courseGrade,
        completion: completionView(e, context.items, grades, context.minimum),
      };
    });
  }

  /** One page of the course's enrollments (lms-enrollment's search, narrowed to exactly this course). */
  async function enrollmentPage(courseDocumentId: string, learner: string | undefined, page: number, pageSize: number) {
    const result = await enrollmentAdminOf(strapi).search({ course: courseDocumentId, ...(learner ? { learner } : {}) }, page, pageSize);
    return { data: result.data.filter((e) => e.course.documentId === courseDocumentId), total: result.total };
  }

  return {
    /** Courses whose gradebook the admin user may see, by title. */
    async courses(user: AdminUserLike): Promise<GradebookCourse[]> {
      const scope = await gradableCourses(strapi, user);
      if (scope !== 'all' && scope.size === 0) return [];
      const rows = (await strapi.db.query(COURSE).findMany({
        ...(scope === 'all' ? {} : { where: { documentId: { $in: [...scope] } } }),
        select: ['documentId', 'slug', 'title', 'publishedAt', 'minimumCourseGrade'],
        orderBy: [{ title: 'asc' }],
      })) as CourseRow[];
      const byId = new Map<string, CourseRow[]>();
      for (const r of rows) byId.set(r.documentId, [...(byId.get(r.documentId) ?? []), r]);
      return [...byId.values()].map((versions) => toGradebookCourse(versions) as GradebookCourse).sort((a, b) => a.title.localeCompare(b.title));
    },

    async gradebook(user: AdminUserLike, courseDocumentId: string, query: { learner?: string; page: number; pageSize: number }) {
      const context = await courseContext(await gradableCourse(user, courseDocumentId));
      const { data, total } = await enrollmentPage(courseDocumentId, query.learner, query.page, query.pageSize);
      const rows = await rowsOf(context, data);
      const activities = await activityTable(activitySources, courseDocumentId, rows.map((r) => r.learner.id));
      return { course: context.course, items: context.items, activities: activities.columns, rows: rows.map((r) => ({ ...r, activities: activities.cellsOf(r.learner.id) })), total };
    },

    /** Adds another plugin's scored activities to the gradebook (display only; see activities.ts). */
    addActivitySource(source: ActivitySource): void {
      if (!activitySources.some((s) => s.name === source.name)) activitySources.push(source);
    },

    /** The same rows as CSV (RFC 4180, formula-injection guard), every matching learner up to {@link CSV_EXPORT_LIMIT}. */
    async gradebookCsv(user: AdminUserLike, courseDocumentId: string, query: { learner?: string }): Promise<{ csv: string; course: GradebookCourse }> {
      const context = await courseContext(await gradableCourse(user, courseDocumentId));
      const rows: GradebookRow[] = [];
      for (let page = 1; rows.length < CSV_EXPORT_LIMIT; page += 1) {
        const { data, total } = await enrollmentPage(courseDocumentId, query.learner, page, CSV_PAGE);
        rows.push(...(await rowsOf(context, data)));
        if (page * CSV_PAGE >= total || data.length === 0) break;
      }
      const activities = await activityTable(activitySources, courseDocumentId, rows.map((r) => r.learner.id));
      const itemHeaders = context.items.flatMap((i) => [`${i.kind}: ${i.title} (percent)`, `${i.kind}: ${i.title} (status)`]);
      const activityHeaders = activities.columns.map((c) => `activity: ${c.title} (percent)`);
      const csv = toCsv(
        [
          'learner_id',
          'learner_email',
          'learner_username',
          'enrollment_status',
          'lesson_progress_percent',
          ...itemHeaders,
          ...activityHeaders,
          'course_grade_percent',
          'minimum_course_grade',
          'completion_status',
          'completed_at',
          'missing',
        ],
        rows.slice(0, CSV_EXPORT_LIMIT).map((r) => [
          r.learner.id,
          r.learner.email,
          r.learner.username,
          r.enrollment.status,
          r.enrollment.progress,
          ...r.cells.flatMap((c) => [percentCell(c), c.status]),
          ...activities.cellsOf(r.learner.id).map((c) => (c.percent === null ? null : c.percent.toFixed(2))),
          r.courseGrade.percent === null ? null : r.courseGrade.percent.toFixed(2),
          r.courseGrade.minimum,
          r.completion.status,
          r.completion.completedAt,
          r.completion.missing.join('; '),
        ]),
      );
      return { csv, course: context.course };
    },

    /** A learner's own grades: every course they are (or were) enrolled in, or the one asked for. */
    async myGrades(userId: number, courseDocumentId?: string): Promise<MyCourseGrades[]> {
      let enrollments = await enrollmentsOf(strapi).listMine(userId);
      if (courseDocumentId) {
        enrollments = enrollments.filter((e) => e.course.documentId === courseDocumentId);
        if (enrollments.length === 0) {
          await readCourse(courseDocumentId); // 404 for an unknown course
          throw forbidden(`you are not enrolled in this course; enroll to get grades`, { code: 'not-enrolled' });
        }
      }
      const now = enrollmentClockOf(strapi).now();
      const out: MyCourseGrades[] = [];
      for (const e of enrollments) {
        // A course deleted since the learner enrolled has no items left to show.
        const course = await readCourse(e.course.documentId).catch((): GradebookCourse => ({ ...e.course, published: false, minimumCourseGrade: null }));
        const context = await courseContext(course);
        const quizIds = context.items.filter((i) => i.kind === 'quiz').map((i) => i.documentId);
        const assignmentIds = context.items.filter((i) => i.kind === 'assignment').map((i) => i.documentId);
        const [attempts, submissions] = await Promise.all([quizAttemptsOf(db(), [userId], quizIds), currentSubmissionsOf(db(), [userId], assignmentIds)]);
        const ownAttempts = attempts.get(userId);
        const ownSubmissions = submissions.get(userId);
        const { cells, grades } = gradeLearner(context, ownAttempts, ownSubmissions);
        const items = context.items.map((item, i): MyGradeItem => {
          const { kind: _kind, documentId: _id, ...cell } = cells[i] as GradeCell;
          const settings = context.quizzes.get(item.documentId);
          const feedback =
            item.kind === 'quiz'
              ? quizFeedback(ownAttempts?.get(item.documentId) ?? [], settings ? { feedbackMode: settings.feedbackMode, dueDate: settings.dueDate } : null, now)
              : assignmentFeedback(item.documentId, ownSubmissions?.get(item.documentId));
          return { ...item, ...cell, feedback };
        });
        const { basisPoints: _bp, ...courseGrade } = courseGradeView(context.items, grades, context.minimum);
        const activities = await activityTable(activitySources, e.course.documentId, [userId]);
        const ownActivities = activities.cellsOf(userId);
        out.push({
          course: { documentId: e.course.documentId, slug: e.course.slug, title: e.course.title },
          enrollment: { status: e.status, completedAt: e.completedAt },
          items,
          activities: activities.columns.map((c, i) => ({ ...c, ...(ownActivities[i] ?? { key: c.key, percent: null, attempts: 0, passed: null }) })),
          courseGrade,
          completion: completionView(e, context.items, grades, context.minimum),
        });
      }
      return out;
    },

    /**
     * One learner's course grade against `minimum`, read inside `trx` so a grade written in the
     * same transaction counts (the completion requirement; `structure`: the published course).
     */
    async courseGradeOf(trx: Knex.Transaction, userId: number, structure: CourseStructureView, minimum: number | null) {
      const context = await courseContext(await readCourse(structure.documentId), structure);
      const quizIds = context.items.filter((i) => i.kind === 'quiz').map((i) => i.documentId);
      const assignmentIds = context.items.filter((i) => i.kind === 'assignment').map((i) => i.documentId);
      const [attempts, submissions] = await Promise.all([quizAttemptsOf(trx, [userId], quizIds), currentSubmissionsOf(trx, [userId], assignmentIds)]);
      const { grades } = gradeLearner(context, attempts.get(userId), submissions.get(userId));
      return courseGradeView(context.items, grades, minimum);
    },
  };
};

export type GradebookService = ReturnType<typeof createGradebookService>;

import { createHash, randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { conflict, forbidden, getLmsCoreService, inTransaction, invalidInput, isPostgres, isUniqueViolation, notFound } from '@lms/plugin-lms-core/server';
import { errors } from '@strapi/utils';
import { courseContentOf, enrollmentClockOf, enrollmentsOf, grantsAccess } from '../adapters/enrollment';
import { lessonLockedMessage, lessonLockOf, requireOpenLesson } from '../lesson-access';
import { mayGrade } from '../admin-scope';
import { GradingError, parseAssignmentScore, percentOf, points, scoreRubric, toPointsNumber, type Millipoints, type Rubric } from '../domain';
import { createPrivateFiles, signDownloadWithExpiry } from '../storage';
import { getService } from '../utils';
import type { AssignmentDocument } from './content';
import type {
  AdminSubmissionDetail,
  AssignmentOverview,
  GradingCourse,
  LearnerRef,
  QueuedSubmission,
  RubricCriterionView,
  SubmissionFileView,
  SubmissionView,
  SubmitAvailability,
} from './contracts';
import { decideSubmission, gradingBlocked, isLate, type SubmissionStatus } from './domain/submission-rules';
import { checkIncomingFiles, UploadError, verifyFileContent } from './domain/uploads';
import { FILES_TABLE, SUBMISSIONS_TABLE } from './migrations';
import { attemptsOf, filesOf, toSubmissionRecord, type FileRecord, type StoredRubricLine, type SubmissionRecord } from './store';

/** Per submission: files and text. The assignment content type has no setting for these. */
export const MAX_FILES = 5;
export const MAX_TEXT_LENGTH = 50_000;
/** Signed download links handed out with a page live this long. */
const DOWNLOAD_LINK_SECONDS = 15 * 60;

/** A file of the request as the multipart parser left it: name and size known, bytes read on demand. */
export interface IncomingUpload {
  name: unknown;
  size: number;
  read(): Promise<Buffer>;
}

export interface SubmitInput {
  text: string | null;
  files: IncomingUpload[];
}

/** The admin user acting (ctx.state.user of an admin route). */
export interface Grader {
  id: number;
  name: string;
}

export type GradeInput = { kind: 'rubric'; selections: Array<{ criterionId: string; levelId: string }>; feedback: string | null } | { kind: 'score'; score: string | number; feedback: string | null };

export interface QueueFilter {
  status: SubmissionStatus;
  course?: string;
  assignment?: string;
}

type Scope = 'all' | Set<string>;
type Db = Knex | Knex.Transaction;

const PAGE_ORDER: Record<SubmissionStatus, [string, 'asc' | 'desc']> = {
  // Oldest first: whoever handed in first is graded first.
  submitted: ['submitted_at', 'asc'],
  graded: ['graded_at', 'desc'],
  returned: ['returned_at', 'desc'],
};

function uploadToHttp(error: unknown): unknown {
  if (!(error instanceof UploadError)) return error;
  const problem = error.message.slice(error.field.length + 2);
  if (error.code === 'too-large') return new errors.PayloadTooLargeError(error.message, { field: error.field, code: error.code });
  return invalidInput(error.field, problem, { code: error.code });
}

function rubricView(rubric: Rubric): RubricCriterionView[] {
  return rubric.criteria.map((c) => ({
    id: c.id,
    title: c.title,
    description: c.description,
    levels: c.levels.map((l) => ({ id: l.id, label: l.label, points: toPointsNumber(l.points), description: l.description })),
  }));
}

const percentNumber = (score: Millipoints, max: Millipoints) => percentOf(score, max) / 100;

/** The pass mark in millipoints; a pass score above the maximum means full marks are needed. */
const passMillipoints = (a: AssignmentDocument) => points(Math.min(a.passScore, a.maxScore));

/**
 * Assignments: the learner's brief and submissions (text and files in private storage), the
 * grading queue of an admin's courses, rubric or typed-score grading, return for resubmission.
 * Every write is one transaction with its event; files are stored only after every check passed
 * and removed again when the transaction fails.
 */
export const createAssignmentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const content = () => getService(strapi, 'assignmentContent');
  const clock = () => enrollmentClockOf(strapi);
  const events = () => getLmsCoreService(strapi, 'events');
  const files = () => createPrivateFiles(strapi);
  const knex = () => strapi.db.connection;

  function fileView(f: FileRecord): SubmissionFileView {
    const link = signDownloadWithExpiry({ key: f.fileKey, filename: f.originalFilename, contentType: f.contentType, expiresInSeconds: DOWNLOAD_LINK_SECONDS });
    return {
      id: f.id,
      filename: f.originalFilename,
      contentType: f.contentType,
      size: f.sizeBytes,
      sha256: f.sha256,
      downloadUrl: link.path,
      downloadExpiresAt: link.expiresAt.toISOString(),
    };
  }

  function submissionView(s: SubmissionRecord, fileRecords: readonly FileRecord[]): SubmissionView {
    const graded = s.gradedAt !== null && s.score !== null && s.maxScore !== null && s.status !== 'submitted';
    return {
      id: s.id,
      attempt: s.attempt,
      current: s.isCurrent,
      status: s.status,
      text: s.text,
      submittedAt: s.submittedAt.toISOString(),
      late: s.late,
      files: fileRecords.map(fileView),
      grade:
        graded && s.score !== null && s.maxScore !== null && s.gradedAt
          ? {
              score: toPointsNumber(s.score),
              maxScore: toPointsNumber(s.maxScore),
              passScore: toPointsNumber(s.passScore ?? 0),
              percent: percentNumber(s.score, s.maxScore),
              passed: s.passed === true,
              rubric: s.rubricBreakdown?.map((b) => ({ ...b, points: toPointsNumber(b.points), maxPoints: toPointsNumber(b.maxPoints) })) ?? null,
              summary: s.scoreSummary,
              feedback: s.feedback,
              graderName: s.graderName,
              gradedAt: s.gradedAt.toISOString(),
            }
          : null,
      returned: s.status === 'returned' && s.returnedAt ? { feedback: s.returnFeedback, returnedAt: s.returnedAt.toISOString(), byName: s.returnedByName } : null,
    };
  }

  async function views(db: Db, records: readonly SubmissionRecord[]): Promise<SubmissionView[]> {
    const byId = await filesOf(
      db,
      records.map((r) => r.id),
    );
    return records.map((r) => submissionView(r, byId.get(r.id) ?? []));
  }

  async function learners(ids: readonly number[]): Promise<Map<number, LearnerRef>> {
    const out = new Map<number, LearnerRef>();
    if (ids.length === 0) return out;
    const rows = (await strapi.db.query('plugin::users-permissions.user').findMany({
      where: { id: { $in: [...new Set(ids)] } },
      select: ['id', 'username', 'email'],
    })) as Array<{ id: number; username: string | null; email: string | null }>;
    for (const r of rows) out.set(Number(r.id), { id: Number(r.id), username: r.username ?? null, email: r.email ?? null });
    return out;
  }

  /** The published assignment a learner may work on: 404 unknown/draft, 403 not enrolled in its course. */
  async function assignmentForLearner(userId: number, documentId: string): Promise<AssignmentDocument & { course: NonNullable<AssignmentDocument['course']> }> {
    const assignment = await content().findAssignment(documentId);
    if (!assignment) throw notFound('assignment', documentId, 'it may be a draft; its instructor must publish it');
    const course = assignment.course;
    if (!course) throw notFound('assignment', documentId, 'it belongs to no course');
    const enrollment = await enrollmentsOf(strapi).findEnrollment(userId, course.documentId);
    if (!grantsAccess(enrollment?.status)) {
      throw forbidden(`enroll in "${course.title}" to hand in this assignment`, { code: 'not-enrolled', course: course.documentId });
    }
    return { ...assignment, course };
  }

  function availability(current: SubmissionRecord | undefined, assignment: AssignmentDocument, now: Date): SubmitAvailability {
    const decision = decideSubmission(current ? { attempt: current.attempt, status: current.status } : null, assignment.allowResubmission);
    return decision.ok ? { canSubmit: true, nextAttempt: decision.attempt, lateIfNow: isLate(assignment.dueDate, now) } : { canSubmit: false, code: decision.code, message: decision.message };
  }

  /** Text as handed in: NUL characters refused (PostgreSQL cannot store them), blank → none. */
  function checkText(text: string | null): string | null {
    if (text === null) return null;
    if (text.includes('\u0000')) throw invalidInput('text', 'contains NUL characters; paste the text again');
    if (text.length > MAX_TEXT_LENGTH) throw invalidInput('text', `is ${text.length} characters long; at most ${MAX_TEXT_LENGTH} are accepted (attach a file instead)`);
    return text.trim() === '' ? null : text;
  }

  async function lockCurrent(trx: Knex.Transaction, userId: number, assignmentDocumentId: string): Promise<SubmissionRecord | undefined> {
    const query = trx(SUBMISSIONS_TABLE).where({ user_id: userId, assignment_document_id: assignmentDocumentId, is_current: true });
    // SQLite serialises writers itself and has no FOR UPDATE.
    const row = (await (isPostgres(trx) ? query.forUpdate() : query).first()) as Record<string, unknown> | undefined;
    return row ? toSubmissionRecord(row) : undefined;
  }

  async function lockSubmission(trx: Knex.Transaction, id: number): Promise<SubmissionRecord | undefined> {
    const query = trx(SUBMISSIONS_TABLE).where({ id });
    const row = (await (isPostgres(trx) ? query.forUpdate() : query).first()) as Record<string, unknown> | undefined;
    return row ? toSubmissionRecord(row) : undefined;
  }

  /** A submission inside the admin's courses, else 404 (another course's work is not revealed). */
  function inScope(scope: Scope, s: SubmissionRecord | undefined, id: number): SubmissionRecord {
    if (!s || !mayGrade(scope, s.courseDocumentId)) throw notFound('submission', id, 'it is not in one of your courses');
    return s;
  }

  /** A submit the rules allow is still closed while the lesson holding the assignment is locked. */
  async function lessonAware(userId: number, assignment: AssignmentDocument & { course: { documentId: string } }, submit: SubmitAvailability): Promise<SubmitAvailability> {
    if (!submit.canSubmit) return submit;
    const locked = await lessonLockOf(strapi, userId, assignment.course.documentId, 'assignment', assignment.documentId);
    return locked ? { canSubmit: false, code: 'lesson-locked', message: lessonLockedMessage('assignment', assignment.title, locked) } : submit;
  }

  const service = {
    // ─── learner ───────────────────────────────────────────────────────────────────────────

    async overview(userId: number, documentId: string): Promise<AssignmentOverview> {
      const assignment = await assignmentForLearner(userId, documentId);
      const attempts = await attemptsOf(knex(), userId, documentId);
      const now = clock().now();
      return {
        assignment: {
          documentId: assignment.documentId,
          title: assignment.title,
          instructions: assignment.instructions,
          course: assignment.course,
          dueDate: assignment.dueDate?.toISOString() ?? null,
          maxScore: assignment.maxScore,
          passScore: assignment.passScore,
          allowResubmission: assignment.allowResubmission,
          acceptedFileTypes: assignment.acceptedFileTypes,
          maxFileSizeMb: assignment.maxFileSizeMb,
          maxFiles: MAX_FILES,
          maxTextLength: MAX_TEXT_LENGTH,
          rubric: assignment.rubric && !(assignment.rubric instanceof GradingError) ? rubricView(assignment.rubric) : null,
        },
        submissions: await views(knex(), attempts),
        submit: await lessonAware(userId, assignment, availability(attempts.find((a) => a.isCurrent), assignment, now)),
        serverNow: now.toISOString(),
      };
    },

    /**
     * Hands in an attempt. Order: the assignment and enrollment, whether another attempt is
     * allowed, the text, every file's name, size and content; only then are files stored, and
     * the row is written in one transaction that re-checks the attempt under a lock.
     */
    async submit(userId: number, documentId: string, input: SubmitInput): Promise<SubmissionView> {
      const assignment = await assignmentForLearner(userId, documentId);
      const before = availability((await attemptsOf(knex(), userId, documentId)).find((a) => a.isCurrent), assignment, clock().now());
      if (!before.canSubmit) throw conflict(before.message, { code: before.code });
      await requireOpenLesson(strapi, userId, assignment.course.documentId, 'assignment', assignment);

      const text = checkText(input.text);
      const checked: Array<{ name: string; bytes: Buffer; contentType: string; sha256: string }> = [];
      try {
        const names = checkIncomingFiles(input.files, { accepted: assignment.acceptedFileTypes, maxFileBytes: assignment.maxFileSizeMb * 1024 * 1024, maxFiles: MAX_FILES });
        for (const [i, upload] of input.files.entries()) {
          const name = names[i] as string;
          const bytes = await upload.read();
          const { contentType } = verifyFileContent(name, bytes, `files[${i}]`);
          checked.push({ name, bytes, contentType, sha256: createHash('sha256').update(bytes).digest('hex') });
        }
      } catch (error) {
        throw uploadToHttp(error);
      }
      if (text === null && checked.length === 0) {
        throw invalidInput('text', assignment.acceptedFileTypes.length ? 'submit some text or at least one file' : 'submit some text (this assignment takes no files)');
      }

      const stored: string[] = [];
      try {
        for (const file of checked) {
          const key = `assignments/${documentId}/${userId}/${randomUUID()}`;
          await files().put(key, file.bytes, file.contentType);
          stored.push(key);
        }
        const record = await inTransaction(strapi, undefined, async (trx) => {
          const now = clock().now();
          const current = await lockCurrent(trx, userId, documentId);
          const decision = decideSubmission(current ? { attempt: current.attempt, status: current.status } : null, assignment.allowResubmission);
          if (!decision.ok) throw conflict(decision.message, { code: decision.code });
          if (current) await trx(SUBMISSIONS_TABLE).where({ id: current.id }).update({ is_current: false, updated_at: now });
          const late = isLate(assignment.dueDate, now);
          const [row] = (await trx(SUBMISSIONS_TABLE)
            .insert({
              user_id: userId,
              assignment_document_id: documentId,
              course_document_id: assignment.course.documentId,
              attempt: decision.attempt,
              is_current: true,
              text,
              status: 'submitted',
              submitted_at: now,
              late,
              created_at: now,
              updated_at: now,
            })
            .returning('*')) as Array<Record<string, unknown>>;
          const submission = toSubmissionRecord(row as Record<string, unknown>);
          if (checked.length) {
            await trx(FILES_TABLE).insert(
              checked.map((f, position) => ({
                submission_id: submission.id,
                position,
                file_key: stored[position],
                original_filename: f.name,
                content_type: f.contentType,
                size_bytes: f.bytes.length,
                sha256: f.sha256,
                created_at: now,
              })),
            );
          }
          await events().emit(trx, {
            type: 'assignment.submitted',
            payload: {
              learnerId: userId,
              courseId: assignment.course.documentId,
              assignmentId: documentId,
              submissionId: submission.id,
              attempt: submission.attempt,
              late,
              fileCount: checked.length,
              submittedAt: now.toISOString(),
            },
            actor: { type: 'user', id: userId },
          });
          return submission;
        });
        const [view] = await views(knex(), [record]);
        return view as SubmissionView;
      } catch (error) {
        // Nothing of a failed submission stays behind: its files go with the rolled-back row.
        await Promise.all(stored.map((key) => files().remove(key).catch((e: unknown) => strapi.log.warn(`lms-grading: could not remove private file ${key}: ${String(e)}`))));
        if (isUniqueViolation(error)) throw conflict('another submission of this assignment arrived at the same moment; reload the page to see it', { code: 'submission-race' });
        throw error;
      }
    },

    // ─── admin ─────────────────────────────────────────────────────────────────────────────

    async queue(scope: Scope, filter: QueueFilter, page: number, pageSize: number): Promise<{ data: QueuedSubmission[]; total: number }> {
      if (filter.course && !mayGrade(scope, filter.course)) throw forbidden(`course ${JSON.stringify(filter.course)} is not one of your courses`, { field: 'query.course' });
      const base = knex()(SUBMISSIONS_TABLE).where({ is_current: true, status: filter.status });
      if (filter.course) base.where({ course_document_id: filter.course });
      else if (scope !== 'all') {
        if (scope.size === 0) return { data: [], total: 0 };
        base.whereIn('course_document_id', [...scope]);
      }
      if (filter.assignment) base.where({ assignment_document_id: filter.assignment });

      const [countRow] = (await base.clone().count({ n: '*' })) as Array<{ n: number | string }>;
      const total = Number(countRow?.n ?? 0);
      const [column, direction] = PAGE_ORDER[filter.status];
      const rows = ((await base
        .clone()
        .orderBy([{ column, order: direction }, { column: 'id', order: 'asc' }])
        .limit(pageSize)
        .offset((page - 1) * pageSize)) as Array<Record<string, unknown>>).map(toSubmissionRecord);

      const ids = rows.map((r) => r.id);
      const counts = ids.length
        ? ((await knex()(FILES_TABLE).whereIn('submission_id', ids).groupBy('submission_id').select('submission_id').count({ n: '*' })) as Array<{ submission_id: number; n: number | string }>)
        : [];
      const fileCounts = new Map(counts.map((c) => [Number(c.submission_id), Number(c.n)]));
      const [people, courses, titles] = await Promise.all([
        learners(rows.map((r) => r.userId)),
        courseContentOf(strapi).courseRefs(rows.map((r) => r.courseDocumentId)),
        content().assignmentTitles(rows.map((r) => r.assignmentDocumentId)),
      ]);
      return {
        total,
        data: rows.map((r) => ({
          id: r.id,
          attempt: r.attempt,
          status: r.status,
          late: r.late,
          submittedAt: r.submittedAt.toISOString(),
          gradedAt: r.gradedAt?.toISOString() ?? null,
          returnedAt: r.returnedAt?.toISOString() ?? null,
          learner: people.get(r.userId) ?? { id: r.userId, username: null, email: null },
          course: { documentId: r.courseDocumentId, title: courses.get(r.courseDocumentId)?.title ?? `(course ${r.courseDocumentId})` },
          assignment: { documentId: r.assignmentDocumentId, title: titles.get(r.assignmentDocumentId) ?? `(assignment ${r.assignmentDocumentId})` },
          fileCount: fileCounts.get(r.id) ?? 0,
          score: r.score === null ? null : toPointsNumber(r.score),
          maxScore: r.maxScore === null ? null : toPointsNumber(r.maxScore),
          passed: r.passed,
        })),
      };
    },

    /** Courses of the queue's filter: the admin's courses with current submissions, and how many wait. */
    async gradingCourses(scope: Scope): Promise<GradingCourse[]> {
      const query = knex()(SUBMISSIONS_TABLE).where({ is_current: true });
      if (scope !== 'all') {
        if (scope.size === 0) return [];
        query.whereIn('course_document_id', [...scope]);
      }
      const rows = (await query
        .groupBy('course_document_id')
        .select('course_document_id')
        .select(knex().raw(`SUM(CASE WHEN status = 'submitted' THEN 1 ELSE 0 END) AS submitted`))) as Array<{ course_document_id: string; submitted: number | string | null }>;
      const ids = [...new Set([...rows.map((r) => r.course_document_id), ...(scope === 'all' ? [] : [...scope])])];
      const refs = await courseContentOf(strapi).courseRefs(ids);
      const waiting = new Map(rows.map((r) => [r.course_document_id, Number(r.submitted ?? 0)]));
      return ids
        .filter((id) => refs.has(id))
        .map((id) => ({ documentId: id, title: refs.get(id)?.title ?? id, submitted: waiting.get(id) ?? 0 }))
        .sort((a, b) => b.submitted - a.submitted || a.title.localeCompare(b.title));
    },

    async detail(scope: Scope, id: number): Promise<AdminSubmissionDetail> {
      const row = (await knex()(SUBMISSIONS_TABLE).where({ id }).first()) as Record<string, unknown> | undefined;
      const submission = inScope(scope, row ? toSubmissionRecord(row) : undefined, id);
      return service.describe(submission);
    },

    async describe(submission: SubmissionRecord): Promise<AdminSubmissionDetail> {
      const [assignment, attempts, people, courses, titles] = await Promise.all([
        content().findAssignment(submission.assignmentDocumentId),
        attemptsOf(knex(), submission.userId, submission.assignmentDocumentId),
        learners([submission.userId]),
        courseContentOf(strapi).courseRefs([submission.courseDocumentId]),
        content().assignmentTitles([submission.assignmentDocumentId]),
      ]);
      const all = await views(knex(), attempts);
      const self = all.find((v) => v.id === submission.id) ?? (await views(knex(), [submission]))[0];
      const rubric = assignment?.rubric ?? null;
      const blocked = (action: 'grade' | 'return') => {
        const state = gradingBlocked(action, submission);
        if (state) return state;
        if (action === 'grade' && !assignment) return 'the assignment is not published; publish it to grade against its current settings';
        return null;
      };
      return {
        submission: self as SubmissionView,
        learner: people.get(submission.userId) ?? { id: submission.userId, username: null, email: null },
        course: { documentId: submission.courseDocumentId, title: courses.get(submission.courseDocumentId)?.title ?? `(course ${submission.courseDocumentId})` },
        assignment: {
          documentId: submission.assignmentDocumentId,
          title: assignment?.title ?? titles.get(submission.assignmentDocumentId) ?? `(assignment ${submission.assignmentDocumentId})`,
          maxScore: assignment?.maxScore ?? (submission.maxScore === null ? 0 : toPointsNumber(submission.maxScore)),
          passScore: assignment?.passScore ?? (submission.passScore === null ? 0 : toPointsNumber(submission.passScore)),
          dueDate: assignment?.dueDate?.toISOString() ?? null,
          allowResubmission: assignment?.allowResubmission ?? false,
          rubric: rubric && !(rubric instanceof GradingError) ? rubricView(rubric) : null,
          rubricProblem: rubric instanceof GradingError ? rubric.message : null,
          published: assignment !== null,
        },
        history: all.filter((v) => v.id !== submission.id),
        actions: { grade: blocked('grade'), return: blocked('return') },
      };
    },

    /**
     * Grades the learner's current attempt with the rubric (one level per criterion) or a typed
     * score, against the published assignment; stores the breakdown with titles and labels;
     * emits assignment.graded and re-checks course completion in the same transaction.
     */
    async grade(scope: Scope, grader: Grader, id: number, input: GradeInput): Promise<AdminSubmissionDetail> {
      const graded = await inTransaction(strapi, undefined, async (trx) => {
        const submission = inScope(scope, await lockSubmission(trx, id), id);
        const blocked = gradingBlocked('grade', submission);
        if (blocked) throw conflict(blocked, { code: submission.isCurrent ? 'submission-returned' : 'submission-replaced' });
        const assignment = await content().findAssignment(submission.assignmentDocumentId);
        if (!assignment) throw conflict('the assignment is not published; publish it to grade against its current settings', { code: 'assignment-unpublished' });

        let score: Millipoints;
        let breakdown: StoredRubricLine[] | null = null;
        let summary: string | null = null;
        try {
          if (input.kind === 'rubric') {
            if (assignment.rubric === null) throw invalidInput('selections', 'this assignment has no rubric; send a score instead');
            if (assignment.rubric instanceof GradingError) {
              throw conflict(`the rubric of "${assignment.title}" cannot be used as authored: ${assignment.rubric.message}; fix it, or send a score`, {
                code: 'rubric-misconfigured',
                field: assignment.rubric.field,
              });
            }
            const result = scoreRubric(assignment.rubric, input.selections, assignment.maxScore);
            score = result.score;
            breakdown = result.breakdown;
            summary = result.summary;
          } else {
            score = parseAssignmentScore(input.score, assignment.maxScore);
            summary = `score entered by the grader: ${toPointsNumber(score)} of ${assignment.maxScore}`;
          }
        } catch (error) {
          if (error instanceof GradingError) throw invalidInput(error.field, error.message.slice(error.field.length + 2), { code: error.code });
          throw error;
        }

        const now = clock().now();
        const max = points(assignment.maxScore);
        const pass = passMillipoints(assignment);
        const passed = score >= pass;
        const [row] = (await trx(SUBMISSIONS_TABLE)
          .where({ id })
          .update({
            status: 'graded',
            score,
            max_score: max,
            pass_score: pass,
            passed,
            rubric_breakdown: breakdown ? JSON.stringify(breakdown) : null,
            score_summary: summary,
            feedback: input.feedback,
            grader_admin_id: grader.id,
            grader_name: grader.name,
            graded_at: now,
            updated_at: now,
          })
          .returning('*')) as Array<Record<string, unknown>>;
        await events().emit(trx, {
          type: 'assignment.graded',
          payload: {
            learnerId: submission.userId,
            courseId: submission.courseDocumentId,
            assignmentId: submission.assignmentDocumentId,
            submissionId: submission.id,
            scoreMillipoints: score,
            maxMillipoints: max,
            passed,
            gradedAt: now.toISOString(),
            graderId: grader.id,
          },
          actor: { type: 'admin', id: grader.id },
        });
        await enrollmentsOf(strapi).recheckCompletion(submission.userId, submission.courseDocumentId, trx);
        return toSubmissionRecord(row as Record<string, unknown>);
      });
      return service.describe(graded);
    },

    /** Returns the current attempt to the learner for another one, with feedback saying what to change. */
    async returnForResubmission(scope: Scope, grader: Grader, id: number, feedback: string): Promise<AdminSubmissionDetail> {
      const returned = await inTransaction(strapi, undefined, async (trx) => {
        const submission = inScope(scope, await lockSubmission(trx, id), id);
        const blocked = gradingBlocked('return', submission);
        if (blocked) throw conflict(blocked, { code: submission.isCurrent ? 'submission-returned' : 'submission-replaced' });
        const now = clock().now();
        const [row] = (await trx(SUBMISSIONS_TABLE)
          .where({ id })
          .update({ status: 'returned', return_feedback: feedback, returned_by_admin_id: grader.id, returned_by_name: grader.name, returned_at: now, updated_at: now })
          .returning('*')) as Array<Record<string, unknown>>;
        await events().emit(trx, {
          type: 'assignment.returned',
          payload: {
            learnerId: submission.userId,
            courseId: submission.courseDocumentId,
            assignmentId: submission.assignmentDocumentId,
            submissionId: submission.id,
            returnedAt: now.toISOString(),
          },
          actor: { type: 'admin', id: grader.id },
        });
        return toSubmissionRecord(row as Record<string, unknown>);
      });
      return service.describe(returned);
    },
  };
  return service;
};

export type AssignmentsService = ReturnType<typeof createAssignmentsService>;

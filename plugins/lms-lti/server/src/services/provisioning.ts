import { createHash, randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isUniqueViolation } from '@lms/plugin-lms-core/server';
import { LtiError, type LmsRole } from '../domain';
import { courseContentOf, enrollmentsOf, quizzesOfBlocks, usersOf, type CourseStructureView } from '../adapters/lms';
import { TABLES } from '../migrations';
import { storeKey } from '../stores/kv';
import { getService } from '../utils';

/** What a launch opens: a course, and in it a lesson (a quiz opens the lesson that holds it). */
export interface LaunchTarget {
  course: CourseStructureView;
  lessonDocumentId: string | null;
  quizDocumentId: string | null;
  /** The site path the learner lands on. */
  sitePath: string;
}

/** Seconds a hand-off token may wait for the site to redeem it (a redirect, so: at once). */
export const HANDOFF_TTL_SECONDS = 120;


/**
 * What LTI 1.3 and LTI 1.1 launches share once the message is verified: which course and lesson
 * the link opens (and whether this platform may reach it), the user by (issuer, subject), the
 * enrollment with source `lti`, and the one-time token that hands the browser to the site.
 */
export const createProvisioningService = ({ strapi }: { strapi: Core.Strapi }) => {
  const refuse = (message: string, field = 'custom'): LtiError => {
    // 'invalid-claim' answers 400 with a message that says what to change in the platform.
    return new LtiError('invalid-claim', field, message);
  };

  return {
    /**
     * Resolves what the link opens: `lms_course` / `lms_lesson` / `lms_quiz` custom parameters
     * (deep-linked items carry them), else what the link was bound to before, else the only
     * course linked to the registration. The course must be one the registration may reach.
     */
    async resolveTarget(
      wanted: { courseId: string | null; lessonId: string | null; quizId: string | null },
      allowedCourseIds: readonly string[],
      platformName: string,
    ): Promise<LaunchTarget> {
      let courseId = wanted.courseId;
      if (!courseId) {
        if (allowedCourseIds.length !== 1) {
          throw refuse(
            allowedCourseIds.length === 0
              ? `no course is linked to the registration of ${platformName}; link one in the LTI admin panel`
              : `this link does not say which course to open and ${platformName} may reach ${allowedCourseIds.length} courses; add the link with Deep Linking (or set the custom parameter lms_course)`,
          );
        }
        courseId = allowedCourseIds[0] as string;
      }
      if (!allowedCourseIds.includes(courseId)) {
        throw new LtiError('invalid-claim', 'custom.lms_course', `course ${JSON.stringify(courseId)} is not linked to the registration of ${platformName}; link it in the LTI admin panel`);
      }
      const course = await courseContentOf(strapi).getCourseStructure(courseId);
      if (!course) throw refuse(`course ${JSON.stringify(courseId)} is not published; publish it before launching it`, 'custom.lms_course');
      const lessons = course.sections.flatMap((s) => s.lessons);
      let lessonId = wanted.lessonId;
      const quizId = wanted.quizId;
      if (quizId) {
        const quizBlocks = lessons.flatMap((l) => l.blocks.filter((b) => b.kind === 'quiz').map((b) => ({ lesson: l.documentId, blockId: b.id })));
        const quizzes = await quizzesOfBlocks(strapi, quizBlocks.map((b) => b.blockId));
        const holder = quizBlocks.find((b) => quizzes.get(b.blockId)?.documentId === quizId);
        if (!holder) throw refuse(`quiz ${JSON.stringify(quizId)} is not in a published lesson of "${course.title}"`, 'custom.lms_quiz');
        lessonId = holder.lesson;
      }
      const lesson = lessonId ? lessons.find((l) => l.documentId === lessonId) : undefined;
      if (lessonId && !lesson) throw refuse(`lesson ${JSON.stringify(lessonId)} is not a published lesson of "${course.title}"`, 'custom.lms_lesson');
      return {
        course,
        lessonDocumentId: lesson?.documentId ?? null,
        quizDocumentId: quizId ?? null,
        sitePath: lesson ? `/learn/${encodeURIComponent(course.slug)}/${encodeURIComponent(lesson.slug)}` : `/learn/${encodeURIComponent(course.slug)}`,
      };
    },

    /**
     * The users-permissions user of (issuer, subject), created on the first launch, and its
     * enrollment (source lti) in the course. Never linked to an existing account by email: a
     * platform asserting an address is not proof that the person owns our account with it.
     */
    async provisionAndEnroll(
      trx: Knex.Transaction,
      input: { issuer: string; subject: string; name: string | null; email: string | null; courseDocumentId: string; role: LmsRole; sourceRef: string; now: Date },
    ): Promise<{ userId: number; ltiUserId: number; created: boolean }> {
      const found = (await trx(TABLES.users).where({ issuer: input.issuer, subject: input.subject }).first('id', 'user_id')) as { id: number; user_id: number } | undefined;
      let userId: number;
      let ltiUserId: number;
      let created = false;
      const users = usersOf(strapi);
      if (found) {
        userId = Number(found.user_id);
        ltiUserId = Number(found.id);
        const blocked = await users.isBlocked(userId);
        if (blocked === null) throw new Error(`LTI user ${ltiUserId} points at users-permissions user ${userId}, which no longer exists`);
        if (blocked) throw new LtiError('invalid-claim', 'sub', 'this account is blocked on our site; ask an administrator');
        await trx(TABLES.users).where({ id: ltiUserId }).update({ name: input.name, email: input.email, last_launch_at: input.now, updated_at: input.now });
      } else {
        const handle = `lti-${createHash('sha256').update(`${input.issuer}\n${input.subject}`).digest('hex').slice(0, 16)}`;
        const email = input.email && !(await users.emailTaken(input.email)) ? input.email : `${handle}@lti.invalid`;
        const user = await users.create({ username: handle, email, roleId: await users.authenticatedRoleId() });
        userId = user.id;
        const [row] = (await trx(TABLES.users)
          .insert({ issuer: input.issuer, subject: input.subject, user_id: userId, name: input.name, email: input.email, last_launch_at: input.now, created_at: input.now, updated_at: input.now })
          .returning('id')) as Array<{ id: number } | number>;
        ltiUserId = typeof row === 'object' ? Number(row?.id) : Number(row);
        created = true;
      }
      await enrollmentsOf(strapi).grantEnrollment(
        { userId, courseDocumentId: input.courseDocumentId, source: 'lti', sourceRef: input.sourceRef.slice(0, 255), actor: { type: 'lti', id: input.issuer.slice(0, 200) } },
        trx,
      );
      return { userId, ltiUserId, created };
    },

    /** Runs `work` in a transaction, once more if a concurrent launch created the same user first. */
    async inLaunchTransaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
      const run = () => strapi.db.transaction(({ trx }: { trx: Knex.Transaction }) => work(trx)) as Promise<T>;
      try {
        return await run();
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return run();
      }
    },

    /** A one-time token the site exchanges for the learner's session (GET /lti/launch?token=…). */
    async createHandoff(userId: number, sitePath: string): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await getService(strapi, 'runtime').store().put(storeKey('handoff', token), JSON.stringify({ userId, sitePath }), HANDOFF_TTL_SECONDS);
      return token;
    },

    /** Redeems a hand-off token once: the learner's JWT and where to send them. */
    async redeemHandoff(token: string): Promise<{ jwt: string; path: string } | null> {
      const value = await getService(strapi, 'runtime').store().take(storeKey('handoff', token));
      if (!value) return null;
      const { userId, sitePath } = JSON.parse(value) as { userId: number; sitePath: string };
      if ((await usersOf(strapi).isBlocked(userId)) !== false) return null;
      return { jwt: usersOf(strapi).issueJwt(userId), path: sitePath };
    },
  };
};

export type ProvisioningService = ReturnType<typeof createProvisioningService>;

import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { writeJson } from '@lms/plugin-lms-core/server';
import {
  type DeepLinkingContext,
  type LtiLaunch,
  type ResourceLinkItem,
  LOGIN_STATE_TTL_SECONDS,
  LtiError,
  autoSubmitFormHtml,
  deepLinkingContext,
  parseLoginRequest,
  planLogin,
  signDeepLinkingResponse,
  verifyLaunch,
  type PendingLogin,
} from '../domain';
import { clockOf, courseContentOf, quizzesOfBlocks } from '../adapters/lms';
import { TABLES } from '../migrations';
import { pickerPage, type PickerCourse } from '../pages';
import { ltiSettings, requireKeyEncryptionKey, toolUrls } from '../settings';
import { storeKey } from '../stores/kv';
import { getService } from '../utils';
import type { StoredRegistration } from './registrations';

/** How long an instructor may take in the deep-linking picker. */
const PICKER_TTL_SECONDS = 3600;

/** A redirect, or a page rendered with the response's CSP script nonce. */
export type LoginAnswer = { kind: 'redirect'; url: string } | { kind: 'html'; render: (scriptNonce: string) => string };
export type LaunchAnswer = LoginAnswer;


interface PickerSession {
  registrationId: number;
  context: DeepLinkingContext;
}

/**
 * The LTI 1.3 tool flows as thin glue over the domain: OIDC login initiation, launch (resource
 * link → provision, enroll, hand off to the site; deep linking → the picker), and the signed
 * deep-linking response.
 */
export const createLti13Service = ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'runtime').store();
  const registrations = () => getService(strapi, 'registrations');
  const provisioning = () => getService(strapi, 'provisioning');
  const now = () => clockOf(strapi).now();

  /** Records the link (what it opens, its AGS/NRPS endpoints) and that this user launched it. */
  async function recordLink(
    trx: Knex.Transaction,
    registration: StoredRegistration,
    launch: LtiLaunch,
    target: { courseId: string; lessonId: string | null; quizId: string | null },
    member: { userId: number; ltiUserId: number },
    at: Date,
  ): Promise<number> {
    const link = launch.resourceLink;
    if (!link) throw new Error('recordLink needs a resource link launch');
    const values = {
      context_id: launch.context?.id ?? null,
      context_title: launch.context?.title ?? null,
      title: link.title,
      course_document_id: target.courseId,
      lesson_document_id: target.lessonId,
      quiz_document_id: target.quizId,
      ags_scopes: launch.ags ? writeJson(launch.ags.scopes) : null,
      ags_line_items_url: launch.ags?.lineItemsUrl ?? null,
      ags_line_item_url: launch.ags?.lineItemUrl ?? null,
      nrps_memberships_url: launch.nrps?.contextMembershipsUrl ?? null,
      updated_at: at,
    };
    await trx(TABLES.resourceLinks)
      .insert({ registration_id: registration.id, deployment_id: launch.deploymentId, resource_link_id: link.id, created_at: at, ...values })
      .onConflict(['registration_id', 'deployment_id', 'resource_link_id'])
      .merge(values);
    const row = (await trx(TABLES.resourceLinks)
      .where({ registration_id: registration.id, deployment_id: launch.deploymentId, resource_link_id: link.id })
      .first('id')) as { id: number };
    const role = launch.role.primary ?? 'learner';
    await trx(TABLES.linkMembers)
      .insert({ resource_link_id: row.id, user_id: member.userId, lti_user_id: member.ltiUserId, role, last_launch_at: at })
      .onConflict(['resource_link_id', 'user_id'])
      .merge({ lti_user_id: member.ltiUserId, role, last_launch_at: at });
    return Number(row.id);
  }

  /** The link's earlier binding, when the launch carries no custom parameters (a re-launch). */
  async function storedTarget(registration: StoredRegistration, launch: LtiLaunch) {
    if (!launch.resourceLink) return null;
    return (await strapi.db
      .connection(TABLES.resourceLinks)
      .where({ registration_id: registration.id, deployment_id: launch.deploymentId, resource_link_id: launch.resourceLink.id })
      .first('course_document_id', 'lesson_document_id', 'quiz_document_id')) as
      | { course_document_id: string; lesson_document_id: string | null; quiz_document_id: string | null }
      | undefined;
  }

  async function pickerCourses(courseIds: readonly string[]): Promise<PickerCourse[]> {
    const out: PickerCourse[] = [];
    for (const id of courseIds) {
      const course = await courseContentOf(strapi).getCourseStructure(id);
      if (!course) continue;
      const lessons = course.sections.flatMap((s) => s.lessons);
      const quizzes = await quizzesOfBlocks(strapi, lessons.flatMap((l) => l.blocks.filter((b) => b.kind === 'quiz').map((b) => b.id)));
      out.push({
        documentId: course.documentId,
        title: course.title,
        lessons: lessons.map((l) => ({
          documentId: l.documentId,
          title: l.title,
          quizzes: l.blocks.filter((b) => b.kind === 'quiz').flatMap((b) => (quizzes.get(b.id) ? [quizzes.get(b.id) as { documentId: string; title: string }] : [])),
        })),
      });
    }
    return out;
  }

  return {
    /** GET or POST /login: validates against the registration, stores state + nonce, sends the browser on. */
    async login(params: unknown): Promise<LoginAnswer> {
      requireKeyEncryptionKey();
      const request = parseLoginRequest(params);
      const settings = ltiSettings();
      const login = planLogin(request, await registrations().findByIssuer(request.issuer), {
        redirectUri: toolUrls(settings).launchUrl,
        targetLinkOrigins: [settings.publicUrl, settings.siteUrl],
      });
      await store().put(`state:${login.pending.state}`, JSON.stringify(login.pending), LOGIN_STATE_TTL_SECONDS);
      if (login.authRequest.method === 'GET') return { kind: 'redirect', url: login.authRequest.url };
      const { action, params: fields } = login.authRequest;
      return { kind: 'html', render: (scriptNonce) => autoSubmitFormHtml(action, fields, { title: 'Signing you in…', scriptNonce }) };
    },

    /** POST /launch (form_post from the platform): verify, then open the lesson or the picker. */
    async launch(body: unknown): Promise<LaunchAnswer> {
      requireKeyEncryptionKey();
      const form = (body ?? {}) as Record<string, unknown>;
      if (typeof form.state !== 'string' || form.state === '') {
        throw new LtiError('invalid-login-request', 'state', 'is missing; the launch must come back from the platform with the state of the login');
      }
      if (form.error !== undefined) {
        throw new LtiError('invalid-login-request', 'error', `the platform refused the login: ${String(form.error)} ${String(form.error_description ?? '')}`.trim());
      }
      const stored = await store().take(`state:${form.state}`);
      if (!stored) {
        throw new LtiError('invalid-login-request', 'state', 'is unknown or expired (logins are valid for 10 minutes and used once); open the activity again from your course');
      }
      const pending = JSON.parse(stored) as PendingLogin;
      const registration = await registrations().find(pending.issuer, pending.clientId);
      if (!registration) throw new LtiError('unknown-client', 'client_id', `the registration of ${JSON.stringify(pending.issuer)} was removed during the login`);
      const at = now();
      const launch = await verifyLaunch(form.id_token, {
        registration,
        keys: getService(strapi, 'runtime').platformKeys(),
        now: at,
        expectedNonce: pending.nonce,
        expectedTargetLinkUri: pending.targetLinkUri,
        consumeNonce: ({ issuer, nonce, keepUntil }) => store().putIfAbsent(storeKey('nonce', issuer, nonce), '1', keepUntil),
      });
      if (launch.role.primary === null) {
        throw new LtiError('invalid-claim', 'roles', 'carries no Learner, Instructor or Administrator role; only those can open our content');
      }

      if (launch.messageType === 'LtiDeepLinkingRequest') {
        if (launch.role.primary === 'learner') {
          throw new LtiError('invalid-claim', 'roles', 'a learner cannot add content; deep linking needs an Instructor or Administrator role');
        }
        const context = deepLinkingContext(launch);
        const session = randomBytes(32).toString('base64url');
        await store().put(storeKey('picker', session), JSON.stringify({ registrationId: registration.id, context } satisfies PickerSession), PICKER_TTL_SECONDS);
        const html = pickerPage({
            action: toolUrls().deepLinkingResponseUrl,
            session,
            courses: await pickerCourses(registration.courseIds),
            multiple: context.settings.acceptMultiple,
            platform: launch.toolPlatform?.name ?? registration.name,
        });
        return { kind: 'html', render: () => html };
      }

      const previous = launch.custom.lms_course ? null : await storedTarget(registration, launch);
      const target = await provisioning().resolveTarget(
        {
          courseId: launch.custom.lms_course ?? previous?.course_document_id ?? null,
          lessonId: launch.custom.lms_lesson ?? (launch.custom.lms_course ? null : (previous?.lesson_document_id ?? null)),
          quizId: launch.custom.lms_quiz ?? (launch.custom.lms_course ? null : (previous?.quiz_document_id ?? null)),
        },
        registration.courseIds,
        registration.name,
      );
      const { userId } = await provisioning().inLaunchTransaction(async (trx) => {
        const provisioned = await provisioning().provisionAndEnroll(trx, {
          issuer: launch.issuer,
          subject: launch.user.subject,
          name: launch.user.name,
          email: launch.user.email,
          courseDocumentId: target.course.documentId,
          role: launch.role.primary ?? 'learner',
          sourceRef: `lti:${registration.id}:${launch.context?.id ?? launch.deploymentId}`,
          now: at,
        });
        await recordLink(trx, registration, launch, { courseId: target.course.documentId, lessonId: target.lessonDocumentId, quizId: target.quizDocumentId }, provisioned, at);
        return provisioned;
      });
      const token = await provisioning().createHandoff(userId, target.sitePath);
      return { kind: 'redirect', url: `${ltiSettings().siteUrl}/lti/launch?token=${encodeURIComponent(token)}` };
    },

    /** POST /deep-linking (the picker's form): the signed LtiDeepLinkingResponse, auto-posted to the platform. */
    async deepLinkingResponse(body: unknown): Promise<(scriptNonce: string) => string> {
      const form = (body ?? {}) as Record<string, unknown>;
      const session = typeof form.session === 'string' ? form.session : '';
      const stored = session ? await store().take(storeKey('picker', session)) : null;
      if (!stored) throw new LtiError('invalid-login-request', 'session', 'the picker expired or was already used; start again from the platform');
      const { registrationId, context } = JSON.parse(stored) as PickerSession;
      const registration = await registrations().findById(registrationId);
      if (!registration) throw new LtiError('unknown-client', 'client_id', 'the registration was removed while the picker was open');
      const picked = form.cancel ? [] : (Array.isArray(form.item) ? form.item : form.item === undefined ? [] : [form.item]).map(String);
      const items: ResourceLinkItem[] = [];
      const launchUrl = toolUrls().launchUrl;
      const courses = await pickerCourses(registration.courseIds);
      for (const value of picked) {
        const [kind, id] = value.split(':', 2) as [string, string | undefined];
        const course = courses.find((c) => (kind === 'course' ? c.documentId === id : c.lessons.some((l) => l.documentId === id || l.quizzes.some((q) => q.documentId === id))));
        if (!course || !id) throw new LtiError('invalid-deep-linking-item', `items[${items.length}]`, `${JSON.stringify(value)} is not content this platform may link`);
        if (kind === 'course') {
          items.push({ title: course.title, url: launchUrl, custom: { lms_course: course.documentId }, lineItem: { scoreMaximum: 1, label: `${course.title} (completion)`, resourceId: `course:${course.documentId}`, tag: 'completion' } });
        } else if (kind === 'lesson') {
          const lesson = course.lessons.find((l) => l.documentId === id);
          items.push({ title: lesson?.title ?? id, url: launchUrl, custom: { lms_course: course.documentId, lms_lesson: id } });
        } else if (kind === 'quiz') {
          const quiz = course.lessons.flatMap((l) => l.quizzes).find((q) => q.documentId === id);
          items.push({ title: quiz?.title ?? id, url: launchUrl, custom: { lms_course: course.documentId, lms_quiz: id }, lineItem: { scoreMaximum: 100, label: quiz?.title ?? id, resourceId: `quiz:${id}`, tag: 'quiz' } });
        } else {
          throw new LtiError('invalid-deep-linking-item', `items[${items.length}]`, `${JSON.stringify(value)} is not a course, lesson or quiz`);
        }
      }
      // Platforms that do not take line items get the links without them.
      const accepted = context.settings.acceptLineItem === false ? items.map(({ lineItem: _omit, ...rest }) => rest) : items;
      const signing = await getService(strapi, 'toolKeys').signingKey();
      const response = await signDeepLinkingResponse(context, accepted, signing, {
        now: now(),
        response: { message: accepted.length === 0 ? 'Nothing was added' : `${accepted.length} item${accepted.length === 1 ? '' : 's'} added` },
      });
      return (scriptNonce) => autoSubmitFormHtml(response.returnUrl, response.formFields, { title: 'Returning to your course…', scriptNonce });
    },
  };
};

export type Lti13Service = ReturnType<typeof createLti13Service>;

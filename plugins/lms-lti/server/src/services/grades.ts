import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { z } from 'zod';
import { type DomainEvent, getLmsCoreService, invalidState, notFound, readDate, readJson } from '@lms/plugin-lms-core/server';
import type { Passback } from '../contracts';
import {
  AGS_SCOPE,
  MEDIA_TYPE,
  type LineItem,
  buildScore,
  nextPageUrl,
  parseLineItem,
  parseLineItems,
  parseOutcomeResponse,
  planLineItem,
  replaceResultXml,
  signOutcomeRequest,
} from '../domain';
import { courseContentOf } from '../adapters/lms';
import { TABLES, type PassbackStatus } from '../migrations';
import { getService } from '../utils';
import { platformJson, platformRequest } from './http';
import '../events';

/** What lms-lti reads of lms-h5p's `h5p.scored` (declared by lms-h5p; read defensively here). */
const H5P_SCORED = z.object({
  learnerId: z.number().int().positive(),
  courseId: z.string().min(1).max(64),
  lessonId: z.string().min(1).max(64),
  blockId: z.number().int().positive(),
  graded: z.boolean(),
  bestScoreBp: z.number().int().min(0).max(10_000),
  scoredAt: z.string().datetime({ offset: true }),
});

export const PLAN_CONSUMER = 'lti-passback-plan';
export const SEND_CONSUMER = 'lti-passback-send';

interface Grade {
  eventId: string;
  userId: number;
  courseId: string;
  /** quiz:<documentId>, course:<documentId> or h5p:<lesson documentId>:<block id> */
  resourceId: string;
  quizId: string | null;
  /**
   * LTI 1.1 has one outcome per launch (the quiz's or the course's): only those grades go there.
   * An H5P activity's score would overwrite the course's, so it goes to AGS columns only.
   */
  lti11?: boolean;
  label: string;
  scoreGiven: number;
  scoreMaximum: number;
  gradedAt: Date;
}

type Row = Record<string, unknown>;

const num = (v: unknown) => Number(v);

/**
 * Grade passback: `quiz.graded` and `course.completed` become one lms_lti_passbacks row per
 * platform link the learner launched from (AGS) or LTI 1.1 outcome they carry, each sent by the
 * `lti.passback-queued` consumer with lms-core's retries. The table is the admin's view: sent,
 * retrying, failed (with the platform's answer), skipped (the platform offered no grade service).
 */
export const createGradesService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  const events = () => getLmsCoreService(strapi, 'events');

  async function quizTitle(quizId: string): Promise<string> {
    const quiz = (await strapi.db.query('api::quiz.quiz').findOne({ where: { documentId: quizId }, select: ['title'] })) as { title?: string } | null;
    return quiz?.title ?? `Quiz ${quizId}`;
  }

  /** Inserts the passbacks of one grade (once per event and target) and queues each. */
  async function plan(trx: Knex.Transaction, grade: Grade): Promise<number> {
    const links = (await trx(`${TABLES.resourceLinks} as l`)
      .join(`${TABLES.linkMembers} as m`, 'm.resource_link_id', 'l.id')
      .where({ 'l.course_document_id': grade.courseId, 'm.user_id': grade.userId, 'm.role': 'learner' })
      .select('l.id', 'l.quiz_document_id')) as Array<{ id: number; quiz_document_id: string | null }>;
    // A quiz grade goes to course/lesson links (its own column) and to links of that quiz; a
    // course completion to links that are not quiz links.
    const agsTargets = links.filter((l) => (grade.quizId ? l.quiz_document_id === null || l.quiz_document_id === grade.quizId : l.quiz_document_id === null));
    const outcomes =
      grade.lti11 === false
        ? []
        : ((await trx(TABLES.outcomes)
            .where({ user_id: grade.userId, course_document_id: grade.courseId })
            .andWhere((q) => (grade.quizId ? q.where({ quiz_document_id: grade.quizId }) : q.whereNull('quiz_document_id')))
            .select('id')) as Array<{ id: number }>);
    const at = new Date();
    const base = {
      user_id: grade.userId,
      course_document_id: grade.courseId,
      resource_id: grade.resourceId,
      label: grade.label.slice(0, 500),
      score_given: grade.scoreGiven,
      score_maximum: grade.scoreMaximum,
      event_id: grade.eventId,
      graded_at: grade.gradedAt,
      status: 'pending' satisfies PassbackStatus,
      attempts: 0,
      created_at: at,
      updated_at: at,
    };
    const rows = [
      ...agsTargets.map((l) => ({ ...base, kind: 'ags', resource_link_id: l.id, outcome_id: null, target: `ags:${l.id}` })),
      ...outcomes.map((o) => ({ ...base, kind: 'lti11', resource_link_id: null, outcome_id: o.id, target: `lti11:${o.id}` })),
    ];
    let queued = 0;
    for (const row of rows) {
      const inserted = (await trx(TABLES.passbacks).insert(row).onConflict(['event_id', 'target']).ignore().returning('id')) as Array<{ id: number } | number>;
      const first = inserted[0];
      if (first === undefined) continue;
      const id = typeof first === 'object' ? num(first.id) : num(first);
      await events().emit(trx, { type: 'lti.passback-queued', payload: { passbackId: id }, actor: { type: 'system' } });
      queued++;
    }
    return queued;
  }

  async function sendAgs(pb: Row): Promise<{ status: PassbackStatus; message: string | null }> {
    const link = (await knex()(TABLES.resourceLinks).where({ id: pb.resource_link_id }).first()) as Row | undefined;
    if (!link) return { status: 'skipped', message: 'the platform link was removed' };
    const registration = await getService(strapi, 'registrations').findById(num(link.registration_id));
    if (!registration) return { status: 'skipped', message: 'the platform registration was removed' };
    const member = (await knex()(`${TABLES.linkMembers} as m`)
      .join(`${TABLES.users} as u`, 'u.id', 'm.lti_user_id')
      .where({ 'm.resource_link_id': link.id, 'm.user_id': pb.user_id })
      .first('u.subject')) as { subject: string } | undefined;
    if (!member) return { status: 'skipped', message: 'the learner never launched this link' };

    const scopes = link.ags_scopes ? readJson<string[]>(link.ags_scopes) : [];
    const ags = link.ags_scopes ? { scopes, lineItemsUrl: (link.ags_line_items_url as string | null) ?? null, lineItemUrl: (link.ags_line_item_url as string | null) ?? null } : null;
    const resourceId = String(pb.resource_id);
    const kind = resourceId.startsWith('quiz:') ? 'quiz' : resourceId.startsWith('h5p:') ? 'h5p' : 'completion';
    const linkItem =
      resourceId === `quiz:${String(link.quiz_document_id)}` ||
      (kind === 'completion' && link.quiz_document_id === null && link.lesson_document_id === null) ||
      // A link to the lesson that holds the activity: the link's own column is the activity's.
      (kind === 'h5p' && link.lesson_document_id !== null && resourceId.startsWith(`h5p:${String(link.lesson_document_id)}:`));
    const wanted = { resourceId, label: String(pb.label), scoreMaximum: kind === 'completion' ? 1 : 100, tag: kind, resourceLinkId: null, linkItem };
    const storedRow = (await knex()(TABLES.lineItems).where({ resource_link_id: link.id, resource_id: resourceId }).first('line_item_url')) as { line_item_url: string } | undefined;

    const wantedScopes = [AGS_SCOPE.score, AGS_SCOPE.lineItem, AGS_SCOPE.lineItemReadOnly].filter((s) => scopes.includes(s));
    const token = () => getService(strapi, 'platformTokens').accessToken(registration, wantedScopes);
    let step = planLineItem(ags, wanted, { storedLineItemUrl: storedRow?.line_item_url ?? null });
    for (let i = 0; i < 4; i++) {
      if (step.step === 'unavailable') return { status: 'skipped', message: step.message };
      const auth = { authorization: `Bearer ${(await token()).accessToken}` };
      if (step.step === 'list') {
        const listed: LineItem[] = [];
        let url: string | null = step.url;
        for (let page = 0; url && page < 20; page++) {
          const res = await platformJson(url, { headers: { ...auth, accept: MEDIA_TYPE.lineItemContainer } });
          listed.push(...parseLineItems(res.json));
          url = nextPageUrl(res.headers.get('link'));
        }
        step = planLineItem(ags, wanted, { listed });
      } else if (step.step === 'create') {
        const res = await platformJson(step.url, { method: 'POST', headers: { ...auth, 'content-type': MEDIA_TYPE.lineItem, accept: MEDIA_TYPE.lineItem }, body: JSON.stringify(step.body) });
        const created = parseLineItem(res.json);
        const at = new Date();
        await knex()(TABLES.lineItems)
          .insert({ resource_link_id: link.id, resource_id: resourceId, line_item_url: created.id, score_maximum: created.scoreMaximum, created_at: at, updated_at: at })
          .onConflict(['resource_link_id', 'resource_id'])
          .merge({ line_item_url: created.id, score_maximum: created.scoreMaximum, updated_at: at });
        step = planLineItem(ags, wanted, { storedLineItemUrl: created.id });
      } else {
        if (!storedRow && !linkItem) {
          const at = new Date();
          await knex()(TABLES.lineItems)
            .insert({ resource_link_id: link.id, resource_id: resourceId, line_item_url: step.lineItemUrl, score_maximum: wanted.scoreMaximum, created_at: at, updated_at: at })
            .onConflict(['resource_link_id', 'resource_id'])
            .ignore();
        }
        const score = buildScore({
          userId: member.subject,
          scoreGiven: num(pb.score_given),
          scoreMaximum: num(pb.score_maximum),
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          timestamp: readDate(pb.graded_at) as Date,
        });
        const res = await platformRequest(step.scoresUrl, { method: 'POST', headers: { ...auth, 'content-type': MEDIA_TYPE.score }, body: JSON.stringify(score) });
        if (res.status < 200 || res.status >= 300) throw new Error(`POST ${step.scoresUrl} answered ${res.status}: ${res.text.slice(0, 300)}`);
        return { status: 'sent', message: null };
      }
    }
    throw new Error('the platform kept answering without a usable line item');
  }

  async function sendLti11(pb: Row, attempt: number): Promise<{ status: PassbackStatus; message: string | null }> {
    const outcome = (await knex()(TABLES.outcomes).where({ id: pb.outcome_id }).first()) as Row | undefined;
    if (!outcome) return { status: 'skipped', message: 'the outcome service of this launch was removed' };
    const consumer = await getService(strapi, 'lti11').consumerWithSecret(num(outcome.consumer_id));
    if (!consumer) return { status: 'skipped', message: 'the LTI 1.1 consumer was removed' };
    const body = replaceResultXml({ messageIdentifier: `lms-${String(pb.id)}-${attempt}`, sourcedId: String(outcome.sourced_id), score: Math.min(1, num(pb.score_given) / num(pb.score_maximum)) });
    const request = signOutcomeRequest({ url: String(outcome.service_url), consumerKey: consumer.consumerKey, consumerSecret: consumer.secret, body }, { now: new Date() });
    const res = await platformRequest(request.url, { method: 'POST', headers: request.headers, body: request.body });
    const answer = parseOutcomeResponse(res.text);
    if (res.status < 200 || res.status >= 300 || answer.codeMajor !== 'success') {
      throw new Error(`replaceResult at ${request.url} answered ${res.status} ${answer.codeMajor ?? 'without imsx_codeMajor'}${answer.description ? `: ${answer.description}` : ''}`);
    }
    return { status: 'sent', message: null };
  }

  return {
    /** `quiz.graded` consumer (in the event's transaction). */
    async onQuizGraded(event: DomainEvent<'quiz.graded'>, trx: Knex.Transaction): Promise<void> {
      const p = event.payload;
      await plan(trx, {
        eventId: event.id,
        userId: p.learnerId,
        courseId: p.courseId,
        resourceId: `quiz:${p.quizId}`,
        quizId: p.quizId,
        label: await quizTitle(p.quizId),
        scoreGiven: p.score,
        scoreMaximum: p.maxScore > 0 ? p.maxScore : 1,
        gradedAt: new Date(p.gradedAt),
      });
    },

    /**
     * `h5p.scored` consumer (lms-h5p): the learner's best score at a graded H5P activity, as a
     * percentage in the activity's own column (one per lesson block) of course and lesson links.
     */
    async onH5pScored(event: DomainEvent, trx: Knex.Transaction): Promise<void> {
      const parsed = H5P_SCORED.safeParse(event.payload);
      if (!parsed.success) {
        strapi.log.warn(`[lms-lti] h5p.scored ${event.id}: unexpected payload (${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}); no grade passback`);
        return;
      }
      const p = parsed.data;
      if (!p.graded) return;
      const lesson = (await strapi.db.query('api::lesson.lesson').findOne({ where: { documentId: p.lessonId }, select: ['title'] })) as { title?: string } | null;
      await plan(trx, {
        eventId: event.id,
        userId: p.learnerId,
        courseId: p.courseId,
        resourceId: `h5p:${p.lessonId}:${p.blockId}`,
        quizId: null,
        lti11: false,
        label: `${lesson?.title ?? `Lesson ${p.lessonId}`} (H5P activity)`,
        scoreGiven: p.bestScoreBp / 100,
        scoreMaximum: 100,
        gradedAt: new Date(p.scoredAt),
      });
    },

    /** `course.completed` consumer: a 1/1 score in the course's completion column. */
    async onCourseCompleted(event: DomainEvent<'course.completed'>, trx: Knex.Transaction): Promise<void> {
      const p = event.payload;
      const title = (await courseContentOf(strapi).courseRefs([p.courseId])).get(p.courseId)?.title ?? p.courseId;
      await plan(trx, {
        eventId: event.id,
        userId: p.learnerId,
        courseId: p.courseId,
        resourceId: `course:${p.courseId}`,
        quizId: null,
        label: `${title} (completion)`,
        scoreGiven: 1,
        scoreMaximum: 1,
        gradedAt: new Date(p.completedAt),
      });
    },

    /** `lti.passback-queued` consumer: sends one grade. A throw is retried by lms-core. */
    async send(passbackId: number, trx: Knex.Transaction, attempt: number): Promise<void> {
      const pb = (await trx(TABLES.passbacks).where({ id: passbackId }).first()) as Row | undefined;
      if (!pb || pb.status === 'sent') return;
      let outcome: { status: PassbackStatus; message: string | null };
      try {
        outcome = pb.kind === 'ags' ? await sendAgs(pb) : await sendLti11(pb, attempt);
      } catch (error) {
        const retry = (strapi.config.get('plugin::lms-core') as { retry?: { attempts?: number } } | undefined)?.retry?.attempts ?? 5;
        // Written outside the consumer's transaction, which rolls back with the throw.
        await knex()(TABLES.passbacks)
          .where({ id: passbackId })
          .update({ status: attempt >= retry ? 'failed' : 'retrying', attempts: num(pb.attempts) + 1, last_error: (error as Error).message.slice(0, 2000), updated_at: new Date() });
        throw error;
      }
      await trx(TABLES.passbacks)
        .where({ id: passbackId })
        .update({ status: outcome.status, attempts: num(pb.attempts) + 1, last_error: outcome.message, sent_at: outcome.status === 'sent' ? new Date() : null, updated_at: new Date() });
    },

    async list(query: { status?: PassbackStatus; page: number; pageSize: number }): Promise<{ passbacks: Passback[]; total: number }> {
      const filtered = () => (query.status ? knex()(`${TABLES.passbacks} as p`).where('p.status', query.status) : knex()(`${TABLES.passbacks} as p`));
      const [counted] = (await filtered().count({ count: '*' })) as Array<{ count: number | string }>;
      const rows = (await withPlatform(filtered()).orderBy('p.id', 'desc').limit(query.pageSize).offset((query.page - 1) * query.pageSize)) as Row[];
      return { passbacks: rows.map(toPassback), total: Number(counted?.count ?? 0) };
    },

    /** An admin asks to send a failed (or skipped) grade again: a fresh set of attempts. */
    async retry(id: number): Promise<Passback> {
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const row = (await trx(TABLES.passbacks).where({ id }).forUpdate().first()) as Row | undefined;
        if (!row) throw notFound('grade passback', id);
        if (row.status === 'sent') throw invalidState(`grade passback ${id} was already sent; nothing to retry`);
        if (row.status === 'pending' || row.status === 'retrying') throw invalidState(`grade passback ${id} is still being sent (${String(row.status)}); wait for it to finish or fail`);
        await trx(TABLES.passbacks).where({ id }).update({ status: 'pending', updated_at: new Date() });
        await events().emit(trx, { type: 'lti.passback-queued', payload: { passbackId: id }, actor: { type: 'admin' } });
      });
      const row = (await withPlatform(knex()(`${TABLES.passbacks} as p`).where('p.id', id)).first()) as Row;
      return toPassback(row);
    },
  };
};

/** Adds the platform's name (registration or LTI 1.1 consumer) to a passback query. */
function withPlatform(q: Knex.QueryBuilder): Knex.QueryBuilder {
  return q
    .leftJoin(`${TABLES.resourceLinks} as l`, 'l.id', 'p.resource_link_id')
    .leftJoin(`${TABLES.registrations} as r`, 'r.id', 'l.registration_id')
    .leftJoin(`${TABLES.outcomes} as o`, 'o.id', 'p.outcome_id')
    .leftJoin(`${TABLES.consumers} as c`, 'c.id', 'o.consumer_id')
    .select('p.*', 'r.name as registration_name', 'c.name as consumer_name');
}

function toPassback(row: Row): Passback {
  return {
    id: num(row.id),
    kind: row.kind === 'lti11' ? 'lti11' : 'ags',
    status: row.status as PassbackStatus,
    userId: num(row.user_id),
    courseId: String(row.course_document_id),
    resourceId: String(row.resource_id),
    label: String(row.label),
    scoreGiven: num(row.score_given),
    scoreMaximum: num(row.score_maximum),
    attempts: num(row.attempts),
    lastError: (row.last_error as string | null) ?? null,
    platform: (row.registration_name as string | null) ?? (row.consumer_name as string | null) ?? null,
    gradedAt: (readDate(row.graded_at) as Date).toISOString(),
    sentAt: readDate(row.sent_at)?.toISOString() ?? null,
    updatedAt: (readDate(row.updated_at) as Date).toISOString(),
  };
}

export type GradesService = ReturnType<typeof createGradesService>;

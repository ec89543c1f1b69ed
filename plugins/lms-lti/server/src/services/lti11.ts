import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ConflictError, isUniqueViolation, notFound, readDate } from '@lms/plugin-lms-core/server';
import type { Consumer, ConsumerInput } from '../contracts';
import { LtiError, openSecret, sealSecret, verifyLti11Launch } from '../domain';
import { clockOf, courseContentOf } from '../adapters/lms';
import { TABLES } from '../migrations';
import { ltiSettings, requireKeyEncryptionKey, toolUrls } from '../settings';
import { getService } from '../utils';
import { storeKey } from '../stores/kv';

/**
 * LTI 1.1: consumers (key + secret, the secret sealed with LTI_KEY_ENCRYPTION_KEY), the basic
 * launch (OAuth 1.0a HMAC-SHA1, ±300 s timestamps, nonce once) and the outcome sourcedids that
 * Basic Outcomes replaceResult needs when the learner is graded.
 */
export const createLti11Service = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function coursesOf(ids: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = (await knex()(TABLES.consumerCourses).whereIn('consumer_id', ids).orderBy('course_document_id')) as Array<{ consumer_id: number; course_document_id: string }>;
    for (const r of rows) out.get(Number(r.consumer_id))?.push(r.course_document_id);
    return out;
  }

  async function toConsumers(rows: Array<Record<string, unknown>>): Promise<Consumer[]> {
    const courses = await coursesOf(rows.map((r) => Number(r.id)));
    const refs = await courseContentOf(strapi).courseRefs([...new Set([...courses.values()].flat())]);
    return rows.map((r) => {
      const ids = courses.get(Number(r.id)) ?? [];
      return {
        id: Number(r.id),
        name: String(r.name),
        consumerKey: String(r.consumer_key),
        courseIds: ids,
        courses: ids.map((id) => refs.get(id) ?? { documentId: id, title: `(missing course ${id})`, slug: '' }).map((c) => ({ documentId: c.documentId, title: c.title, slug: c.slug })),
        createdAt: (readDate(r.created_at) as Date).toISOString(),
      };
    });
  }

  async function save(id: number | null, input: ConsumerInput): Promise<Consumer> {
    const kek = requireKeyEncryptionKey();
    const refs = await courseContentOf(strapi).courseRefs(input.courseIds);
    const unknown = input.courseIds.find((c) => !refs.has(c));
    if (unknown) throw new ConflictError(`course ${JSON.stringify(unknown)} does not exist; pick courses from the list`, { code: 'unknown-course', field: 'courseIds' });
    const now = new Date();
    try {
      const savedId = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        let rowId = id;
        const values: Record<string, unknown> = { name: input.name, consumer_key: input.consumerKey, updated_at: now };
        if (input.secret) values.encrypted_secret = sealSecret(input.secret, kek, input.consumerKey);
        if (rowId === null) {
          const [row] = (await trx(TABLES.consumers).insert({ ...values, created_at: now }).returning('id')) as Array<{ id: number } | number>;
          rowId = typeof row === 'object' ? Number(row?.id) : Number(row);
        } else {
          const existing = (await trx(TABLES.consumers).where({ id: rowId }).first()) as Record<string, unknown> | undefined;
          if (!existing) throw notFound('LTI 1.1 consumer', rowId);
          if (!input.secret && existing.consumer_key !== input.consumerKey) {
            // The sealed secret is bound to the key: re-seal it under the new one.
            values.encrypted_secret = sealSecret(openSecret(String(existing.encrypted_secret), kek, String(existing.consumer_key)), kek, input.consumerKey);
          }
          await trx(TABLES.consumers).where({ id: rowId }).update(values);
        }
        await trx(TABLES.consumerCourses).where({ consumer_id: rowId }).delete();
        if (input.courseIds.length > 0) await trx(TABLES.consumerCourses).insert([...new Set(input.courseIds)].map((c) => ({ consumer_id: rowId, course_document_id: c })));
        return rowId;
      });
      return await service.get(savedId);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictError(`consumer key ${JSON.stringify(input.consumerKey)} is already used; pick another`, { code: 'duplicate-consumer', field: 'consumerKey' });
      throw error;
    }
  }

  const service = {
    list: async () => toConsumers((await knex()(TABLES.consumers).orderBy('name')) as Array<Record<string, unknown>>),
    async get(id: number): Promise<Consumer> {
      const row = (await knex()(TABLES.consumers).where({ id }).first()) as Record<string, unknown> | undefined;
      if (!row) throw notFound('LTI 1.1 consumer', id);
      return (await toConsumers([row]))[0] as Consumer;
    },
    create: (input: ConsumerInput) => save(null, input),
    update: (id: number, input: ConsumerInput) => save(id, input),
    async remove(id: number): Promise<void> {
      if ((await knex()(TABLES.consumers).where({ id }).delete()) === 0) throw notFound('LTI 1.1 consumer', id);
    },

    async consumerWithSecret(id: number): Promise<{ id: number; consumerKey: string; secret: string; courseIds: string[] } | null> {
      const row = (await knex()(TABLES.consumers).where({ id }).first()) as Record<string, unknown> | undefined;
      if (!row) return null;
      const key = String(row.consumer_key);
      return { id, consumerKey: key, secret: openSecret(String(row.encrypted_secret), requireKeyEncryptionKey(), key), courseIds: (await coursesOf([id])).get(id) ?? [] };
    },

    /** POST /lti11/launch: verify, provision, enroll, remember the outcome sourcedid, hand off. */
    async launch(body: unknown): Promise<{ url: string }> {
      const kek = requireKeyEncryptionKey();
      const form = (body ?? {}) as Record<string, unknown>;
      let consumer: { id: number; name: string; courseIds: string[] } | null = null;
      const at = clockOf(strapi).now();
      const launch = await verifyLti11Launch(
        { method: 'POST', url: toolUrls().lti11LaunchUrl, body: form },
        {
          now: at,
          findSecret: async (consumerKey) => {
            const row = (await knex()(TABLES.consumers).where({ consumer_key: consumerKey }).first()) as Record<string, unknown> | undefined;
            if (!row) return null;
            consumer = { id: Number(row.id), name: String(row.name), courseIds: (await coursesOf([Number(row.id)])).get(Number(row.id)) ?? [] };
            return openSecret(String(row.encrypted_secret), kek, consumerKey);
          },
          consumeNonce: ({ consumerKey, nonce, keepUntil }) => getService(strapi, 'runtime').store().putIfAbsent(storeKey('nonce11', consumerKey, nonce), '1', keepUntil),
        },
      );
      const found = consumer as { id: number; name: string; courseIds: string[] } | null;
      if (!found) throw new LtiError('unknown-consumer', 'oauth_consumer_key', 'is not registered');
      if (!launch.userId) throw new LtiError('invalid-lti11-launch', 'user_id', 'is missing; anonymous launches cannot be provisioned');
      if (launch.role.primary === null) throw new LtiError('invalid-lti11-launch', 'roles', 'carries no Learner, Instructor or Administrator role');
      const provisioning = getService(strapi, 'provisioning');
      const target = await provisioning.resolveTarget(
        { courseId: launch.custom.lms_course ?? null, lessonId: launch.custom.lms_lesson ?? null, quizId: launch.custom.lms_quiz ?? null },
        found.courseIds,
        found.name,
      );
      const { userId } = await provisioning.inLaunchTransaction(async (trx) => {
        const provisioned = await provisioning.provisionAndEnroll(trx, {
          issuer: `lti11:${launch.consumerKey}`,
          subject: launch.userId as string,
          name: launch.person.name,
          email: launch.person.email,
          courseDocumentId: target.course.documentId,
          role: launch.role.primary ?? 'learner',
          sourceRef: `lti11:${found.id}:${launch.context?.id ?? launch.resourceLinkId}`,
          now: at,
        });
        if (launch.outcome && launch.role.primary === 'learner') {
          const values = { course_document_id: target.course.documentId, quiz_document_id: target.quizDocumentId, service_url: launch.outcome.serviceUrl, sourced_id: launch.outcome.sourcedId, updated_at: at };
          await trx(TABLES.outcomes)
            .insert({ consumer_id: found.id, user_id: provisioned.userId, resource_link_id: launch.resourceLinkId, created_at: at, ...values })
            .onConflict(['consumer_id', 'resource_link_id', 'user_id'])
            .merge(values);
        }
        return provisioned;
      });
      const token = await provisioning.createHandoff(userId, target.sitePath);
      return { url: `${ltiSettings().siteUrl}/lti/launch?token=${encodeURIComponent(token)}` };
    },
  };
  return service;
};

export type Lti11Service = ReturnType<typeof createLti11Service>;

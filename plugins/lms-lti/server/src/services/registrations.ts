import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ConflictError, isUniqueViolation, notFound, readDate, readJson, writeJson } from '@lms/plugin-lms-core/server';
import type { CourseChoice, Registration, RegistrationInput } from '../contracts';
import type { PlatformRegistration } from '../domain';
import { courseContentOf } from '../adapters/lms';
import { TABLES } from '../migrations';

/** A registration as the launch flow needs it: the domain's shape plus its row id and courses. */
export interface StoredRegistration extends PlatformRegistration {
  id: number;
  name: string;
  courseIds: string[];
}

function toStored(row: Record<string, unknown>, courseIds: string[]): StoredRegistration {
  return {
    id: Number(row.id),
    name: String(row.name),
    issuer: String(row.issuer),
    clientId: String(row.client_id),
    deploymentIds: readJson<string[]>(row.deployment_ids),
    authEndpoint: String(row.auth_endpoint),
    authRequestMethod: row.auth_request_method === 'POST' ? 'POST' : 'GET',
    tokenEndpoint: String(row.token_endpoint),
    tokenAudience: (row.token_audience as string | null) ?? null,
    jwksUrl: String(row.jwks_url),
    courseIds,
  };
}

/** Platform registrations (LTI 1.3) and the courses each may reach. */
export const createRegistrationsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  async function coursesOf(db: Knex | Knex.Transaction, ids: number[]): Promise<Map<number, string[]>> {
    const out = new Map<number, string[]>(ids.map((id) => [id, []]));
    if (ids.length === 0) return out;
    const rows = (await db(TABLES.registrationCourses).whereIn('registration_id', ids).orderBy('course_document_id')) as Array<{ registration_id: number; course_document_id: string }>;
    for (const r of rows) out.get(Number(r.registration_id))?.push(r.course_document_id);
    return out;
  }

  async function withCourses(db: Knex | Knex.Transaction, rows: Array<Record<string, unknown>>): Promise<StoredRegistration[]> {
    const courses = await coursesOf(db, rows.map((r) => Number(r.id)));
    return rows.map((r) => toStored(r, courses.get(Number(r.id)) ?? []));
  }

  async function courseChoices(ids: string[]): Promise<Map<string, CourseChoice>> {
    const refs = await courseContentOf(strapi).courseRefs(ids);
    return new Map([...refs].map(([id, r]) => [id, { documentId: r.documentId, title: r.title, slug: r.slug }]));
  }

  async function assertCoursesExist(ids: string[]): Promise<void> {
    const refs = await courseContentOf(strapi).courseRefs(ids);
    const unknown = ids.filter((id) => !refs.has(id));
    if (unknown.length > 0) throw new ConflictError(`course ${JSON.stringify(unknown[0])} does not exist; pick courses from the list`, { code: 'unknown-course', field: 'courseIds' });
  }

  const rowOf = (input: RegistrationInput, now: Date) => ({
    name: input.name,
    issuer: input.issuer,
    client_id: input.clientId,
    deployment_ids: writeJson(input.deploymentIds),
    auth_endpoint: input.authEndpoint,
    auth_request_method: input.authRequestMethod,
    token_endpoint: input.tokenEndpoint,
    token_audience: input.tokenAudience,
    jwks_url: input.jwksUrl,
    updated_at: now,
  });

  async function save(id: number | null, input: RegistrationInput): Promise<Registration> {
    await assertCoursesExist(input.courseIds);
    const now = new Date();
    try {
      const savedId = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        let rowId = id;
        if (rowId === null) {
          const [row] = (await trx(TABLES.registrations).insert({ ...rowOf(input, now), created_at: now }).returning('id')) as Array<{ id: number } | number>;
          rowId = typeof row === 'object' ? Number(row?.id) : Number(row);
        } else {
          const updated = await trx(TABLES.registrations).where({ id: rowId }).update(rowOf(input, now));
          if (updated === 0) throw notFound('LTI registration', rowId);
        }
        await trx(TABLES.registrationCourses).where({ registration_id: rowId }).delete();
        if (input.courseIds.length > 0) {
          await trx(TABLES.registrationCourses).insert([...new Set(input.courseIds)].map((c) => ({ registration_id: rowId, course_document_id: c })));
        }
        return rowId;
      });
      return await service.get(savedId);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(`issuer ${JSON.stringify(input.issuer)} already has a registration with client id ${JSON.stringify(input.clientId)}; edit that one`, {
          code: 'duplicate-registration',
          field: 'clientId',
        });
      }
      throw error;
    }
  }

  const service = {
    async findByIssuer(issuer: string): Promise<StoredRegistration[]> {
      return withCourses(knex(), (await knex()(TABLES.registrations).where({ issuer })) as Array<Record<string, unknown>>);
    },

    async find(issuer: string, clientId: string): Promise<StoredRegistration | null> {
      const row = (await knex()(TABLES.registrations).where({ issuer, client_id: clientId }).first()) as Record<string, unknown> | undefined;
      return row ? ((await withCourses(knex(), [row]))[0] ?? null) : null;
    },

    async findById(id: number): Promise<StoredRegistration | null> {
      const row = (await knex()(TABLES.registrations).where({ id }).first()) as Record<string, unknown> | undefined;
      return row ? ((await withCourses(knex(), [row]))[0] ?? null) : null;
    },

    async list(): Promise<Registration[]> {
      const rows = (await knex()(TABLES.registrations).orderBy('name')) as Array<Record<string, unknown>>;
      const stored = await withCourses(knex(), rows);
      const choices = await courseChoices([...new Set(stored.flatMap((r) => r.courseIds))]);
      return stored.map((r, i) => view(r, rows[i] as Record<string, unknown>, choices));
    },

    async get(id: number): Promise<Registration> {
      const row = (await knex()(TABLES.registrations).where({ id }).first()) as Record<string, unknown> | undefined;
      if (!row) throw notFound('LTI registration', id);
      const [stored] = await withCourses(knex(), [row]);
      const choices = await courseChoices(stored?.courseIds ?? []);
      return view(stored as StoredRegistration, row, choices);
    },

    create: (input: RegistrationInput) => save(null, input),
    update: (id: number, input: RegistrationInput) => save(id, input),

    async remove(id: number): Promise<void> {
      const deleted = await knex()(TABLES.registrations).where({ id }).delete();
      if (deleted === 0) throw notFound('LTI registration', id);
    },
  };
  return service;
};

function view(r: StoredRegistration, row: Record<string, unknown>, choices: Map<string, CourseChoice>): Registration {
  return {
    id: r.id,
    name: r.name,
    issuer: r.issuer,
    clientId: r.clientId,
    deploymentIds: [...r.deploymentIds],
    authEndpoint: r.authEndpoint,
    authRequestMethod: r.authRequestMethod ?? 'GET',
    tokenEndpoint: r.tokenEndpoint,
    tokenAudience: r.tokenAudience ?? null,
    jwksUrl: r.jwksUrl,
    courseIds: r.courseIds,
    courses: r.courseIds.map((id) => choices.get(id) ?? { documentId: id, title: `(missing course ${id})`, slug: '' }),
    createdAt: (readDate(row.created_at) as Date).toISOString(),
    updatedAt: (readDate(row.updated_at) as Date).toISOString(),
  };
}

export type RegistrationsService = ReturnType<typeof createRegistrationsService>;

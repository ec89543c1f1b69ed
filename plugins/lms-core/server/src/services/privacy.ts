import { randomUUID } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { cmsSecrets, loadConfig } from '@lms/config';
import { isPostgres, readDate, readJson, writeJson } from '../db';
import {
  EXPORT_LINK_SECONDS,
  EXPORT_RETENTION_DAYS,
  anonymousIdentity,
  anonymousReference,
  archiveEntries,
  nextExportAllowedAt,
  type ProviderExport,
} from '../domain/privacy';
import { createZip } from '../domain/zip';
import { forbidden, invalidInput, invalidState, notFound, rateLimited } from '../errors';
import { ERASURES_TABLE, EXPORTS_TABLE } from '../privacy/migrations';
import type { ArchiveStore, ErasureContext, PersonalDataProvider } from '../privacy/types';
import type { ErasureRequest, PrivacyExport } from '../contracts/privacy';

export type { ErasureRequest, PrivacyExport };
import { getService } from '../utils';

export const EXPORT_JOB = 'lms-core-privacy-export';
const WRONG_PASSWORD_LIMIT = 5;
const WRONG_PASSWORD_WINDOW_MS = 15 * 60_000;
const USERS_TABLE = 'up_users';
const ZIP = 'application/zip';

type Row = Record<string, unknown>;
const iso = (v: unknown) => readDate(v)?.toISOString() ?? null;

export const createPrivacyService = ({ strapi }: { strapi: Core.Strapi }) => {
  const providers = new Map<string, PersonalDataProvider>();
  // Wrong passwords per learner on the erasure form (a stolen session must not become a password
  // oracle): at most WRONG_PASSWORD_LIMIT per window, per process.
  const wrongPasswords = new Map<number, number[]>();
  let archives: ArchiveStore | null = null;
  const knex = () => strapi.db.connection;
  const secret = () => cmsSecrets(loadConfig()).appKeys[0] ?? '';

  function toExport(r: Row, now: Date): PrivacyExport {
    const status = r.status as PrivacyExport['status'];
    const expiresAt = readDate(r.expires_at);
    const live = status === 'ready' && typeof r.file_key === 'string' && archives !== null && (!expiresAt || expiresAt > now);
    const link = live ? (archives as ArchiveStore).link(r.file_key as string, `my-data-${iso(r.requested_at)?.slice(0, 10)}.zip`, ZIP, EXPORT_LINK_SECONDS) : null;
    return {
      id: Number(r.id),
      status: status === 'ready' && !live ? 'expired' : status,
      requestedAt: iso(r.requested_at) as string,
      readyAt: iso(r.ready_at),
      expiresAt: iso(r.expires_at),
      sizeBytes: r.size_bytes === null || r.size_bytes === undefined ? null : Number(r.size_bytes),
      downloadUrl: link?.url ?? null,
      downloadExpiresAt: link?.expiresAt.toISOString() ?? null,
    };
  }

  function toErasure(r: Row): ErasureRequest {
    return {
      id: Number(r.id),
      userId: r.user_id === null || r.user_id === undefined ? null : Number(r.user_id),
      email: (r.email as string | null | undefined) ?? null,
      username: (r.username as string | null | undefined) ?? null,
      reference: String(r.reference),
      status: r.status as ErasureRequest['status'],
      requestedAt: iso(r.requested_at) as string,
      completedAt: iso(r.completed_at),
      completedBy: r.completed_by === null || r.completed_by === undefined ? null : Number(r.completed_by),
      providers: r.summary ? readJson<{ providers: string[] }>(r.summary).providers : [],
    };
  }

  async function findUser(userId: number, trx?: Knex.Transaction): Promise<Row | null> {
    return ((await (trx ?? knex())(USERS_TABLE).where({ id: userId }).first()) as Row | undefined) ?? null;
  }

  return {
    /** Called by each plugin in its register(); a name twice is a bug. */
    registerProvider(provider: PersonalDataProvider): void {
      if (providers.has(provider.name)) throw new Error(`privacy provider "${provider.name}" is registered twice`);
      providers.set(provider.name, provider);
    },

    /** The private file store archives are written to (lms-grading registers its own, decision 017). */
    registerArchiveStore(store: ArchiveStore): void {
      archives = store;
    },

    providerNames(): string[] {
      return [...providers.keys()];
    },

    /** Every provider's tables for the learner, in registration order. */
    async collect(userId: number): Promise<Map<string, ProviderExport>> {
      const out = new Map<string, ProviderExport>();
      for (const provider of providers.values()) out.set(provider.name, await provider.exportUserData(strapi, userId));
      return out;
    },

    /** POST /me/export: queues one archive; one request per cooldown. */
    async requestExport(userId: number): Promise<PrivacyExport> {
      if (!archives) throw invalidState('exports are unavailable: no private file store is registered (is lms-grading enabled?)');
      const now = new Date();
      const last = (await knex()(EXPORTS_TABLE).where({ user_id: userId }).orderBy('requested_at', 'desc').first()) as Row | undefined;
      const next = nextExportAllowedAt(last ? readDate(last.requested_at) : null, now);
      if (next) throw rateLimited(Math.ceil((next.getTime() - now.getTime()) / 1000));
      const [row] = (await knex()(EXPORTS_TABLE).insert({ user_id: userId, status: 'pending', requested_at: now }).returning('*')) as Row[];
      const id = Number((row as Row).id);
      await getService(strapi, 'events').enqueueJob(EXPORT_JOB, { exportId: id }, { id: `privacy-export-${id}` });
      return toExport(row as Row, now);
    },

    /**
     * Removes archives past their retention (any learner's), a batch at a time; run by every
     * export job, so the store is kept tidy by the feature's own traffic. Returns how many went.
     */
    async sweepExpiredExports(now: Date = new Date(), limit = 100): Promise<number> {
      if (!archives) return 0;
      const store = archives;
      const rows = (await knex()(EXPORTS_TABLE).where({ status: 'ready' }).where('expires_at', '<', now).orderBy('id').limit(limit).select('id', 'file_key')) as Row[];
      for (const r of rows) {
        if (typeof r.file_key === 'string') await store.remove(r.file_key);
        await knex()(EXPORTS_TABLE).where({ id: r.id, status: 'ready' }).update({ status: 'expired', file_key: null });
      }
      return rows.length;
    },

    /** The queue job: builds the archive, stores it privately, marks the request ready. */
    async buildExport(exportId: number): Promise<void> {
      await this.sweepExpiredExports().catch((error: unknown) => strapi.log.warn(`[lms-core] sweeping expired data exports failed: ${(error as Error).message}`));
      const row = (await knex()(EXPORTS_TABLE).where({ id: exportId }).first()) as Row | undefined;
      if (!row || row.status !== 'pending') return;
      if (!archives) throw new Error('no private file store registered for privacy exports');
      const userId = Number(row.user_id);
      try {
        const generatedAt = new Date();
        const zip = createZip(archiveEntries({ userId, generatedAt }, await this.collect(userId)), generatedAt);
        const key = `privacy-exports/${userId}/${randomUUID()}.zip`;
        await archives.put(key, zip, ZIP);
        const expiresAt = new Date(generatedAt.getTime() + EXPORT_RETENTION_DAYS * 86_400_000);
        await knex()(EXPORTS_TABLE).where({ id: exportId, status: 'pending' }).update({ status: 'ready', file_key: key, size_bytes: zip.length, ready_at: new Date(), expires_at: expiresAt });
      } catch (error) {
        await knex()(EXPORTS_TABLE).where({ id: exportId }).update({ status: 'failed', error: (error as Error).message.slice(0, 2000) });
        throw error;
      }
    },

    async listExports(userId: number): Promise<PrivacyExport[]> {
      const now = new Date();
      const rows = (await knex()(EXPORTS_TABLE).where({ user_id: userId }).orderBy('id', 'desc').limit(10)) as Row[];
      return rows.map((r) => toExport(r, now));
    },

    /** POST /me/erasure: the learner confirms with their password; one open request at a time. */
    async requestErasure(userId: number, password: string): Promise<ErasureRequest> {
      const now = Date.now();
      const recent = (wrongPasswords.get(userId) ?? []).filter((t) => t > now - WRONG_PASSWORD_WINDOW_MS);
      if (recent.length >= WRONG_PASSWORD_LIMIT) throw rateLimited(Math.ceil(((recent[0] as number) + WRONG_PASSWORD_WINDOW_MS - now) / 1000));
      const user = await findUser(userId);
      if (!user) throw notFound('user', userId);
      const hash = typeof user.password === 'string' ? user.password : '';
      const ok = hash !== '' && (await strapi.plugin('users-permissions').service('user').validatePassword(password, hash));
      if (!ok) {
        wrongPasswords.set(userId, [...recent, now]);
        throw invalidInput('password', 'this is not your current password; type it again to confirm the erasure');
      }
      wrongPasswords.delete(userId);
      return strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const open = (await trx(ERASURES_TABLE).where({ user_id: userId, status: 'requested' }).first()) as Row | undefined;
        if (open) return toErasure(open);
        const [row] = (await trx(ERASURES_TABLE)
          .insert({ user_id: userId, reference: anonymousReference(userId, secret()), status: 'requested', requested_at: new Date() })
          .returning('*')) as Row[];
        return toErasure(row as Row);
      });
    },

    async myErasure(userId: number): Promise<ErasureRequest | null> {
      const row = (await knex()(ERASURES_TABLE).where({ user_id: userId }).orderBy('id', 'desc').first()) as Row | undefined;
      return row ? toErasure(row) : null;
    },

    async listErasures(q: { status: string | null; page: number; pageSize: number }): Promise<{ data: ErasureRequest[]; total: number }> {
      const base = knex()(ERASURES_TABLE).leftJoin(USERS_TABLE, `${USERS_TABLE}.id`, `${ERASURES_TABLE}.user_id`);
      if (q.status) base.where(`${ERASURES_TABLE}.status`, q.status);
      const count = (await base.clone().count({ n: '*' }).first()) as { n: number | string } | undefined;
      const rows = (await base
        .clone()
        .select(`${ERASURES_TABLE}.*`, `${USERS_TABLE}.email as email`, `${USERS_TABLE}.username as username`)
        .orderBy(`${ERASURES_TABLE}.id`, 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)) as Row[];
      return { data: rows.map(toErasure), total: Number(count?.n ?? 0) };
    },

    /**
     * Completes an erasure: every provider in ONE transaction (all or nothing), then the work
     * outside the database (files, Redis) once it has committed.
     */
    async completeErasure(id: number, adminId: number): Promise<ErasureRequest> {
      const later: Array<{ label: string; work: () => Promise<void> }> = [];
      const done = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const query = trx(ERASURES_TABLE).where({ id });
        // Two admins completing at once: the second waits, then sees "completed" (SQLite writes one at a time anyway).
        if (isPostgres(trx)) query.forUpdate();
        const request = (await query.first()) as Row | undefined;
        if (!request) throw notFound('erasure request', id);
        if (request.status !== 'requested') throw invalidState(`erasure request ${id} is ${String(request.status)}; only a requested one can be completed`);
        const userId = Number(request.user_id);
        const user = await findUser(userId, trx);
        if (!user) throw invalidState(`erasure request ${id}: user ${userId} no longer exists`);
        const reference = String(request.reference);
        const ctx: ErasureContext = {
          anonymousReference: reference,
          email: String(user.email ?? ''),
          username: String(user.username ?? ''),
          afterCommit: (label, work) => later.push({ label, work }),
        };
        const ran: string[] = [];
        for (const provider of providers.values()) {
          await provider.eraseUserData(strapi, trx, userId, ctx);
          ran.push(provider.name);
        }
        // Last: the account itself (providers may still have read it above).
        const identity = anonymousIdentity(reference);
        await trx(USERS_TABLE).where({ id: userId }).update({
          ...identity,
          full_name: null,
          password: null,
          reset_password_token: null,
          confirmation_token: null,
          blocked: true,
          confirmed: false,
          updated_at: new Date(),
        });
        await trx(EXPORTS_TABLE).where({ user_id: userId }).select('file_key').then((rows: Row[]) => {
          for (const r of rows) if (typeof r.file_key === 'string' && archives) later.push({ label: 'privacy export', work: () => (archives as ArchiveStore).remove(r.file_key as string) });
        });
        await trx(EXPORTS_TABLE).where({ user_id: userId }).delete();
        // Every other request of this person goes too; this one keeps only the reference.
        await trx(ERASURES_TABLE).where({ user_id: userId }).whereNot({ id }).delete();
        await trx(ERASURES_TABLE)
          .where({ id })
          .update({ user_id: null, status: 'completed', completed_at: new Date(), completed_by: adminId, summary: writeJson({ providers: ran }) });
        return (await trx(ERASURES_TABLE).where({ id }).first()) as Row;
      });
      for (const { label, work } of later) {
        await work().catch((error: unknown) => strapi.log.error(`[lms-core] erasure ${id}: ${label} after commit failed: ${(error as Error).message}`));
      }
      return toErasure(done);
    },

    /** Guard used by the learner routes: a learner acts on their own account only. */
    assertSelf(userId: unknown): number {
      if (typeof userId !== 'number' || !Number.isInteger(userId)) throw forbidden('sign in as the learner whose data this is');
      return userId;
    },
  };
};

export type PrivacyService = ReturnType<typeof createPrivacyService>;

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { isPostgres, readDate, readJson, writeJson } from '@lms/plugin-lms-core/server';
import {
  type PublicJwk,
  type ToolKeyRecord,
  type ToolSigningKey,
  currentKey,
  generateToolKey,
  isLtiError,
  publicJwks,
  rotate,
  toolSigningKey,
} from '../domain';
import { TABLES } from '../migrations';
import { ltiSettings, requireKeyEncryptionKey } from '../settings';

/** How long a retired key stays in the JWKS: platforms cache key sets for hours. */
export const ROTATION_GRACE_MS = 7 * 24 * 60 * 60 * 1000;
/** How long this process reuses the key rows it read (the JWKS answers from memory). */
const CACHE_MS = 60_000;

function toRecord(row: Record<string, unknown>): ToolKeyRecord {
  return {
    kid: String(row.kid),
    publicJwk: readJson<PublicJwk>(row.public_jwk),
    encryptedPrivateKey: String(row.encrypted_private_key),
    createdAt: readDate(row.created_at) as Date,
    retiredAt: readDate(row.retired_at),
    publishedUntil: readDate(row.published_until),
  };
}

const toRow = (k: ToolKeyRecord) => ({
  kid: k.kid,
  public_jwk: writeJson(k.publicJwk),
  encrypted_private_key: k.encryptedPrivateKey,
  created_at: k.createdAt,
  retired_at: k.retiredAt,
  published_until: k.publishedUntil,
});

/**
 * The tool's RSA keys: generated on first start, stored with the private half encrypted
 * (LTI_KEY_ENCRYPTION_KEY), published at /api/lms-lti/jwks, rotated with a grace period.
 */
export const createToolKeysService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  let cache: { keys: ToolKeyRecord[]; at: number } | null = null;
  let signing: ToolSigningKey | null = null;

  async function load(force = false): Promise<ToolKeyRecord[]> {
    if (!force && cache && Date.now() - cache.at < CACHE_MS) return cache.keys;
    const rows = (await knex()(TABLES.toolKeys).select('*')) as Array<Record<string, unknown>>;
    cache = { keys: rows.map(toRecord), at: Date.now() };
    return cache.keys;
  }

  /** Replaces the key set with `next` in one transaction (rows missing from it are deleted). */
  async function store(trx: Knex.Transaction, next: ToolKeyRecord[]): Promise<void> {
    const kids = next.map((k) => k.kid);
    await trx(TABLES.toolKeys).whereNotIn('kid', kids).delete();
    for (const key of next) {
      await trx(TABLES.toolKeys).insert(toRow(key)).onConflict('kid').merge(['retired_at', 'published_until']);
    }
  }

  async function lockKeys(trx: Knex.Transaction): Promise<ToolKeyRecord[]> {
    // cms and worker may start together: one of them generates, the other sees its key.
    if (isPostgres(trx)) await trx.raw(`LOCK TABLE ${TABLES.toolKeys} IN SHARE ROW EXCLUSIVE MODE`);
    return ((await trx(TABLES.toolKeys).select('*')) as Array<Record<string, unknown>>).map(toRecord);
  }

  return {
    /**
     * On start: makes sure there is exactly one current key this process can decrypt. A key that
     * no longer decrypts (LTI_KEY_ENCRYPTION_KEY changed) is retired and a new one generated.
     */
    async ensureCurrentKey(): Promise<ToolKeyRecord> {
      const kek = requireKeyEncryptionKey();
      const now = new Date();
      const result = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const keys = await lockKeys(trx);
        let usable = true;
        try {
          await toolSigningKey(currentKey(keys), kek);
        } catch (error) {
          if (!isLtiError(error)) throw error;
          usable = false;
          if (keys.length > 0) strapi.log.warn(`lms-lti: ${error.message}; generating a new tool key`);
        }
        if (usable) return currentKey(keys);
        const fresh = await generateToolKey(now, kek);
        // Several "current" keys (a broken rotation) are all retired by rotate().
        const next = rotate(keys, fresh, now, ROTATION_GRACE_MS);
        await store(trx, next);
        return fresh;
      });
      cache = null;
      signing = null;
      return result;
    },

    /** The public key set (current key and retired keys inside their grace period). */
    async jwks(): Promise<{ keys: PublicJwk[] }> {
      return publicJwks(await load(), new Date());
    },

    /** The current key, decrypted and imported once per process and kid. */
    async signingKey(): Promise<ToolSigningKey> {
      const kek = requireKeyEncryptionKey();
      let keys = await load();
      let current: ToolKeyRecord;
      try {
        current = currentKey(keys);
      } catch {
        keys = await load(true);
        current = currentKey(keys);
      }
      if (signing?.kid === current.kid) return signing;
      signing = await toolSigningKey(current, kek);
      return signing;
    },

    /** Rotates now: a new current key; the old one stays published for the grace period. */
    async rotateKeys(): Promise<{ kid: string; retired: string[] }> {
      const kek = requireKeyEncryptionKey();
      const now = new Date();
      const fresh = await generateToolKey(now, kek);
      const retired = await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const keys = await lockKeys(trx);
        await store(trx, rotate(keys, fresh, now, ROTATION_GRACE_MS));
        return keys.filter((k) => k.retiredAt === null).map((k) => k.kid);
      });
      cache = null;
      signing = null;
      return { kid: fresh.kid, retired };
    },

    /** For the admin panel: kid, created, retired, published until. */
    async list() {
      const keys = await load(true);
      return keys
        .map((k) => ({ kid: k.kid, createdAt: k.createdAt.toISOString(), retiredAt: k.retiredAt?.toISOString() ?? null, publishedUntil: k.publishedUntil?.toISOString() ?? null }))
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
    },

    configured(): boolean {
      return ltiSettings().keyEncryptionKey !== null;
    },
  };
};

export type ToolKeysService = ReturnType<typeof createToolKeysService>;

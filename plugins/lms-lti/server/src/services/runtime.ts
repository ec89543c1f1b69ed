import type { Core } from '@strapi/strapi';
import { PlatformKeyCache } from '../domain';
import { ltiSettings } from '../settings';
import { createDatabaseStore, createRedisStore, type ExpiringStore } from '../stores/kv';
import { fetchJwks } from './http';

/**
 * Per-process state of the tool: the store of login state / nonces / hand-off tokens (Redis when
 * configured, else the database) and the cache of platform key sets.
 */
export const createRuntimeService = ({ strapi }: { strapi: Core.Strapi }) => {
  let kv: ExpiringStore | null = null;
  const keys = new PlatformKeyCache({ fetchJwks });
  return {
    store(): ExpiringStore {
      if (!kv) {
        const { redis } = ltiSettings();
        kv = redis ? createRedisStore(redis.url, redis.prefix) : createDatabaseStore(strapi.db.connection);
      }
      return kv;
    },
    platformKeys(): PlatformKeyCache {
      return keys;
    },
    async close(): Promise<void> {
      const open = kv;
      kv = null;
      await open?.close();
    },
  };
};

export type RuntimeService = ReturnType<typeof createRuntimeService>;

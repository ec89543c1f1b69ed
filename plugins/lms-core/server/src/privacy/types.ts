import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { ProviderExport } from '../domain/privacy';

/**
 * Learners' data rights, Moodle-style: each plugin that keeps personal data registers one
 * provider (in its `server/src/privacy.ts`), lms-core runs them for an export or an erasure.
 */
export interface ErasureContext {
  /** `erased:<hash>`: what stays where a record must survive without its person. */
  anonymousReference: string;
  /** The account's email and username before erasure (to find rows that copied them). */
  email: string;
  username: string;
  /**
   * Work outside the database (files, Redis) to run once the erasure transaction has committed,
   * so a rollback never leaves data without its files. Failures are logged, not thrown.
   */
  afterCommit(label: string, work: () => Promise<void>): void;
}

export interface PersonalDataProvider {
  /** Plugin id ("lms-enrollment"): the archive groups this provider's tables under it. */
  name: string;
  /** What the plugin keeps about the learner, table by table (rows as plain JSON values). */
  exportUserData(strapi: Core.Strapi, userId: number): Promise<ProviderExport>;
  /** Erases or anonymises the learner's data inside `trx`; every provider runs in the same one. */
  eraseUserData(strapi: Core.Strapi, trx: Knex.Transaction, userId: number, ctx: ErasureContext): Promise<void>;
}

/** Where finished archives are kept: a private file store with signed links (decision 017). */
export interface ArchiveStore {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  remove(key: string): Promise<void>;
  /** An absolute, signed, expiring download link. */
  link(key: string, filename: string, contentType: string, seconds: number): { url: string; expiresAt: Date };
}

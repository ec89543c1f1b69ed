/**
 * `@lms/plugin-lms-core/server`: what other LMS plugins may use of the kernel. Nothing else in
 * this package is public (see docs/decisions: typed access to lms-core).
 *
 * - Services are reached at run time through Strapi's container with {@link getLmsCoreService},
 *   so every plugin talks to the one running instance.
 * - Pure kernel code (money, event envelopes, queue rules, error helpers, migration runner,
 *   database helpers) is imported directly: it holds no state.
 * - Event payload types are extended by declaration merging on this module:
 *   `declare module '@lms/plugin-lms-core/server' { interface EventPayloads { ... } }`.
 */

export { getService as getLmsCoreService } from './utils';
export type { LmsCoreServices, EventsService, JobsService, MigrationsService, PrivacyService } from './services';
export type { PersonalDataProvider, ErasureContext, ArchiveStore } from './privacy/types';
export type { ProviderExport, ExportRow } from './domain/privacy';
export { rowsForExport } from './privacy/rows';
export { whereJsonMentionsUser } from './privacy/core-provider';

export * from './domain/money';
export { csvCell, toCsv } from './domain/csv';
export type { CsvValue } from './domain/csv';
export {
  createEvent,
  parseEvent,
  assertEventType,
  EventError,
  EVENT_TYPE_PATTERN,
  MAX_PAYLOAD_BYTES,
} from './domain/events';
export type { EventPayloads, EventType, DomainEvent, EventInput, EventActor } from './domain/events';
export { DEFAULT_RETRY_POLICY, backoffDelay, deliveryJobId } from './domain/jobs';
export type { RetryPolicy } from './domain/jobs';
export type { BatchEventHandler, ConsumerContext, EventHandler, JobContext, JobHandler, SubscribeOptions } from './queue/types';

export { runMigrations, migrationsTableName } from './migrations/runner';
export type { PluginMigration, MigrationResult } from './migrations/runner';
export { isPostgres, isUniqueViolation, readJson, writeJson, readDate, inTransaction } from './db';
export { grantAuthenticatedActions } from './learner-role';
export { afterDocumentWrites, DOCUMENT_WRITE_ACTIONS } from './document-writes';

export { invalidInput, notFound, forbidden, unauthorized, invalidState, rateLimited, fromDomainError, parseInput, conflict, ConflictError, StatusError, withVisibleErrors } from './errors';

import type { PluginMigration } from '@lms/plugin-lms-core/server';
import { concerns } from '../concerns';

/**
 * lms-grading's tables, written once with the knex schema builder for PostgreSQL and SQLite.
 * Each concern names its migrations with its own prefix so they sort into one list:
 * quizzes "1xx-", assignments "2xx-", gradebook "3xx-", certificates "4xx-". As in the other
 * plugins, timestamps are written by the application and users are referred to by their
 * users-permissions id without a foreign key.
 */
export const migrations: PluginMigration[] = concerns.flatMap((c) => c.migrations).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

import type { PluginMigration } from '@lms/plugin-lms-core/server';

export const PACKAGES_TABLE = 'lms_h5p_packages';
export const RESULTS_TABLE = 'lms_h5p_results';

/**
 * lms-h5p's tables (knex schema builder, PostgreSQL and SQLite). Timestamps are written by the
 * application; Strapi's rows (upload files, admin users, users) are referred to by id without a
 * FK, as the other LMS plugins do.
 */
export const migrations: PluginMigration[] = [
  {
    name: '001-packages-and-results',
    async up(knex) {
      // One row per checked and extracted package: the media-library file a lesson block points
      // at, and where its files were extracted on the upload provider.
      await knex.schema.createTable(PACKAGES_TABLE, (t) => {
        t.increments('id');
        // plugin::upload.file id of the .h5p itself.
        t.integer('file_id').notNullable();
        // Provider key prefix of the extracted files: h5p/<file hash>.
        t.string('folder', 255).notNullable();
        // URL of the folder (what h5p-standalone calls h5pJsonPath), as the provider answered.
        t.text('base_url').notNullable();
        t.string('sha256', 64).notNullable();
        t.string('title', 255).notNullable();
        // "H5P.MultiChoice 1.14"
        t.string('main_library', 300).notNullable();
        // JSON list of library folders.
        t.text('libraries').notNullable();
        t.integer('file_count').notNullable();
        t.bigInteger('uncompressed_bytes').notNullable();
        t.integer('created_by').nullable();
        t.timestamp('created_at', { useTz: true }).notNullable();
        t.unique(['file_id'], { indexName: 'lms_h5p_packages_file_uq' });
        t.unique(['folder'], { indexName: 'lms_h5p_packages_folder_uq' });
      });

      // A learner's standing at one H5P activity of a lesson, keyed by the package file: a
      // published block's row id changes with every publish, the package it shows does not.
      await knex.schema.createTable(RESULTS_TABLE, (t) => {
        t.increments('id');
        t.integer('user_id').notNullable();
        t.string('course_document_id', 64).notNullable();
        t.string('lesson_document_id', 64).notNullable();
        t.integer('file_id').notNullable();
        // The published block the latest statement came from.
        t.integer('block_id').notNullable();
        t.integer('attempts').notNullable();
        // Scaled scores in basis points, 0–10000.
        t.integer('latest_bp').notNullable();
        t.integer('best_bp').notNullable();
        t.double('latest_raw').nullable();
        t.double('latest_max').nullable();
        t.boolean('passed').nullable();
        t.timestamp('first_at', { useTz: true }).notNullable();
        t.timestamp('last_at', { useTz: true }).notNullable();
        t.unique(['user_id', 'lesson_document_id', 'file_id'], { indexName: 'lms_h5p_results_learner_uq' });
        t.index(['course_document_id', 'user_id'], 'lms_h5p_results_course_idx');
      });
    },
  },
];

import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loadConfig } from '@lms/config';
import { getLmsCoreService, rowsForExport, type PersonalDataProvider } from '@lms/plugin-lms-core/server';
import { FILES_TABLE, SUBMISSIONS_TABLE } from './assignments/migrations';
import { ERASED_HOLDER_NAME } from './certificates/erased';
import { CERTIFICATES_TABLE } from './certificates/migrations';
import { ANSWERS_TABLE, ATTEMPTS_TABLE } from './quizzes/migrations';
import { createPrivateFiles, signDownloadWithExpiry } from './storage';

/** Links in an export archive live as long as the archive is kept. */
const ARCHIVE_LINK_SECONDS = 7 * 24 * 3600;

type Row = Record<string, unknown>;

/**
 * lms-grading's personal data (decision 036):
 * - quiz attempts and their answers, assignment submissions and their files: deleted (answers and
 *   submissions are the learner's own words; the item analysis keeps only aggregates);
 * - certificates: the row, code, issue date and checksum stay so the code still verifies as
 *   issued; the holder's name is removed and the PDF (which prints it) is deleted.
 * Private files are removed after the erasure commits.
 */
export const gradingPrivacyProvider: PersonalDataProvider = {
  name: 'lms-grading',
  async exportUserData(strapi, userId) {
    const knex = strapi.db.connection;
    const base = loadConfig().publicUrl;
    const link = (key: string, filename: string, contentType: string) =>
      `${base}${signDownloadWithExpiry({ key, filename, contentType, expiresInSeconds: ARCHIVE_LINK_SECONDS }).path}`;
    const attempts = (await knex(ATTEMPTS_TABLE).where({ user_id: userId }).orderBy('id')) as Row[];
    const answers = (await knex(ANSWERS_TABLE)
      .whereIn('attempt_id', knex(ATTEMPTS_TABLE).where({ user_id: userId }).select('id'))
      .orderBy('id')) as Row[];
    const submissions = (await knex(SUBMISSIONS_TABLE).where({ user_id: userId }).orderBy('id')) as Row[];
    const files = (await knex(FILES_TABLE)
      .whereIn('submission_id', knex(SUBMISSIONS_TABLE).where({ user_id: userId }).select('id'))
      .orderBy('id')) as Row[];
    const certificates = (await knex(CERTIFICATES_TABLE).where({ user_id: userId }).orderBy('id')) as Row[];
    return {
      tables: {
        // The paper is the question sheet as drawn for the attempt: part of what the learner saw.
        quiz_attempts: rowsForExport(attempts, { json: ['paper'] }),
        quiz_answers: rowsForExport(answers, { json: ['answer', 'grade'] }),
        assignment_submissions: rowsForExport(submissions, { json: ['rubric_breakdown', 'score_summary'] }),
        assignment_files: rowsForExport(files, { omit: ['file_key'] }).map((f, i) => ({
          ...f,
          download_url: link(String(files[i]?.file_key), String(f.original_filename), String(f.content_type)),
        })),
        certificates: rowsForExport(certificates, { omit: ['file_key'] }).map((c, i) => ({
          ...c,
          download_url: c.status === 'valid' ? link(String(certificates[i]?.file_key), `certificate-${String(c.code)}.pdf`, 'application/pdf') : null,
        })),
      },
    };
  },
  async eraseUserData(strapi, trx: Knex.Transaction, userId, ctx) {
    const files = createPrivateFiles(strapi);
    const submissionFiles = (await trx(FILES_TABLE)
      .whereIn('submission_id', trx(SUBMISSIONS_TABLE).where({ user_id: userId }).select('id'))
      .select('file_key')) as Array<{ file_key: string }>;
    const certificateFiles = (await trx(CERTIFICATES_TABLE).where({ user_id: userId }).select('file_key')) as Array<{ file_key: string }>;
    await trx(ANSWERS_TABLE).whereIn('attempt_id', trx(ATTEMPTS_TABLE).where({ user_id: userId }).select('id')).delete();
    await trx(ATTEMPTS_TABLE).where({ user_id: userId }).delete();
    await trx(FILES_TABLE).whereIn('submission_id', trx(SUBMISSIONS_TABLE).where({ user_id: userId }).select('id')).delete();
    await trx(SUBMISSIONS_TABLE).where({ user_id: userId }).delete();
    await trx(CERTIFICATES_TABLE).where({ user_id: userId }).update({ learner_name: ERASED_HOLDER_NAME, updated_at: new Date() });
    for (const { file_key } of [...submissionFiles, ...certificateFiles]) {
      ctx.afterCommit(`private file ${file_key}`, () => files.remove(file_key));
    }
  },
};

/** Registers the provider, and the private file store as where finished export archives go. */
export function registerGradingPrivacy(strapi: Core.Strapi): void {
  const privacy = getLmsCoreService(strapi, 'privacy');
  privacy.registerProvider(gradingPrivacyProvider);
  privacy.registerArchiveStore({
    put: (key, bytes, contentType) => createPrivateFiles(strapi).put(key, bytes, contentType),
    remove: (key) => createPrivateFiles(strapi).remove(key),
    link(key, filename, contentType, seconds) {
      const signed = signDownloadWithExpiry({ key, filename, contentType, expiresInSeconds: seconds });
      return { url: `${loadConfig().publicUrl}${signed.path}`, expiresAt: signed.expiresAt };
    },
  });
}

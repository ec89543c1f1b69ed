import type { Core } from '@strapi/strapi';
import type { FailedJob, FailedJobStatus } from '../contracts/failed-jobs';
import { invalidState, notFound } from '../errors';
import type { FailedJobRecord } from '../queue/failed-jobs';
import { getService } from '../utils';

/** The failed set as the admin sees it: list, and retry one job with a fresh set of attempts. */
export const createJobsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const bus = () => getService(strapi, 'events').runtime();

  return {
    async listFailed(query: { statuses: FailedJobStatus[]; page: number; pageSize: number }) {
      const { rows, total } = await bus().listFailedJobs(query);
      return { jobs: rows.map(toFailedJob), total };
    },

    async retryFailed(id: number): Promise<FailedJob> {
      const existing = await bus().getFailedJob(id);
      if (!existing) throw notFound('failed job', id, 'it may have been removed; reload the list');
      if (existing.status === 'resolved') {
        throw invalidState(`failed job ${id} (${existing.name}) already succeeded on an earlier retry; nothing to do`);
      }
      const retried = await bus().retryFailedJob(id);
      if (!retried) throw invalidState(`failed job ${id} succeeded while you asked to retry it; nothing to do`);
      strapi.log.info(`lms-core: failed job ${id} (${retried.key}) retried by an admin (${retried.retryCount}×)`);
      return toFailedJob(retried);
    },
  };
};

function toFailedJob(record: FailedJobRecord): FailedJob {
  const { payload, ...job } = record;
  void payload; // the payload can hold personal data; the list does not need it
  return job;
}

export type JobsService = ReturnType<typeof createJobsService>;

/**
 * Request and response shapes of lms-core's admin routes, shared by the server controller and
 * the admin page (a type-only import) so the two cannot drift apart. They live under server/src
 * rather than a top-level shared/ because @strapi/sdk-plugin emits declarations only for the
 * entry's folder; the server's .d.ts files would otherwise point at files dist does not have.
 */

export type FailedJobStatus = 'failed' | 'retrying' | 'resolved';

export interface FailedJob {
  id: number;
  /** The job's key: "evt.<event id>.<consumer>" for an event delivery, "job.<name>.<id>" otherwise. */
  key: string;
  kind: 'event' | 'job';
  /** Consumer name (event deliveries) or job name. */
  name: string;
  eventId: string | null;
  eventType: string | null;
  mode: 'redis' | 'inline';
  status: FailedJobStatus;
  /** Last error, one line. */
  error: string;
  stack: string | null;
  /** Attempts made in the last run. */
  attempts: number;
  /** How many times an admin retried it. */
  retryCount: number;
  failedAt: string;
  retriedAt: string | null;
  resolvedAt: string | null;
}

/** GET /lms-core/jobs/failed?page=1&pageSize=20&status=failed,retrying */
export interface ListFailedJobsQuery {
  page?: string;
  pageSize?: string;
  /** Comma-separated statuses; default "failed,retrying". */
  status?: string;
}

export interface ListFailedJobsResponse {
  data: FailedJob[];
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/** POST /lms-core/jobs/:id/retry */
export interface RetryFailedJobParams {
  id: string;
}

export interface RetryFailedJobResponse {
  data: FailedJob;
}

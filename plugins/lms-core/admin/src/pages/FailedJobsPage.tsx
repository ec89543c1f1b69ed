import * as React from 'react';
import { Badge, Box, Button, EmptyStateLayout, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type { FailedJob, ListFailedJobsResponse, RetryFailedJobResponse } from '../../../server/src/contracts/failed-jobs';
import { PERMISSIONS } from '../permissions';

const PAGE_SIZE = 20;

function describeTarget(job: FailedJob): string {
  return job.kind === 'event' ? `${job.eventType ?? 'event'} → ${job.name}` : `job ${job.name}`;
}

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

/** The failed set: what went wrong, how often it was tried, and a Retry button per job. */
const FailedJobsPage = () => {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ retry: PERMISSIONS.retryJobs });
  const [page, setPage] = React.useState(1);
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: ListFailedJobsResponse }>({ loading: true });
  const [retrying, setRetrying] = React.useState<number | null>(null);

  const load = React.useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const { data } = await get<ListFailedJobsResponse>('/lms-core/jobs/failed', { params: { page, pageSize: PAGE_SIZE } });
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get, page]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const retry = async (job: FailedJob) => {
    setRetrying(job.id);
    try {
      await post<RetryFailedJobResponse>(`/lms-core/jobs/${job.id}/retry`);
      toggleNotification({ type: 'success', message: `Retrying ${describeTarget(job)}; it leaves this list once it succeeds.` });
      await load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setRetrying(null);
    }
  };

  const jobs = state.data?.data ?? [];
  const pagination = state.data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>Failed jobs</Page.Title>
      <Layouts.Header
        title="Failed jobs"
        subtitle="Background work that used up its attempts. Fix the cause, then retry: each job runs again with a fresh set of attempts, and work already done is not repeated."
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={() => void load()} loading={state.loading}>
            Refresh
          </Button>
        }
      />
      <Layouts.Content>
        {state.error ? (
          <Page.Error />
        ) : state.loading && !state.data ? (
          <Page.Loading />
        ) : jobs.length === 0 ? (
          <EmptyStateLayout content="No failed jobs. Everything queued has run." />
        ) : (
          <>
            <Table colCount={6} rowCount={jobs.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Job</Typography></Th>
                  <Th><Typography variant="sigma">Error</Typography></Th>
                  <Th><Typography variant="sigma">Attempts</Typography></Th>
                  <Th><Typography variant="sigma">Failed at</Typography></Th>
                  <Th><Typography variant="sigma">Status</Typography></Th>
                  <Th><Typography variant="sigma">Action</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {jobs.map((job) => (
                  <Tr key={job.id}>
                    <Td>
                      <Typography fontWeight="bold">{describeTarget(job)}</Typography>
                      <Box>
                        <Typography variant="pi" textColor="neutral600">{job.eventId ?? job.key}</Typography>
                      </Box>
                    </Td>
                    <Td style={{ maxWidth: '32rem', whiteSpace: 'normal' }}>
                      <Typography textColor="danger600">{job.error}</Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {job.attempts}
                        {job.retryCount > 0 ? ` (retried ${job.retryCount}×)` : ''}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{new Date(job.failedAt).toLocaleString()}</Typography>
                    </Td>
                    <Td>
                      <Badge>{job.status}</Badge>
                    </Td>
                    <Td>
                      {allowedActions.canRetry ? (
                        <Button
                          size="S"
                          variant="secondary"
                          loading={retrying === job.id}
                          disabled={retrying !== null}
                          onClick={() => void retry(job)}
                        >
                          Retry
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            {pagination && pagination.pageCount > 1 ? (
              <Flex justifyContent="space-between" paddingTop={4}>
                <Typography variant="pi">
                  Page {pagination.page} of {pagination.pageCount} ({pagination.total} jobs)
                </Typography>
                <Flex gap={2}>
                  <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
                    Previous
                  </Button>
                  <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage((p) => p + 1)}>
                    Next
                  </Button>
                </Flex>
              </Flex>
            ) : null}
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedFailedJobsPage = () => (
  <Page.Protect permissions={PERMISSIONS.readJobs}>
    <FailedJobsPage />
  </Page.Protect>
);

export default ProtectedFailedJobsPage;

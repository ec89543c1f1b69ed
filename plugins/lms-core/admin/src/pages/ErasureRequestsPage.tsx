import * as React from 'react';
import { Badge, Box, Button, EmptyStateLayout, Flex, Modal, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { ArrowClockwise } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type { CompleteErasureResponse, ErasureRequest, ListErasuresResponse } from '../../../server/src/contracts/privacy';
import { PERMISSIONS } from '../permissions';

const PAGE_SIZE = 20;
type StatusFilter = 'requested' | 'completed' | 'all';

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '');

/**
 * Learners' erasure requests (decision 036): who asked and when; "Erase" runs every plugin's
 * eraser in one transaction after a confirmation that says what goes and what stays.
 */
const ErasureRequestsPage = () => {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ erase: PERMISSIONS.completeErasures });
  const [status, setStatus] = React.useState<StatusFilter>('requested');
  const [page, setPage] = React.useState(1);
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: ListErasuresResponse }>({ loading: true });
  const [confirming, setConfirming] = React.useState<ErasureRequest | null>(null);
  const [erasing, setErasing] = React.useState(false);
  const [failure, setFailure] = React.useState<string | null>(null);

  const load = React.useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const params = { page, pageSize: PAGE_SIZE, ...(status === 'all' ? {} : { status }) };
      const { data } = await get<ListErasuresResponse>('/lms-core/privacy/erasures', { params });
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get, page, status]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const erase = async (request: ErasureRequest) => {
    setErasing(true);
    setFailure(null);
    try {
      await post<CompleteErasureResponse>(`/lms-core/privacy/erasures/${request.id}/complete`);
      toggleNotification({ type: 'success', message: `Account erased; it is now known as ${request.reference}.` });
      setConfirming(null);
      await load();
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setErasing(false);
    }
  };

  const rows = state.data?.data ?? [];
  const pagination = state.data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>Erasure requests</Page.Title>
      <Layouts.Header
        title="Erasure requests"
        subtitle="Learners who asked for their account to be erased. Erasing deletes their learning records, files, points and messages, and anonymises the account; payments and certificates stay, without the person."
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={() => void load()} loading={state.loading}>
            Refresh
          </Button>
        }
      />
      <Layouts.Content>
        <Box paddingBottom={4} style={{ maxWidth: '16rem' }}>
          <SingleSelect
            aria-label="Status"
            value={status}
            onChange={(value: string | number) => {
              setStatus(String(value) as StatusFilter);
              setPage(1);
            }}
          >
            <SingleSelectOption value="requested">Waiting</SingleSelectOption>
            <SingleSelectOption value="completed">Completed</SingleSelectOption>
            <SingleSelectOption value="all">All</SingleSelectOption>
          </SingleSelect>
        </Box>
        {state.error ? (
          <Page.Error />
        ) : state.loading && !state.data ? (
          <Page.Loading />
        ) : rows.length === 0 ? (
          <EmptyStateLayout content={status === 'requested' ? 'No erasure request is waiting.' : 'No erasure requests.'} />
        ) : (
          <>
            <Table colCount={5} rowCount={rows.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Learner</Typography></Th>
                  <Th><Typography variant="sigma">Asked</Typography></Th>
                  <Th><Typography variant="sigma">Status</Typography></Th>
                  <Th><Typography variant="sigma">Reference</Typography></Th>
                  <Th><Typography variant="sigma">Action</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((r) => (
                  <Tr key={r.id}>
                    <Td>
                      {r.userId !== null ? (
                        <>
                          <Typography fontWeight="bold">{r.email}</Typography>
                          <Box>
                            <Typography variant="pi" textColor="neutral600">
                              {r.username} · user {r.userId}
                            </Typography>
                          </Box>
                        </>
                      ) : (
                        <Typography textColor="neutral600">erased</Typography>
                      )}
                    </Td>
                    <Td><Typography>{when(r.requestedAt)}</Typography></Td>
                    <Td>
                      <Badge active={r.status === 'requested'}>{r.status === 'completed' ? `completed ${when(r.completedAt)}` : r.status}</Badge>
                    </Td>
                    <Td><Typography variant="pi">{r.reference}</Typography></Td>
                    <Td>
                      {allowedActions.canErase && r.status === 'requested' ? (
                        <Button size="S" variant="danger-light" onClick={() => setConfirming(r)}>
                          Erase…
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
                  Page {pagination.page} of {pagination.pageCount} ({pagination.total} requests)
                </Typography>
                <Flex gap={2}>
                  <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>Previous</Button>
                  <Button variant="tertiary" disabled={page >= pagination.pageCount} onClick={() => setPage((p) => p + 1)}>Next</Button>
                </Flex>
              </Flex>
            ) : null}
          </>
        )}
      </Layouts.Content>
      {confirming ? (
        <Modal.Root open onOpenChange={(open: boolean) => (open ? undefined : setConfirming(null))}>
          <Modal.Content>
            <Modal.Header>
              <Modal.Title>Erase {confirming.email}?</Modal.Title>
            </Modal.Header>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={3}>
                <Typography>
                  Deleted: enrollments and progress, quiz attempts and answers, submissions and their files, points and badges, notifications and
                  emails, LTI and H5P records. The account keeps no email, name or password and is blocked.
                </Typography>
                <Typography>Kept without the person: payments and the ledger (amounts unchanged), certificates (they verify as "issued, holder erased").</Typography>
                <Typography fontWeight="bold">This cannot be undone.</Typography>
                {failure ? (
                  <Typography textColor="danger600" role="alert">
                    {failure}
                  </Typography>
                ) : null}
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">Cancel</Button>
              </Modal.Close>
              <Button variant="danger" loading={erasing} onClick={() => void erase(confirming)}>
                Erase account
              </Button>
            </Modal.Footer>
          </Modal.Content>
        </Modal.Root>
      ) : null}
    </Page.Main>
  );
};

const ProtectedErasureRequestsPage = () => (
  <Page.Protect permissions={PERMISSIONS.readErasures}>
    <ErasureRequestsPage />
  </Page.Protect>
);

export default ProtectedErasureRequestsPage;

import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Textarea,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { BankDetailsResponse, PayoutListResponse, PayoutResponse, PayoutView } from '../../../server/src/contracts';
import { PERMISSIONS } from '../permissions';
import { FormModal, statusColors } from '../components/FormModal';
import { errorMessage, formatDate, formatMoney } from '../format';

type Action = { kind: 'approve' | 'reject' | 'mark-paid'; payout: PayoutView };

const FILTERS: Record<string, { label: string; status?: string }> = {
  open: { label: 'Waiting (requested or approved)', status: 'requested,approved' },
  requested: { label: 'Requested', status: 'requested' },
  approved: { label: 'Approved, not yet paid', status: 'approved' },
  done: { label: 'Paid, rejected or failed', status: 'paid,rejected,failed' },
  all: { label: 'All' },
};

const ActionModal = ({ action, onClose, onDone }: { action: Action; onClose: () => void; onDone: (p: PayoutView, message: string) => void }) => {
  const { post } = useFetchClient();
  const [text, setText] = React.useState('');
  const [bank, setBank] = React.useState<{ data?: BankDetailsResponse['data']; error?: string } | null>(null);
  const p = action.payout;
  const who = `${p.instructor.name ?? p.instructor.id}: ${formatMoney(p.amount)}`;
  if (action.kind === 'mark-paid') {
    return (
      <FormModal
        title="Mark bank payout paid"
        submitLabel="Mark paid"
        canSubmit={text.trim().length >= 3}
        onClose={onClose}
        onSubmit={async () => {
          const { data } = await post<PayoutResponse>(`/lms-payouts/payouts/${p.id}/mark-paid`, { reference: text });
          onDone(data.data, `Payout ${p.id} marked paid.`);
        }}
      >
        <Typography>
          {who} to {p.destination}. Send it from the bank first, then record the bank&apos;s reference.
        </Typography>
        <Box paddingTop={2} paddingBottom={2}>
          {bank?.data ? (
            <Box background="neutral100" padding={3} hasRadius>
              <Typography variant="omega" tag="p">
                {bank.data.details.accountHolder}
                {bank.data.details.kind === 'iban'
                  ? ` · IBAN ${bank.data.details.iban}${bank.data.details.bic ? ` · BIC ${bank.data.details.bic}` : ''}${bank.data.details.bankName ? ` · ${bank.data.details.bankName}` : ''}`
                  : ` · account ${bank.data.details.accountNumber} · branch ${bank.data.details.branchCode} · ${bank.data.details.bankName} (${bank.data.details.country})`}
              </Typography>
              {bank.data.changedSinceRequest && (
                <Typography variant="pi" textColor="danger600" tag="p">
                  The instructor changed their bank details after requesting (the request named {bank.data.destinationAtRequest}). Check with them before paying.
                </Typography>
              )}
            </Box>
          ) : (
            <Button
              variant="tertiary"
              size="S"
              onClick={async () => {
                try {
                  const { data } = await post<BankDetailsResponse>(`/lms-payouts/payouts/${p.id}/bank-details`, {});
                  setBank({ data: data.data });
                } catch (error) {
                  setBank({ error: errorMessage(error) });
                }
              }}
            >
              Show the full bank details (your viewing is recorded)
            </Button>
          )}
          {bank?.error && <Typography textColor="danger600">{bank.error}</Typography>}
        </Box>
        <Field.Root name="reference" required>
          <Field.Label>Bank reference</Field.Label>
          <TextInput value={text} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value)} />
        </Field.Root>
      </FormModal>
    );
  }
  const approving = action.kind === 'approve';
  return (
    <FormModal
      title={approving ? 'Approve payout' : 'Reject payout'}
      submitLabel={approving ? 'Approve' : 'Reject'}
      danger={!approving}
      canSubmit={approving || text.trim().length >= 3}
      onClose={onClose}
      onSubmit={async () => {
        const { data } = await post<PayoutResponse>(`/lms-payouts/payouts/${p.id}/${action.kind}`, approving ? { note: text || null } : { note: text });
        onDone(data.data, approving ? `Payout ${p.id} approved.` : `Payout ${p.id} rejected; the money is available to the instructor again.`);
      }}
    >
      <Typography>
        {who}, {p.method === 'stripe' ? `Stripe transfer to ${p.destination} (sent by the queue once approved)` : `bank transfer to ${p.destination} (you send it and mark it paid)`}.
      </Typography>
      <Field.Root name="note" required={!approving} hint={approving ? 'Optional; the instructor sees it.' : 'The instructor sees it.'}>
        <Field.Label>Note</Field.Label>
        <Textarea value={text} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setText(e.target.value)} />
        <Field.Hint />
      </Field.Root>
    </FormModal>
  );
};

/** The admin's approval queue: approve, reject with a note, mark bank payouts paid; then history. */
const PayoutQueuePage = () => {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [filter, setFilter] = React.useState('open');
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: PayoutListResponse }>({ loading: true });
  const [action, setAction] = React.useState<Action | null>(null);

  const load = React.useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const status = FILTERS[filter]?.status;
      const { data } = await get<PayoutListResponse>('/lms-payouts/payouts', { params: status ? { status } : {} });
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get, filter]);
  React.useEffect(() => {
    void load();
  }, [load]);

  const rows = state.data?.data ?? [];
  return (
    <Page.Main>
      <Page.Title>Payout approvals</Page.Title>
      <Layouts.Header title="Payout approvals" subtitle="Instructors' payout requests. Approved Stripe payouts are transferred by the queue; bank payouts you send and mark paid." />
      <Layouts.Content>
        <Box paddingBottom={4}>
          <Field.Root name="filter">
            <Field.Label>Show</Field.Label>
            <SingleSelect value={filter} onChange={(v: string | number) => setFilter(String(v))}>
              {Object.entries(FILTERS).map(([key, f]) => (
                <SingleSelectOption key={key} value={key}>
                  {f.label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Box>
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading && !state.data ? (
          <Page.Loading />
        ) : rows.length === 0 ? (
          <EmptyStateLayout content="No payouts here." />
        ) : (
          <Table colCount={6} rowCount={rows.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Instructor</Typography></Th>
                <Th><Typography variant="sigma">Amount</Typography></Th>
                <Th><Typography variant="sigma">To</Typography></Th>
                <Th><Typography variant="sigma">Status</Typography></Th>
                <Th><Typography variant="sigma">Requested</Typography></Th>
                <Th><Typography variant="sigma">Action</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((p) => (
                <Tr key={p.id}>
                  <Td>
                    <Typography fontWeight="bold">{p.instructor.name ?? p.instructor.id}</Typography>
                    <Box>
                      <Typography variant="pi" textColor="neutral600">{p.id}</Typography>
                    </Box>
                  </Td>
                  <Td><Typography fontWeight="bold">{formatMoney(p.amount)}</Typography></Td>
                  <Td><Typography>{p.method === 'stripe' ? `Stripe ${p.destination}` : p.destination}</Typography></Td>
                  <Td>
                    <Badge backgroundColor={statusColors(p.status).background} textColor={statusColors(p.status).text}>
                      {p.status}
                    </Badge>
                    {p.note || p.reference || p.failureReason ? (
                      <Box>
                        <Typography variant="pi" textColor="neutral600">
                          {[p.note, p.reference ? `Reference ${p.reference}` : null, p.failureReason].filter(Boolean).join(' · ')}
                        </Typography>
                      </Box>
                    ) : null}
                  </Td>
                  <Td><Typography>{formatDate(p.requestedAt)}</Typography></Td>
                  <Td>
                    <Flex gap={2}>
                      {p.status === 'requested' ? (
                        <Button size="S" onClick={() => setAction({ kind: 'approve', payout: p })}>
                          Approve
                        </Button>
                      ) : null}
                      {p.status === 'requested' || (p.status === 'approved' && p.method === 'bank') ? (
                        <Button size="S" variant="danger-light" onClick={() => setAction({ kind: 'reject', payout: p })}>
                          Reject
                        </Button>
                      ) : null}
                      {p.status === 'approved' && p.method === 'bank' ? (
                        <Button size="S" variant="secondary" onClick={() => setAction({ kind: 'mark-paid', payout: p })}>
                          Mark paid
                        </Button>
                      ) : null}
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Layouts.Content>
      {action ? (
        <ActionModal
          action={action}
          onClose={() => setAction(null)}
          onDone={(_p, message) => {
            setAction(null);
            toggleNotification({ type: 'success', message });
            void load();
          }}
        />
      ) : null}
    </Page.Main>
  );
};

const ProtectedPayoutQueuePage = () => (
  <Page.Protect permissions={PERMISSIONS.manage}>
    <PayoutQueuePage />
  </Page.Protect>
);

export default ProtectedPayoutQueuePage;

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
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { BalanceLine, MyPayoutsResponse, PayoutResponse, SettingsResponse, StripeOnboardingResponse } from '../../../server/src/contracts';
import { PERMISSIONS } from '../permissions';
import { FormModal, statusColors } from '../components/FormModal';
import { errorMessage, exponent, formatDate, formatMoney, parseAmount } from '../format';

const Text = ({ label, value, onChange, hint }: { label: string; value: string; onChange: (v: string) => void; hint?: string }) => (
  <Field.Root name={label} hint={hint}>
    <Field.Label>{label}</Field.Label>
    <TextInput value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
    {hint ? <Field.Hint /> : null}
  </Field.Root>
);

/** Bank details: stored encrypted; what comes back is only the masked form. */
const BankModal = ({ onClose, onSaved }: { onClose: () => void; onSaved: (s: SettingsResponse) => void }) => {
  const { put } = useFetchClient();
  const [kind, setKind] = React.useState<'iban' | 'local'>('iban');
  const [form, setForm] = React.useState({ accountHolder: '', iban: '', bic: '', accountNumber: '', branchCode: '', bankName: '', country: '' });
  const set = (key: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [key]: v }));
  return (
    <FormModal
      title="Bank details"
      submitLabel="Save bank details"
      canSubmit={form.accountHolder.trim().length >= 2}
      onClose={onClose}
      onSubmit={async () => {
        const body =
          kind === 'iban'
            ? { accountHolder: form.accountHolder, iban: form.iban, bic: form.bic || undefined, bankName: form.bankName || undefined }
            : { accountHolder: form.accountHolder, accountNumber: form.accountNumber, branchCode: form.branchCode, bankName: form.bankName, country: form.country };
        const { data } = await put<SettingsResponse>('/lms-payouts/me/bank', body);
        onSaved(data);
      }}
    >
      <Typography variant="pi" textColor="neutral600">
        Stored encrypted. After saving you (and admins) only ever see the last four digits.
      </Typography>
      <Field.Root name="kind">
        <Field.Label>Account type</Field.Label>
        <SingleSelect value={kind} onChange={(v: string | number) => setKind(String(v) as 'iban' | 'local')}>
          <SingleSelectOption value="iban">IBAN</SingleSelectOption>
          <SingleSelectOption value="local">Account number and branch code</SingleSelectOption>
        </SingleSelect>
      </Field.Root>
      <Text label="Account holder" value={form.accountHolder} onChange={set('accountHolder')} />
      {kind === 'iban' ? (
        <>
          <Text label="IBAN" value={form.iban} onChange={set('iban')} />
          <Text label="BIC (optional)" value={form.bic} onChange={set('bic')} />
          <Text label="Bank name (optional)" value={form.bankName} onChange={set('bankName')} />
        </>
      ) : (
        <>
          <Text label="Account number" value={form.accountNumber} onChange={set('accountNumber')} />
          <Text label="Branch code" value={form.branchCode} onChange={set('branchCode')} />
          <Text label="Bank name" value={form.bankName} onChange={set('bankName')} />
          <Text label="Country" value={form.country} onChange={set('country')} hint="ISO code, such as ZA" />
        </>
      )}
    </FormModal>
  );
};

const RequestModal = ({ balance, onClose, onRequested }: { balance: BalanceLine; onClose: () => void; onRequested: (p: PayoutResponse) => void }) => {
  const { post } = useFetchClient();
  const digits = exponent(balance.currency);
  const [amount, setAmount] = React.useState((balance.available.amount / 10 ** digits).toFixed(digits));
  const minor = parseAmount(amount, balance.currency);
  return (
    <FormModal
      title={`Request a payout in ${balance.currency}`}
      submitLabel="Request payout"
      canSubmit={minor !== null && minor > 0}
      onClose={onClose}
      onSubmit={async () => {
        const { data } = await post<PayoutResponse>('/lms-payouts/me/payouts', { currency: balance.currency, amount: minor });
        onRequested(data);
      }}
    >
      <Typography>
        Available: <strong>{formatMoney(balance.available)}</strong>. Minimum payout: {formatMoney(balance.minimum)}.
      </Typography>
      <Field.Root name="amount" hint="An admin approves it; until then the amount is reserved.">
        <Field.Label>Amount</Field.Label>
        <TextInput value={amount} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setAmount(e.target.value)} />
        <Field.Hint />
      </Field.Root>
    </FormModal>
  );
};

/** An instructor's payouts: how they are paid, balance per currency, request form, history. */
const MyPayoutsPage = () => {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: MyPayoutsResponse }>({ loading: true });
  const [bankOpen, setBankOpen] = React.useState(false);
  const [requesting, setRequesting] = React.useState<BalanceLine | null>(null);
  const [connecting, setConnecting] = React.useState(false);

  const load = React.useCallback(async () => {
    try {
      const { data } = await get<MyPayoutsResponse>('/lms-payouts/me');
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get]);
  React.useEffect(() => {
    void load();
  }, [load]);

  const connectStripe = async () => {
    setConnecting(true);
    try {
      const { data } = await post<StripeOnboardingResponse>('/lms-payouts/me/stripe', {});
      window.location.assign(data.data.url);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
      setConnecting(false);
    }
  };

  const d = state.data?.data;
  const open = d?.payouts.find((p) => p.status === 'requested' || p.status === 'approved');
  const stripe = d?.settings.stripe;

  return (
    <Page.Main>
      <Page.Title>Payouts</Page.Title>
      <Layouts.Header title="Payouts" subtitle={state.data ? `Earnings of ${state.data.meta.instructor.name}, and how they reach you.` : 'Your earnings and how they reach you.'} />
      <Layouts.Content>
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : !d ? (
          <Page.Loading />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
              <Typography variant="delta" tag="h2">
                How you are paid
              </Typography>
              <Box paddingTop={2}>
                <Typography>
                  {d.settings.method === 'stripe' ? 'Stripe transfer to your connected account' : d.settings.method === 'bank' ? 'Bank transfer, sent by an admin' : 'Not set up yet'}
                </Typography>
              </Box>
              <Flex gap={6} paddingTop={4} alignItems="flex-start">
                <Box>
                  <Typography fontWeight="bold">Stripe</Typography>
                  <Box>
                    <Typography variant="pi" textColor="neutral600">
                      {stripe ? (stripe.payoutsEnabled ? `Connected (${stripe.accountId}); payouts enabled` : `Onboarding not finished (${stripe.accountId})`) : 'No Stripe account connected'}
                    </Typography>
                  </Box>
                  {stripe?.lastBankPayout ? (
                    <Box>
                      <Typography variant="pi" textColor={stripe.lastBankPayout.status === 'failed' ? 'danger600' : 'neutral600'}>
                        Last payout to your bank: {stripe.lastBankPayout.status}
                        {stripe.lastBankPayout.failure ? ` (${stripe.lastBankPayout.failure})` : ''}
                      </Typography>
                    </Box>
                  ) : null}
                  <Box paddingTop={2}>
                    <Button variant="secondary" loading={connecting} onClick={() => void connectStripe()}>
                      {stripe ? (stripe.payoutsEnabled ? 'Open Stripe onboarding again' : 'Continue Stripe onboarding') : 'Set up Stripe payouts'}
                    </Button>
                  </Box>
                </Box>
                <Box>
                  <Typography fontWeight="bold">Bank transfer</Typography>
                  <Box>
                    <Typography variant="pi" textColor="neutral600">
                      {d.settings.bank ? d.settings.bank.masked : 'No bank details'}
                    </Typography>
                  </Box>
                  <Box paddingTop={2}>
                    <Button variant="secondary" onClick={() => setBankOpen(true)}>
                      {d.settings.bank ? 'Replace bank details' : 'Enter bank details'}
                    </Button>
                  </Box>
                </Box>
              </Flex>
            </Box>

            <Box>
              <Box paddingBottom={2}>
                <Typography variant="delta" tag="h2">
                  Balance
                </Typography>
              </Box>
              {d.balances.length === 0 ? (
                <EmptyStateLayout content="No earnings yet. Sales of your courses appear here, pending until their holding period ends." />
              ) : (
                <Table colCount={7} rowCount={d.balances.length + 1}>
                  <Thead>
                    <Tr>
                      <Th><Typography variant="sigma">Currency</Typography></Th>
                      <Th><Typography variant="sigma">Pending</Typography></Th>
                      <Th><Typography variant="sigma">Available</Typography></Th>
                      <Th><Typography variant="sigma">Requested</Typography></Th>
                      <Th><Typography variant="sigma">Paid</Typography></Th>
                      <Th><Typography variant="sigma">Carried forward</Typography></Th>
                      <Th><Typography variant="sigma">Action</Typography></Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {d.balances.map((b) => (
                      <Tr key={b.currency}>
                        <Td><Typography fontWeight="bold">{b.currency}</Typography></Td>
                        <Td><Typography>{formatMoney(b.pending)}</Typography></Td>
                        <Td><Typography fontWeight="bold">{formatMoney(b.available)}</Typography></Td>
                        <Td><Typography>{formatMoney(b.requested)}</Typography></Td>
                        <Td><Typography>{formatMoney(b.paid)}</Typography></Td>
                        <Td><Typography textColor={b.carriedForward.amount > 0 ? 'danger600' : undefined}>{formatMoney(b.carriedForward)}</Typography></Td>
                        <Td>
                          <Button size="S" disabled={Boolean(open) || b.available.amount < Math.max(1, b.minimum.amount)} onClick={() => setRequesting(b)}>
                            Request payout
                          </Button>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              )}
              {open ? (
                <Box paddingTop={2}>
                  <Typography variant="pi" textColor="neutral600">
                    Payout {open.id} of {formatMoney(open.amount)} is {open.status}; you can request another once it is paid or rejected.
                  </Typography>
                </Box>
              ) : null}
            </Box>

            <Box>
              <Box paddingBottom={2}>
                <Typography variant="delta" tag="h2">
                  History
                </Typography>
              </Box>
              {d.payouts.length === 0 ? (
                <EmptyStateLayout content="No payouts requested yet." />
              ) : (
                <Table colCount={5} rowCount={d.payouts.length + 1}>
                  <Thead>
                    <Tr>
                      <Th><Typography variant="sigma">Requested</Typography></Th>
                      <Th><Typography variant="sigma">Amount</Typography></Th>
                      <Th><Typography variant="sigma">To</Typography></Th>
                      <Th><Typography variant="sigma">Status</Typography></Th>
                      <Th><Typography variant="sigma">Details</Typography></Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {d.payouts.map((p) => (
                      <Tr key={p.id}>
                        <Td><Typography>{formatDate(p.requestedAt)}</Typography></Td>
                        <Td><Typography fontWeight="bold">{formatMoney(p.amount)}</Typography></Td>
                        <Td><Typography>{p.method === 'stripe' ? `Stripe ${p.destination}` : p.destination}</Typography></Td>
                        <Td>
                          <Badge backgroundColor={statusColors(p.status).background} textColor={statusColors(p.status).text}>
                            {p.status}
                          </Badge>
                        </Td>
                        <Td>
                          <Typography variant="pi" textColor="neutral600">
                            {[p.note, p.reference ? `Reference ${p.reference}` : null, p.transferId ? `Transfer ${p.transferId}` : null, p.failureReason].filter(Boolean).join(' · ') || '—'}
                          </Typography>
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              )}
            </Box>
          </Flex>
        )}
      </Layouts.Content>
      {bankOpen ? (
        <BankModal
          onClose={() => setBankOpen(false)}
          onSaved={(s) => {
            setBankOpen(false);
            toggleNotification({ type: 'success', message: `Bank details saved: ${s.data.bank?.masked ?? ''}` });
            void load();
          }}
        />
      ) : null}
      {requesting ? (
        <RequestModal
          balance={requesting}
          onClose={() => setRequesting(null)}
          onRequested={(p) => {
            setRequesting(null);
            toggleNotification({ type: 'success', message: `Payout of ${formatMoney(p.data.amount)} requested; an admin will review it.` });
            void load();
          }}
        />
      ) : null}
    </Page.Main>
  );
};

const ProtectedMyPayoutsPage = () => (
  <Page.Protect permissions={PERMISSIONS.request}>
    <MyPayoutsPage />
  </Page.Protect>
);

export default ProtectedMyPayoutsPage;

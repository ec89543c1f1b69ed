import * as React from 'react';
import { Badge, Box, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import type { TransactionResponse, TransactionView } from '../../../server/src/contracts';
import { WaterfallBar } from '../components/BarChart';
import { Section } from '../components/EarningsPanel';
import { Money } from '../components/Money';
import { AppLink, BASE, RevenueNav } from '../components/Nav';
import { errorMessage, formatDate, formatMoney } from '../format';

const STEP_COLOR: Record<string, string> = { vat: '#8e8ea9', fee: '#d02b20', platform: '#f29d41', rounding: '#c0c0cf', instructor: '#5cb176' };
const INSTRUCTOR_COLORS = ['#5cb176', '#328048', '#8fd6a2', '#2f6846'];

/** Links an instructor account to the drill-down. */
function accountCell(account: string | null) {
  if (!account) return <Typography textColor="neutral500">—</Typography>;
  const m = /^(?:instructor|payouts):([A-Za-z0-9_-]+)/.exec(account);
  return m ? <AppLink to={`${BASE}/instructors/${m[1]}`}>{account}</AppLink> : <Typography>{account}</Typography>;
}

/** One ledger transaction: the fee waterfall (for a sale: where each unit of the gross went), entries, reversals. */
const TransactionPage = () => {
  const { id = '' } = useParams();
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: TransactionView }>({ loading: true });
  React.useEffect(() => {
    setState({ loading: true });
    get<TransactionResponse>(`/lms-revenue/transactions/${encodeURIComponent(id)}`)
      .then(({ data }) => setState({ loading: false, data: data.data }))
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get, id]);
  const t = state.data;
  const details = (t?.details ?? {}) as { fee?: { source?: string }; vat?: { source?: string }; warnings?: string[]; holdingDays?: number; availableAt?: string; rulesUsed?: number[] };
  let instructorIndex = 0;
  const parts =
    t?.kind === 'sale'
      ? t.waterfall
          .filter((l) => l.step !== 'gross' && l.step !== 'base' && l.amount.amount !== 0)
          .map((l) => ({
            label: l.label,
            value: Math.abs(l.amount.amount),
            text: formatMoney({ ...l.amount, amount: Math.abs(l.amount.amount) }),
            color: l.step === 'instructor' ? (INSTRUCTOR_COLORS[instructorIndex++ % INSTRUCTOR_COLORS.length] as string) : (STEP_COLOR[l.step] ?? '#666687'),
          }))
      : [];
  return (
    <Page.Main>
      <Page.Title>{t ? `Transaction ${t.reference}` : 'Transaction'}</Page.Title>
      <Layouts.Header title={t ? `${t.kind === 'sale' ? 'Sale' : t.kind} ${t.reference}` : `Transaction ${id}`} subtitle={t ? `${formatDate(t.occurredAt)} · ${t.currency}${t.courseId ? ` · course ${t.courseId}` : ''}` : undefined} />
      <Layouts.Content>
        <RevenueNav />
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading || !t ? (
          <Page.Loading />
        ) : (
          <>
            <Section title="Fee waterfall">
              {parts.length > 0 ? (
                <Box paddingBottom={4}>
                  <WaterfallBar parts={parts} />
                </Box>
              ) : null}
              <Table colCount={3} rowCount={t.waterfall.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">Step</Typography></Th>
                    <Th><Typography variant="sigma">Amount</Typography></Th>
                    <Th><Typography variant="sigma">Account</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {t.waterfall.map((l, i) => (
                    <Tr key={`${l.step}-${i}`}>
                      <Td>
                        <Flex gap={2}>
                          {parts.length ? <svg width={10} height={10} aria-hidden="true"><rect width={10} height={10} rx={2} fill={parts.find((p) => p.label === l.label)?.color ?? 'transparent'} /></svg> : null}
                          <Typography fontWeight={l.step === 'gross' || l.step === 'base' ? 'bold' : undefined}>{l.label}</Typography>
                        </Flex>
                      </Td>
                      <Td><Money value={l.amount} bold={l.step === 'gross' || l.step === 'base'} /></Td>
                      <Td>{accountCell(l.account)}</Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <Flex gap={2} paddingTop={4} wrap="wrap">
                {details.fee?.source ? <Badge>fee from {details.fee.source}</Badge> : null}
                {details.vat?.source ? <Badge>VAT from {details.vat.source}</Badge> : null}
                {details.holdingDays !== undefined ? <Badge>held {details.holdingDays} days{details.availableAt ? `, until ${formatDate(details.availableAt)}` : ''}</Badge> : null}
                {details.rulesUsed?.length ? <Badge>rule changes used: {details.rulesUsed.join(', ')}</Badge> : null}
                {(details.warnings ?? []).map((w) => (
                  <Badge key={w} backgroundColor="warning100" textColor="warning700">
                    {w}
                  </Badge>
                ))}
              </Flex>
            </Section>
            <Section title="Ledger entries">
              <Table colCount={3} rowCount={t.entries.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">Account</Typography></Th>
                    <Th><Typography variant="sigma">Amount (received; negative gives)</Typography></Th>
                    <Th><Typography variant="sigma">Available at</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {t.entries.map((e, i) => (
                    <Tr key={`${e.account}-${i}`}>
                      <Td>{accountCell(e.account)}</Td>
                      <Td><Money value={e.amount} /></Td>
                      <Td><Typography>{e.availableAt ? formatDate(e.availableAt) : '—'}</Typography></Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
              <Typography variant="pi" textColor="neutral600">
                The entries sum to {formatMoney({ amount: t.entries.reduce((s, e) => s + e.amount.amount, 0), currency: t.currency })}.
              </Typography>
            </Section>
            {t.reversals.length > 0 || t.reverses ? (
              <Section title={t.reverses ? 'Reverses' : 'Refunds and lost disputes'}>
                {t.reverses ? <Typography>{t.reverses}</Typography> : null}
                {t.reversals.map((r) => (
                  <Flex key={r.id} gap={2}>
                    <Badge backgroundColor="danger100" textColor="danger700">{r.kind}</Badge>
                    <AppLink to={`${BASE}/transactions/${r.id}`}>{r.reference}</AppLink>
                    <Typography variant="pi" textColor="neutral600">{formatDate(r.occurredAt)}</Typography>
                  </Flex>
                ))}
              </Section>
            ) : null}
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default TransactionPage;

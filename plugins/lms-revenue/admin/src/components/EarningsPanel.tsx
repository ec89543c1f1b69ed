import * as React from 'react';
import { Box, Button, Field, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { EarningsView } from '../../../server/src/contracts';
import { errorMessage, formatMoney, monthLabel, toMajor } from '../format';
import { BarChart } from './BarChart';
import { Figure, Money } from './Money';

const Section = ({ title, children }: { title: string; children: React.ReactNode }) => (
  <Box background="neutral0" shadow="tableShadow" hasRadius padding={6} marginBottom={6}>
    <Typography variant="delta" tag="h2">
      {title}
    </Typography>
    <Box paddingTop={4}>{children}</Box>
  </Box>
);

/** Downloads a statement file through the admin's authenticated client. */
function useStatementDownload(base: string) {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState<string | null>(null);
  const download = async (month: string, format: 'csv' | 'pdf') => {
    setBusy(`${month}.${format}`);
    try {
      const { data } = await get<Blob>(`${base}/${month}.${format}`, { responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `statement-${month}.${format}`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };
  return { busy, download };
}

/**
 * An instructor's earnings: balances (pending / available / requested / paid, and anything carried
 * forward), the last 12 months as a chart, per-course breakdown and monthly statements.
 * Used for the instructor's own page and for the admin's drill-down.
 */
export const EarningsPanel = ({ data, statementBase }: { data: EarningsView; statementBase: string }) => {
  const months = data.months[0]?.series.map((m) => m.month) ?? [];
  const [month, setMonth] = React.useState(months.at(-1) ?? '');
  const { busy, download } = useStatementDownload(statementBase);
  return (
    <>
      <Section title="Balance">
        {data.balances.length === 0 ? (
          <Typography textColor="neutral600">No earnings yet. Sales of your courses appear here once they are paid.</Typography>
        ) : (
          data.balances.map((b) => (
            <Flex key={b.currency} gap={8} wrap="wrap" paddingBottom={4} alignItems="flex-start">
              <Figure label="Pending" value={b.pending} hint="in the holding period" />
              <Figure label="Available" value={b.available} hint="can be requested" />
              <Figure label="Requested" value={b.requested} hint="reserved by a payout request" />
              <Figure label="Paid" value={b.paid} hint="paid out, ever" />
              {b.carriedForward.amount > 0 ? <Figure label="Carried forward" value={{ ...b.carriedForward, amount: -b.carriedForward.amount }} hint="refunds after a payout, netted against later earnings" /> : null}
            </Flex>
          ))
        )}
      </Section>
      {data.months.map((series) => (
        <Section key={series.currency} title={`Last 12 months (${series.currency})`}>
          <BarChart
            title={`Earnings and payouts per month, ${series.currency}`}
            months={series.series.map((m) => m.month)}
            series={[
              { name: 'Earned, net of refunds', color: '#4945ff', values: series.series.map((m) => toMajor(m.net)), labels: series.series.map((m) => formatMoney(m.net)) },
              { name: 'Paid out', color: '#5cb176', values: series.series.map((m) => toMajor(m.paid)), labels: series.series.map((m) => formatMoney(m.paid)) },
            ]}
          />
          <Box paddingTop={4}>
            <Table colCount={5} rowCount={series.series.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Month</Typography></Th>
                  <Th><Typography variant="sigma">Earned</Typography></Th>
                  <Th><Typography variant="sigma">Given back</Typography></Th>
                  <Th><Typography variant="sigma">Net</Typography></Th>
                  <Th><Typography variant="sigma">Paid out</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {series.series
                  .filter((m) => m.earned.amount !== 0 || m.reversed.amount !== 0 || m.paid.amount !== 0)
                  .map((m) => (
                    <Tr key={m.month}>
                      <Td><Typography>{monthLabel(m.month)}</Typography></Td>
                      <Td><Money value={m.earned} /></Td>
                      <Td><Money value={m.reversed} /></Td>
                      <Td><Money value={m.net} bold /></Td>
                      <Td><Money value={m.paid} /></Td>
                    </Tr>
                  ))}
              </Tbody>
            </Table>
          </Box>
        </Section>
      ))}
      <Section title="Per course">
        {data.courses.length === 0 ? (
          <Typography textColor="neutral600">No sales yet.</Typography>
        ) : (
          <Table colCount={7} rowCount={data.courses.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Course</Typography></Th>
                <Th><Typography variant="sigma">Sales</Typography></Th>
                <Th><Typography variant="sigma">Earned</Typography></Th>
                <Th><Typography variant="sigma">Refunded</Typography></Th>
                <Th><Typography variant="sigma">Lost disputes</Typography></Th>
                <Th><Typography variant="sigma">Net</Typography></Th>
                <Th><Typography variant="sigma">Of which pending</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {data.courses.map((c) => (
                <Tr key={`${c.course.id}-${c.currency}`}>
                  <Td><Typography fontWeight="bold">{c.course.title ?? c.course.id ?? '—'}</Typography></Td>
                  <Td><Typography>{c.sales}</Typography></Td>
                  <Td><Money value={c.earned} /></Td>
                  <Td><Money value={c.refunded} /></Td>
                  <Td><Money value={c.chargedBack} /></Td>
                  <Td><Money value={c.net} bold /></Td>
                  <Td><Money value={c.pending} /></Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Section>
      <Section title="Statements">
        <Flex gap={2} alignItems="flex-end">
          <Field.Root name="statement-month" hint="Opening balance, each sale with its fee waterfall, refunds, payouts, closing balance.">
            <Field.Label>Month</Field.Label>
            <SingleSelect value={month} onChange={(v: string | number) => setMonth(String(v))}>
              {[...months].reverse().map((m) => (
                <SingleSelectOption key={m} value={m}>
                  {monthLabel(m)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Button variant="secondary" startIcon={<Download />} loading={busy === `${month}.pdf`} disabled={!month} onClick={() => void download(month, 'pdf')}>
            PDF
          </Button>
          <Button variant="tertiary" startIcon={<Download />} loading={busy === `${month}.csv`} disabled={!month} onClick={() => void download(month, 'csv')}>
            CSV
          </Button>
        </Flex>
      </Section>
    </>
  );
};

export { Section };

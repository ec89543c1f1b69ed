import * as React from 'react';
import { Box, EmptyStateLayout, Field, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import type { OverviewResponse, OverviewView } from '../../../server/src/contracts';
import { BarChart } from '../components/BarChart';
import { Section } from '../components/EarningsPanel';
import { Figure, Money } from '../components/Money';
import { AppLink, BASE, RevenueNav } from '../components/Nav';
import { errorMessage, formatMoney, monthLabel, toMajor } from '../format';
import { MonthsTable } from './MonthsTable';

/** Admin overview: per currency and month, and what instructors are owed now. */
const OverviewPage = () => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: OverviewView }>({ loading: true });
  const [currency, setCurrency] = React.useState('');
  React.useEffect(() => {
    get<OverviewResponse>('/lms-revenue/overview')
      .then(({ data }) => {
        setState({ loading: false, data: data.data });
        setCurrency((c) => c || data.data.months.at(-1)?.currency || data.data.liabilities[0]?.currency || '');
      })
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get]);
  const data = state.data;
  const currencies = data ? [...new Set([...data.months.map((m) => m.currency), ...data.liabilities.map((l) => l.currency)])].sort() : [];
  const months = data?.months.filter((m) => m.currency === currency).slice(-12) ?? [];
  const liability = data?.liabilities.find((l) => l.currency === currency);
  return (
    <Page.Main>
      <Page.Title>Revenue</Page.Title>
      <Layouts.Header title="Revenue" subtitle="Gross, VAT, fees, platform revenue and what instructors are owed, from the ledger." />
      <Layouts.Content>
        <RevenueNav />
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading || !data ? (
          <Page.Loading />
        ) : currencies.length === 0 ? (
          <EmptyStateLayout content="No sales yet. Paid checkouts appear here once Stripe confirms them." />
        ) : (
          <>
            {currencies.length > 1 ? (
              <Box paddingBottom={4} width="200px">
                <Field.Root name="currency">
                  <Field.Label>Currency</Field.Label>
                  <SingleSelect value={currency} onChange={(v: string | number) => setCurrency(String(v))}>
                    {currencies.map((c) => (
                      <SingleSelectOption key={c} value={c}>
                        {c}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
            ) : null}
            <Section title={`Owed to instructors now (${currency})`}>
              <Flex gap={8} wrap="wrap" alignItems="flex-start">
                <Figure label="Owed in total" value={liability?.owed} hint={`${liability?.instructors ?? 0} instructor(s)`} />
                <Figure label="Pending" value={liability?.pending} hint="in the holding period" />
                <Figure label="Available" value={liability?.available} />
                <Figure label="Requested" value={liability?.requested} hint="open payout requests" />
                <Figure label="Carried forward" value={liability ? { ...liability.carriedForward, amount: -liability.carriedForward.amount } : null} hint="owed by instructors" />
                <Figure label="Paid out" value={liability?.paid} hint="ever" />
              </Flex>
            </Section>
            <Section title={`By month (${currency})`}>
              <BarChart
                title={`Gross, platform revenue and instructors' earnings per month, ${currency}`}
                months={months.map((m) => m.month)}
                series={[
                  { name: 'Gross', color: '#7b79ff', values: months.map((m) => toMajor(m.gross)), labels: months.map((m) => formatMoney(m.gross)) },
                  { name: 'Platform revenue', color: '#f29d41', values: months.map((m) => toMajor(m.platform)), labels: months.map((m) => formatMoney(m.platform)) },
                  { name: 'Instructors', color: '#5cb176', values: months.map((m) => toMajor(m.instructors)), labels: months.map((m) => formatMoney(m.instructors)) },
                ]}
              />
              <Box paddingTop={4}>
                <MonthsTable months={months} />
              </Box>
            </Section>
            <Section title="Instructors">
              <Table colCount={6} rowCount={data.instructors.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">Instructor</Typography></Th>
                    <Th><Typography variant="sigma">Owed</Typography></Th>
                    <Th><Typography variant="sigma">Pending</Typography></Th>
                    <Th><Typography variant="sigma">Available</Typography></Th>
                    <Th><Typography variant="sigma">Requested</Typography></Th>
                    <Th><Typography variant="sigma">Paid</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {data.instructors
                    .filter((i) => i.currency === currency)
                    .map((i) => (
                      <Tr key={i.instructor.id}>
                        <Td>
                          <AppLink to={`${BASE}/instructors/${i.instructor.id}`}>{i.instructor.name ?? i.instructor.id}</AppLink>
                        </Td>
                        <Td><Money value={i.owed} bold /></Td>
                        <Td><Money value={i.pending} /></Td>
                        <Td><Money value={i.carriedForward.amount > 0 ? { ...i.carriedForward, amount: -i.carriedForward.amount } : i.available} /></Td>
                        <Td><Money value={i.requested} /></Td>
                        <Td><Money value={i.paid} /></Td>
                      </Tr>
                    ))}
                </Tbody>
              </Table>
            </Section>
            <Section title="Courses">
              <Table colCount={4} rowCount={data.courses.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">Course</Typography></Th>
                    <Th><Typography variant="sigma">Sales</Typography></Th>
                    <Th><Typography variant="sigma">Gross</Typography></Th>
                    <Th><Typography variant="sigma">Refunded or disputed</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {data.courses
                    .filter((c) => c.currency === currency)
                    .map((c) => (
                      <Tr key={c.course.id}>
                        <Td>
                          <AppLink to={`${BASE}/courses/${c.course.id}`}>{c.course.title ?? c.course.id}</AppLink>
                        </Td>
                        <Td><Typography>{c.sales}</Typography></Td>
                        <Td><Money value={c.gross} /></Td>
                        <Td><Money value={c.returned} /></Td>
                      </Tr>
                    ))}
                </Tbody>
              </Table>
            </Section>
            <Typography variant="pi" textColor="neutral600">
              Months are UTC. As of {new Date(data.at).toUTCString()}. Latest month: {months.length ? monthLabel(months[months.length - 1]!.month) : '—'}.
            </Typography>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default OverviewPage;

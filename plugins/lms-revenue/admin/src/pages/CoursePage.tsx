import * as React from 'react';
import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import type { CourseRevenueResponse, CourseRevenueView } from '../../../server/src/contracts';
import { BarChart } from '../components/BarChart';
import { Section } from '../components/EarningsPanel';
import { Money } from '../components/Money';
import { AppLink, BASE, RevenueNav } from '../components/Nav';
import { TransactionsTable } from '../components/TransactionsTable';
import { errorMessage, formatMoney, toMajor } from '../format';
import { MonthsTable } from './MonthsTable';

/** Admin drill-down: one course's months, each instructor's part, its transactions. */
const CoursePage = () => {
  const { courseId = '' } = useParams();
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: CourseRevenueView }>({ loading: true });
  React.useEffect(() => {
    get<CourseRevenueResponse>(`/lms-revenue/courses/${encodeURIComponent(courseId)}/revenue`)
      .then(({ data }) => setState({ loading: false, data: data.data }))
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get, courseId]);
  const data = state.data;
  const title = data?.course.title ?? courseId;
  const currencies = data ? [...new Set(data.months.map((m) => m.currency))] : [];
  return (
    <Page.Main>
      <Page.Title>{`Revenue: ${title}`}</Page.Title>
      <Layouts.Header title={title} subtitle={`Course ${courseId}: sales, refunds and each instructor's part`} />
      <Layouts.Content>
        <RevenueNav />
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading || !data ? (
          <Page.Loading />
        ) : (
          <>
            {currencies.map((c) => {
              const months = data.months.filter((m) => m.currency === c).slice(-12);
              return (
                <Section key={c} title={`By month (${c})`}>
                  <BarChart
                    title={`Gross and instructors' earnings per month, ${c}`}
                    months={months.map((m) => m.month)}
                    series={[
                      { name: 'Gross', color: '#7b79ff', values: months.map((m) => toMajor(m.gross)), labels: months.map((m) => formatMoney(m.gross)) },
                      { name: 'Instructors', color: '#5cb176', values: months.map((m) => toMajor(m.instructors)), labels: months.map((m) => formatMoney(m.instructors)) },
                    ]}
                  />
                  <MonthsTable months={months} />
                </Section>
              );
            })}
            <Section title="Instructors">
              <Table colCount={4} rowCount={data.instructors.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">Instructor</Typography></Th>
                    <Th><Typography variant="sigma">Earned</Typography></Th>
                    <Th><Typography variant="sigma">Given back</Typography></Th>
                    <Th><Typography variant="sigma">Net</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {data.instructors.map((i) => (
                    <Tr key={`${i.instructor.id}-${i.currency}`}>
                      <Td><AppLink to={`${BASE}/instructors/${i.instructor.id}`}>{i.instructor.name ?? i.instructor.id}</AppLink></Td>
                      <Td><Money value={i.earned} /></Td>
                      <Td><Money value={i.reversed} /></Td>
                      <Td><Money value={i.net} bold /></Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Section>
            <Section title="Transactions">
              <TransactionsTable filter={{ course: courseId }} />
            </Section>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default CoursePage;

import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import type { AdminDashboard, AdminDashboardResponse } from '../../../server/src/contracts';
import { BarChart, HorizontalBars } from '../components/Charts';
import { DataTable, Figure, Panel } from '../components/Panel';
import { errorMessage, formatBp, formatDate, formatMoney, monthLabel, toMajor } from '../format';

const BASE = '/lms-analytics';

/** The platform dashboard (analytics.read-all): people, courses, completion, money, jobs and webhooks. */
const PlatformDashboardPage = () => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: AdminDashboard }>({ loading: true });
  React.useEffect(() => {
    get<AdminDashboardResponse>(`${BASE}/platform`)
      .then(({ data }) => setState({ loading: false, data: data.data }))
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get]);
  const d = state.data;
  const csv = (report: string) => ({ path: `${BASE}/platform/csv/${report}`, file: `platform-${report}-${new Date().toISOString().slice(0, 10)}.csv` });
  return (
    <Page.Main>
      <Page.Title>Platform analytics</Page.Title>
      <Layouts.Header title="Platform analytics" subtitle={d ? `As of ${formatDate(d.at)}; ledger figures as of ${formatDate(d.ledgerRefreshedAt)}` : 'Users, courses, completion, revenue and what needs attention.'} />
      <Layouts.Content>
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading || !d ? (
          <Page.Loading />
        ) : (
          <>
            <Flex gap={4} wrap="wrap" paddingBottom={5}>
              <Figure label="Users" value={d.users} />
              <Figure label="Published courses" value={d.courses} />
              <Figure label="Enrollments" value={d.enrollments} hint={`${d.activeEnrollments} with access`} />
              <Figure label="Completion rate" value={formatBp(d.completionRateBp)} hint={`${d.completions} ${d.completions === 1 ? 'completion' : 'completions'}`} />
              <Figure label="Active learners, 7 days" value={d.active.last7} hint={`${d.active.last30} in 30 days`} />
              <Figure label="Failed jobs" value={d.failedJobs.total} />
              <Figure label="Webhooks needing attention" value={d.webhooks.failed + d.webhooks.unprocessed} />
            </Flex>
            <Panel title="Revenue per currency" csv={csv('revenue')}>
              <DataTable
                label="Revenue per currency"
                header={['Currency', 'Gross', 'Refunded', 'VAT', 'Fees', 'Platform', 'Instructors’ share', 'Owed to instructors']}
                rows={d.revenue.map((r) => [r.currency, formatMoney(r.gross, r.currency), formatMoney(r.returned, r.currency), formatMoney(r.vat, r.currency), formatMoney(r.fees, r.currency), formatMoney(r.platform, r.currency), formatMoney(r.instructors, r.currency), formatMoney(r.liabilities, r.currency)])}
              />
              {[...new Set(d.months.map((m) => m.currency))].map((currency) => {
                const rows = d.months.filter((m) => m.currency === currency);
                return (
                  <Box key={currency} paddingTop={4}>
                    <BarChart
                      title={`Gross, platform and instructors by month, ${currency}`}
                      labels={rows.map((r) => monthLabel(r.month))}
                      series={[
                        { name: `Gross (${currency})`, color: '#4945ff', values: rows.map((r) => toMajor(r.gross, currency)), labels: rows.map((r) => formatMoney(r.gross, currency)) },
                        { name: 'Platform', color: '#d9822f', values: rows.map((r) => toMajor(r.platform, currency)), labels: rows.map((r) => formatMoney(r.platform, currency)) },
                        { name: 'Instructors', color: '#328048', values: rows.map((r) => toMajor(r.instructors, currency)), labels: rows.map((r) => formatMoney(r.instructors, currency)) },
                      ]}
                    />
                  </Box>
                );
              })}
            </Panel>
            <Panel title="Top courses" csv={csv('top-courses')}>
              <HorizontalBars
                title="Enrollments of the top courses"
                max={Math.max(1, ...d.topCourses.map((c) => c.enrollments))}
                rows={d.topCourses.map((c) => ({ label: c.course.title ?? c.course.documentId, value: c.enrollments, text: `${c.enrollments} · ${formatBp(c.completionRateBp)} completed` }))}
              />
            </Panel>
            <Panel title="Instructor performance" csv={csv('instructors')}>
              <DataTable
                label="Instructor performance"
                header={['Instructor', 'Courses', 'Enrollments', 'Completions', 'Completion rate', 'Earned']}
                rows={d.instructors.map((i) => [i.instructor.name ?? i.instructor.documentId, i.courses, i.enrollments, i.completions, formatBp(i.completionRateBp), i.earned.map((e) => formatMoney(e.amount, e.currency)).join(', ') || '—'])}
              />
            </Panel>
            <Panel title="Needs attention">
              <Typography>
                {d.failedJobs.total} failed job(s) (retry them under Failed jobs); {d.webhooks.failed} webhook deliveries failed; {d.webhooks.unprocessed} webhook(s) received but not applied after 5 minutes
                {d.webhooks.oldestUnprocessedAt ? ` (oldest ${formatDate(d.webhooks.oldestUnprocessedAt)})` : ''}.
              </Typography>
              <DataTable label="Failed jobs" header={['Id', 'Consumer or job', 'Event', 'Error', 'Failed']} rows={d.failedJobs.recent.map((j) => [j.id, j.name, j.eventType ?? '—', j.error, formatDate(j.failedAt)])} />
            </Panel>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default PlatformDashboardPage;

import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import type { InstructorDashboard, InstructorDashboardResponse } from '../../../server/src/contracts';
import { BarChart, HorizontalBars, LineChart } from '../components/Charts';
import { DataTable, Figure, Panel } from '../components/Panel';
import { dayLabel, errorMessage, formatBp, formatDate, formatMoney, monthLabel, toMajor } from '../format';

const BASE = '/lms-analytics';

interface Options {
  instructors: Array<{ documentId: string; name: string }>;
  courses: Array<{ documentId: string; title: string }>;
}

const selectStyle: React.CSSProperties = { padding: '6px 8px', borderRadius: 4, border: '1px solid #dcdce4', minWidth: 200 };

/** Instructor dashboard: the caller's own courses; with read-all, any instructor or course. */
const InstructorDashboardPage = () => {
  const { get } = useFetchClient();
  const [options, setOptions] = React.useState<Options | null>(null);
  const [filter, setFilter] = React.useState<{ instructor: string; course: string; from: string; to: string }>({ instructor: '', course: '', from: '', to: '' });
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: InstructorDashboard }>({ loading: true });

  React.useEffect(() => {
    // Only read-all admins may list every instructor and course; for instructors this is a 403 and no pickers.
    get<{ data: Options }>(`${BASE}/options`)
      .then(({ data }) => setOptions(data.data))
      .catch(() => setOptions(null));
  }, [get]);

  const params = React.useMemo(() => Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== '')), [filter]);
  React.useEffect(() => {
    setState((s) => ({ ...s, loading: true }));
    get<InstructorDashboardResponse>(`${BASE}/instructor`, { params })
      .then(({ data }) => setState({ loading: false, data: data.data }))
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get, params]);

  const d = state.data;
  const csv = (report: string) => ({ path: `${BASE}/instructor/csv/${report}`, params, file: `analytics-${report}-${d?.from ?? ''}-${d?.to ?? ''}.csv` });
  const courseChoices = options ? options.courses : (d?.courses ?? []).map((c) => ({ documentId: c.course.documentId, title: c.course.title ?? c.course.documentId }));
  const subtitle = d
    ? `${d.scope.kind === 'all' ? 'Every course' : d.scope.instructor ? `Courses of ${d.scope.instructor.name ?? d.scope.instructor.documentId}` : 'Your courses'}${d.scope.course ? ` · ${d.scope.course.title ?? d.scope.course.documentId}` : ''} · ${d.from} to ${d.to} (UTC)`
    : 'Enrollments, activity, completion, quizzes, grading and revenue of your courses.';
  const currencies = d ? [...new Set(d.revenue.map((r) => r.currency))] : [];

  return (
    <Page.Main>
      <Page.Title>Course analytics</Page.Title>
      <Layouts.Header title="Course analytics" subtitle={subtitle} />
      <Layouts.Content>
        <Flex gap={3} wrap="wrap" paddingBottom={5} alignItems="flex-end">
          {options ? (
            <label>
              <Typography variant="pi" fontWeight="bold" tag="span" display="block">
                Instructor
              </Typography>
              <select aria-label="Instructor" style={selectStyle} value={filter.instructor} onChange={(e) => setFilter((f) => ({ ...f, instructor: e.target.value, course: '' }))}>
                <option value="">Every instructor</option>
                {options.instructors.map((i) => (
                  <option key={i.documentId} value={i.documentId}>
                    {i.name}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
          <label>
            <Typography variant="pi" fontWeight="bold" tag="span" display="block">
              Course
            </Typography>
            <select aria-label="Course" style={selectStyle} value={filter.course} onChange={(e) => setFilter((f) => ({ ...f, course: e.target.value }))}>
              <option value="">All {options ? '' : 'my '}courses</option>
              {courseChoices.map((c) => (
                <option key={c.documentId} value={c.documentId}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
          <label>
            <Typography variant="pi" fontWeight="bold" tag="span" display="block">
              From
            </Typography>
            <input aria-label="From" type="date" style={selectStyle} value={filter.from} onChange={(e) => setFilter((f) => ({ ...f, from: e.target.value }))} />
          </label>
          <label>
            <Typography variant="pi" fontWeight="bold" tag="span" display="block">
              To
            </Typography>
            <input aria-label="To" type="date" style={selectStyle} value={filter.to} onChange={(e) => setFilter((f) => ({ ...f, to: e.target.value }))} />
          </label>
        </Flex>
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : !d ? (
          <Page.Loading />
        ) : (
          <>
            <Flex gap={4} wrap="wrap" paddingBottom={5}>
              <Figure label="Enrollments" value={d.courses.reduce((s, c) => s + c.enrollments, 0)} hint={`${d.courses.length} ${d.courses.length === 1 ? 'course' : 'courses'}`} />
              <Figure label="Active learners, 7 days" value={d.active.last7} />
              <Figure label="Active learners, 30 days" value={d.active.last30} />
              <Figure label="Completions" value={d.courses.reduce((s, c) => s + c.completions, 0)} />
              <Figure label="Waiting to be graded" value={d.backlog.reduce((s, b) => s + b.waiting, 0)} />
            </Flex>
            <Panel title="Enrollments over time" csv={csv('enrollments')}>
              <LineChart
                title="Enrollments and completions per day"
                labels={d.days.map((p) => dayLabel(p.day))}
                series={[
                  { name: 'Enrollments', color: '#4945ff', values: d.days.map((p) => p.enrollments) },
                  { name: 'Course completions', color: '#328048', values: d.days.map((p) => p.completions) },
                  { name: 'Lessons completed', color: '#d9822f', values: d.days.map((p) => p.lessonsCompleted) },
                ]}
              />
            </Panel>
            <Panel title="Courses" csv={csv('courses')}>
              <DataTable
                label="Courses"
                header={['Course', 'Enrollments', 'With access', 'Completions', 'Completion rate', 'Lessons completed']}
                rows={d.courses.map((c) => [c.course.title ?? c.course.documentId, c.enrollments, c.active, c.completions, formatBp(c.completionRateBp), c.lessonsCompleted])}
              />
            </Panel>
            <Panel title={`Completion funnel${d.funnel.course ? `: ${d.funnel.course.title ?? d.funnel.course.documentId}` : ''}`} csv={csv('funnel')}>
              {d.funnel.steps.length === 0 ? (
                <Typography textColor="neutral600">No published lessons to show.</Typography>
              ) : (
                <>
                  <Typography variant="pi" textColor="neutral600">
                    {d.funnel.learners} learners enrolled; each bar is how many completed that lesson.
                  </Typography>
                  <HorizontalBars
                    title="Learners who completed each lesson, in course order"
                    max={Math.max(d.funnel.learners, ...d.funnel.steps.map((s) => s.completed))}
                    rows={d.funnel.steps.map((s) => ({ label: `${s.position}. ${s.title}`, value: s.completed, text: `${s.completed} (${formatBp(s.reachedBp)})` }))}
                  />
                  <DataTable label="Funnel" header={['#', 'Lesson', 'Completed', 'Of learners', 'Stopped before it']} rows={d.funnel.steps.map((s) => [s.position, s.title, s.completed, formatBp(s.reachedBp), s.dropFromPrevious])} />
                </>
              )}
            </Panel>
            <Panel title="Quiz scores" csv={csv('quizzes')}>
              {d.quizzes.length > 0 ? (
                <HorizontalBars
                  title="Average quiz score"
                  max={10_000}
                  color="#328048"
                  rows={d.quizzes.map((q) => ({ label: q.quiz.title ?? q.quiz.documentId, value: q.averageScoreBp ?? 0, text: formatBp(q.averageScoreBp) }))}
                />
              ) : null}
              <DataTable label="Quizzes" header={['Quiz', 'Attempts', 'Learners', 'Average score', 'Pass rate']} rows={d.quizzes.map((q) => [q.quiz.title ?? q.quiz.documentId, q.attempts, q.learners, formatBp(q.averageScoreBp), formatBp(q.passRateBp)])} />
            </Panel>
            <Panel title="Hardest questions" csv={csv('questions')}>
              <Typography variant="pi" textColor="neutral600">
                From the grading item analysis: facility is the share of learners who answered right.
              </Typography>
              <DataTable
                label="Hardest questions"
                header={['Quiz', '#', 'Question', 'Facility', 'Discrimination', 'Answers']}
                rows={d.hardestQuestions.map((h) => [h.quiz.title ?? h.quiz.documentId, h.position, h.prompt, h.facility === null ? '—' : `${Math.round(h.facility * 100)}%`, h.discrimination === null ? '—' : h.discrimination.toFixed(2), h.n])}
              />
            </Panel>
            <Panel title="Grading backlog" csv={csv('backlog')}>
              <DataTable label="Grading backlog" header={['Assignment', 'Waiting', 'Oldest submission']} rows={d.backlog.map((b) => [b.assignment.title ?? b.assignment.documentId, b.waiting, formatDate(b.oldestSubmittedAt)])} />
            </Panel>
            <Panel title="Revenue by month" csv={csv('revenue')}>
              {currencies.map((currency) => {
                const rows = d.revenue.filter((r) => r.currency === currency);
                return (
                  <Box key={currency} paddingBottom={4}>
                    <Typography variant="omega" fontWeight="bold">
                      {currency}
                    </Typography>
                    <BarChart
                      title={`Revenue by month, ${currency}`}
                      labels={rows.map((r) => monthLabel(r.month))}
                      series={[
                        { name: 'Gross sales', color: '#4945ff', values: rows.map((r) => toMajor(r.gross, currency)), labels: rows.map((r) => formatMoney(r.gross, currency)) },
                        { name: 'Instructors’ share', color: '#328048', values: rows.map((r) => toMajor(r.instructors, currency)), labels: rows.map((r) => formatMoney(r.instructors, currency)) },
                        { name: 'Refunded', color: '#d02b20', values: rows.map((r) => -toMajor(r.returned, currency)), labels: rows.map((r) => formatMoney(r.returned, currency)) },
                      ]}
                    />
                    <DataTable
                      label={`Revenue ${currency}`}
                      header={['Month', 'Sales', 'Gross', 'Refunded', 'Instructors’ share', 'Platform']}
                      rows={rows.map((r) => [r.month, r.sales, formatMoney(r.gross, currency), formatMoney(r.returned, currency), formatMoney(r.instructors, currency), formatMoney(r.platform, currency)])}
                    />
                  </Box>
                );
              })}
              {currencies.length === 0 ? <Typography textColor="neutral600">No sales yet.</Typography> : null}
              <Typography variant="pi" textColor="neutral600">
                From the ledger, as of {formatDate(d.ledgerRefreshedAt)}.
              </Typography>
            </Panel>
          </>
        )}
        {state.loading && d ? <Typography variant="pi">Updating…</Typography> : null}
      </Layouts.Content>
    </Page.Main>
  );
};

export default InstructorDashboardPage;

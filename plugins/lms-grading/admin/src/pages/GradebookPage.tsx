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
import { ArrowClockwise, Download } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type {
  GradeCell,
  GradebookCourse,
  GradebookCoursesResponse,
  GradebookResponse,
  GradebookRow,
  ItemAnalysisResponse,
  ItemAnalysisView,
} from '../../../server/src/gradebook/contracts';
import { PERMISSIONS } from '../permissions';

const PAGE_SIZE = 20;
const BASE = '/lms-grading/admin/gradebook';

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

const formatPercent = (p: number | null) => (p === null ? '—' : `${p.toFixed(2)}%`);
const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const formatStat = (v: number | null) => (v === null ? '—' : v.toFixed(2));

const STATUS_LABEL: Record<GradeCell['status'], string> = {
  'not-attempted': 'not attempted',
  'pending-review': 'awaiting review',
  graded: 'graded',
  'not-submitted': 'not submitted',
  submitted: 'awaiting grade',
  returned: 'returned',
};

/** One learner's result at one item: the percentage, and the state in words. */
const Cell = ({ cell }: { cell: GradeCell }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Typography fontWeight={cell.percent === null ? undefined : 'bold'} textColor={cell.passed === false ? 'danger600' : cell.passed ? 'success600' : 'neutral800'}>
      {formatPercent(cell.percent)}
    </Typography>
    <Typography variant="pi" textColor="neutral600">
      {STATUS_LABEL[cell.status]}
      {cell.kind === 'quiz' && cell.attempts > 0 ? ` · ${cell.attempts} attempt(s)` : ''}
      {cell.inProgress ? ' · one open' : ''}
      {cell.provisional ? ' · provisional' : ''}
      {cell.late ? ' · late' : ''}
    </Typography>
  </Flex>
);

const CompletionCell = ({ row }: { row: GradebookRow }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    <Badge active={row.completion.status === 'completed'}>{row.completion.status === 'in-progress' ? `in progress · ${row.enrollment.progress}% lessons` : row.completion.status}</Badge>
    {row.completion.status === 'completed' ? <Typography variant="pi">{formatDate(row.completion.completedAt)}</Typography> : null}
    {row.completion.missing.length > 0 ? (
      <Typography variant="pi" textColor="neutral600" title={row.completion.missing.join('\n')}>
        {row.completion.missing.length} thing(s) missing
      </Typography>
    ) : null}
  </Flex>
);

/** Item analysis of one quiz: facility, discrimination and the most chosen wrong option per question. */
const ItemAnalysisPanel = ({ quizzes }: { quizzes: Array<{ documentId: string; title: string }> }) => {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [quizId, setQuizId] = React.useState(quizzes[0]?.documentId ?? '');
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: ItemAnalysisView }>({ loading: false });
  const [recomputing, setRecomputing] = React.useState(false);

  React.useEffect(() => setQuizId(quizzes[0]?.documentId ?? ''), [quizzes]);

  React.useEffect(() => {
    if (!quizId) return;
    let cancelled = false;
    setState({ loading: true });
    get<ItemAnalysisResponse>(`${BASE}/quizzes/${quizId}/item-analysis`)
      .then(({ data }) => !cancelled && setState({ loading: false, data: data.data }))
      .catch((error: unknown) => !cancelled && setState({ loading: false, error: errorMessage(error) }));
    return () => {
      cancelled = true;
    };
  }, [get, quizId]);

  const recompute = async () => {
    setRecomputing(true);
    try {
      const { data } = await post<ItemAnalysisResponse>(`${BASE}/quizzes/${quizId}/item-analysis`, {});
      setState({ loading: false, data: data.data });
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setRecomputing(false);
    }
  };

  if (quizzes.length === 0) return null;
  const view = state.data;
  return (
    <Box paddingTop={8}>
      <Flex justifyContent="space-between" alignItems="flex-end" paddingBottom={4} gap={4}>
        <Box>
          <Typography variant="delta" tag="h2">
            Item analysis
          </Typography>
          <Box>
            <Typography variant="pi" textColor="neutral600">
              Each learner’s first fully graded attempt. Facility: mean score share (1 = everyone right). Discrimination: correlation with the rest of the quiz (below 0.2 is weak, below 0 suspicious).
            </Typography>
          </Box>
        </Box>
        <Flex gap={2} alignItems="flex-end">
          <Field.Root name="quiz">
            <Field.Label>Quiz</Field.Label>
            <SingleSelect value={quizId} onChange={(v: string | number) => setQuizId(String(v))}>
              {quizzes.map((q) => (
                <SingleSelectOption key={q.documentId} value={q.documentId}>
                  {q.title}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Button variant="secondary" startIcon={<ArrowClockwise />} loading={recomputing} onClick={() => void recompute()}>
            Recompute
          </Button>
        </Flex>
      </Flex>
      {state.error ? (
        <Typography textColor="danger600">{state.error}</Typography>
      ) : state.loading || !view ? (
        <Page.Loading />
      ) : view.questions.length === 0 ? (
        <EmptyStateLayout content="No fully graded attempt at this quiz yet." />
      ) : (
        <>
          <Box paddingBottom={2}>
            <Typography variant="pi" textColor="neutral600">
              {view.attemptsAnalysed} learner(s) analysed · computed {formatDate(view.computedAt)}
              {view.stale ? ' · newer gradings are being analysed' : ''}
            </Typography>
          </Box>
          <Table colCount={6} rowCount={view.questions.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">#</Typography></Th>
                <Th><Typography variant="sigma">Question</Typography></Th>
                <Th><Typography variant="sigma">n</Typography></Th>
                <Th><Typography variant="sigma">Facility</Typography></Th>
                <Th><Typography variant="sigma">Discrimination</Typography></Th>
                <Th><Typography variant="sigma">Most chosen wrong option</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {view.questions.map((q) => (
                <Tr key={q.questionId}>
                  <Td><Typography>{q.position}</Typography></Td>
                  <Td style={{ maxWidth: 420, whiteSpace: 'normal' }}>
                    <Typography>{q.prompt}</Typography>
                    <Box>
                      <Typography variant="pi" textColor="neutral600">{q.type}</Typography>
                    </Box>
                    {q.flags.map((f) => (
                      <Box key={f}>
                        <Typography variant="pi" textColor={f.startsWith('negative') ? 'danger600' : 'warning600'}>{f}</Typography>
                      </Box>
                    ))}
                  </Td>
                  <Td><Typography>{q.n}</Typography></Td>
                  <Td><Typography>{formatStat(q.facility)}</Typography></Td>
                  <Td><Typography textColor={q.discrimination !== null && q.discrimination < 0 ? 'danger600' : 'neutral800'}>{formatStat(q.discrimination)}</Typography></Td>
                  <Td style={{ whiteSpace: 'normal' }}>
                    <Typography>{q.topWrongOption ? `${q.topWrongOption.text} (${q.topWrongOption.count}×)` : '—'}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </>
      )}
    </Box>
  );
};

/** The gradebook: pick a course; learners × graded items with the course grade; CSV; item analysis. */
const GradebookPage = () => {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [courses, setCourses] = React.useState<{ loading: boolean; error?: string; data: GradebookCourse[] }>({ loading: true, data: [] });
  const [courseId, setCourseId] = React.useState('');
  const [draft, setDraft] = React.useState('');
  const [learner, setLearner] = React.useState('');
  const [page, setPage] = React.useState(1);
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: GradebookResponse }>({ loading: false });
  const [exporting, setExporting] = React.useState(false);

  React.useEffect(() => {
    get<GradebookCoursesResponse>(`${BASE}/courses`)
      .then(({ data }) => {
        setCourses({ loading: false, data: data.data });
        setCourseId((current) => current || data.data.find((c) => c.published)?.documentId || data.data[0]?.documentId || '');
      })
      .catch((error: unknown) => setCourses({ loading: false, error: errorMessage(error), data: [] }));
  }, [get]);

  const load = React.useCallback(async () => {
    if (!courseId) return;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    try {
      const params: Record<string, string | number> = { page, pageSize: PAGE_SIZE };
      if (learner.trim()) params.learner = learner.trim();
      const { data } = await get<GradebookResponse>(`${BASE}/${courseId}`, { params });
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get, courseId, learner, page]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { data } = await get<Blob>(`${BASE}/${courseId}.csv`, { params: learner.trim() ? { learner: learner.trim() } : {}, responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `gradebook-${state.data?.data.course.slug ?? courseId}-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };

  const book = state.data?.data;
  const pagination = state.data?.meta.pagination;
  const quizzes = React.useMemo(() => (book?.items ?? []).filter((i) => i.kind === 'quiz').map((i) => ({ documentId: i.documentId, title: i.title })), [book?.items]);

  return (
    <Page.Main>
      <Page.Title>Gradebook</Page.Title>
      <Layouts.Header
        title="Gradebook"
        subtitle="Learners × graded quizzes and assignments. Course grade: the mean of the items’ percentages, each item weighing the same; an item without a grade counts 0."
        primaryAction={
          <Button variant="secondary" startIcon={<Download />} onClick={() => void exportCsv()} loading={exporting} disabled={!courseId}>
            Export CSV
          </Button>
        }
      />
      <Layouts.Content>
        <Box paddingBottom={4}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              setPage(1);
              setLearner(draft);
            }}
          >
            <Flex gap={2} alignItems="flex-end">
              <Field.Root name="course">
                <Field.Label>Course</Field.Label>
                <SingleSelect
                  value={courseId}
                  placeholder={courses.loading ? 'Loading…' : 'Pick a course'}
                  onChange={(v: string | number) => {
                    setPage(1);
                    setCourseId(String(v));
                  }}
                >
                  {courses.data.map((c) => (
                    <SingleSelectOption key={c.documentId} value={c.documentId}>
                      {c.title}
                      {c.published ? '' : ' (draft)'}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Field.Root name="learner">
                <Field.Label>Learner (email or username)</Field.Label>
                <TextInput value={draft} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft(e.target.value)} />
              </Field.Root>
              <Button type="submit" variant="secondary">
                Search
              </Button>
            </Flex>
          </form>
        </Box>
        {courses.error ? (
          <Typography textColor="danger600">{courses.error}</Typography>
        ) : !courses.loading && courses.data.length === 0 ? (
          <EmptyStateLayout content="You have no courses to grade yet." />
        ) : state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : !book ? (
          <Page.Loading />
        ) : (
          <>
            <Box paddingBottom={2}>
              <Typography variant="pi" textColor="neutral600">
                {book.items.length} graded item(s)
                {book.course.minimumCourseGrade !== null ? ` · minimum course grade ${book.course.minimumCourseGrade}%` : ' · no minimum course grade'}
                {book.course.published ? '' : ' · draft course: nothing is graded until it is published'}
              </Typography>
            </Box>
            {book.rows.length === 0 ? (
              <EmptyStateLayout content={learner ? 'No learner matches this search.' : 'No learner is enrolled in this course yet.'} />
            ) : (
              <Box style={{ overflowX: 'auto' }}>
                <Table colCount={book.items.length + (book.activities?.length ?? 0) + 3} rowCount={book.rows.length + 1}>
                  <Thead>
                    <Tr>
                      <Th><Typography variant="sigma">Learner</Typography></Th>
                      {book.items.map((item) => (
                        <Th key={`${item.kind}-${item.documentId}`}>
                          <Flex direction="column" alignItems="flex-start">
                            <Typography variant="sigma">{item.title}</Typography>
                            <Typography variant="pi" textColor="neutral500">{item.kind}</Typography>
                          </Flex>
                        </Th>
                      ))}
                      {book.activities?.map((activity) => (
                        <Th key={`activity-${activity.key}`}>
                          <Flex direction="column" alignItems="flex-start">
                            <Typography variant="sigma">{activity.title}</Typography>
                            <Typography variant="pi" textColor="neutral500">activity (not in course grade)</Typography>
                          </Flex>
                        </Th>
                      ))}
                      <Th><Typography variant="sigma">Course grade</Typography></Th>
                      <Th><Typography variant="sigma">Completion</Typography></Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {book.rows.map((row) => (
                      <Tr key={row.enrollment.id}>
                        <Td>
                          <Typography fontWeight="bold">{row.learner.email ?? `user ${row.learner.id}`}</Typography>
                          <Box>
                            <Typography variant="pi" textColor="neutral600">{row.learner.username ?? ''}</Typography>
                          </Box>
                        </Td>
                        {row.cells.map((cell) => (
                          <Td key={`${cell.kind}-${cell.documentId}`}>
                            <Cell cell={cell} />
                          </Td>
                        ))}
                        {row.activities?.map((activity) => (
                          <Td key={`activity-${activity.key}`}>
                            <Typography>{formatPercent(activity.percent)}</Typography>
                            {activity.attempts > 0 && (
                              <Box>
                                <Typography variant="pi" textColor="neutral600">{activity.attempts} attempt(s)</Typography>
                              </Box>
                            )}
                          </Td>
                        ))}
                        <Td>
                          <Typography fontWeight="bold" textColor={row.courseGrade.meetsMinimum === false ? 'danger600' : 'neutral800'}>
                            {formatPercent(row.courseGrade.percent)}
                          </Typography>
                          <Box>
                            <Typography variant="pi" textColor="neutral600">
                              {row.courseGrade.gradedItems}/{row.courseGrade.totalItems} graded
                              {row.courseGrade.meetsMinimum === false ? ` · below ${row.courseGrade.minimum}%` : ''}
                            </Typography>
                          </Box>
                        </Td>
                        <Td>
                          <CompletionCell row={row} />
                        </Td>
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Box>
            )}
            {pagination && pagination.pageCount > 1 ? (
              <Flex justifyContent="space-between" paddingTop={4}>
                <Typography variant="pi">
                  Page {pagination.page} of {pagination.pageCount} ({pagination.total} learners)
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
            <ItemAnalysisPanel quizzes={quizzes} />
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedGradebookPage = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <GradebookPage />
  </Page.Protect>
);

export default ProtectedGradebookPage;

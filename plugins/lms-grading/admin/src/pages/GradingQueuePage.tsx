import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Grid,
  Link,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tabs,
  Tbody,
  Td,
  Textarea,
  TextInput,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type {
  AdminGradingCoursesResponse,
  AdminSubmissionDetail,
  AdminSubmissionListResponse,
  AdminSubmissionResponse,
  GradeSubmissionRequest,
  GradingCourse,
  QueuedSubmission,
  RubricCriterionView,
  SubmissionStatus,
  SubmissionView,
} from '../../../server/src/assignments/contracts';
import type { AdminEssayListResponse, EssayToGrade, GradeAnswerRequest, GradeAnswerResponse } from '../../../server/src/quizzes/contracts';
// The server's own rubric arithmetic (pure, no Strapi): the live score is exactly what grading stores.
import { scoreRubric, type Rubric } from '../../../server/src/domain/rubric';
import { PERMISSIONS } from '../permissions';

const PAGE_SIZE = 20;
const STATUSES: Array<{ value: SubmissionStatus; label: string }> = [
  { value: 'submitted', label: 'To grade' },
  { value: 'graded', label: 'Graded' },
  { value: 'returned', label: 'Returned' },
];

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');
const formatBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`);
const learnerName = (l: { id: number; email: string | null; username: string | null }) => l.email ?? l.username ?? `learner ${l.id}`;

/** The rubric as the domain reads it (points in millipoints). */
function toRubric(view: RubricCriterionView[]): Rubric {
  return {
    criteria: view.map((c) => ({ ...c, levels: c.levels.map((l) => ({ ...l, points: Math.round(l.points * 1000) })) })),
  };
}

const ALL_COURSES = 'all';

const CourseFilter = ({ courses, value, onChange }: { courses: GradingCourse[]; value: string; onChange: (v: string) => void }) => (
  <Field.Root name="course">
    <Field.Label>Course</Field.Label>
    <SingleSelect value={value || ALL_COURSES} onChange={(v: string | number) => onChange(String(v) === ALL_COURSES ? '' : String(v))}>
      <SingleSelectOption value={ALL_COURSES}>All my courses</SingleSelectOption>
      {courses.map((c) => (
        <SingleSelectOption key={c.documentId} value={c.documentId}>
          {c.title}
          {c.submitted ? ` (${c.submitted} to grade)` : ''}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </Field.Root>
);

const Pager = ({ meta, page, onPage, noun }: { meta?: { page: number; pageCount: number; total: number }; page: number; onPage: (p: number) => void; noun: string }) =>
  meta && meta.pageCount > 1 ? (
    <Flex justifyContent="space-between" paddingTop={4}>
      <Typography variant="pi">
        Page {meta.page} of {meta.pageCount} ({meta.total} {noun})
      </Typography>
      <Flex gap={2}>
        <Button variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          Previous
        </Button>
        <Button variant="tertiary" disabled={page >= meta.pageCount} onClick={() => onPage(page + 1)}>
          Next
        </Button>
      </Flex>
    </Flex>
  ) : null;

const StatusBadge = ({ s }: { s: { status: SubmissionStatus; late: boolean } }) => (
  <Flex gap={1}>
    <Badge active={s.status === 'submitted'}>{s.status}</Badge>
    {s.late ? <Badge textColor="danger600" backgroundColor="danger100">late</Badge> : null}
  </Flex>
);

// ─── one submission: text, files, rubric grid, feedback, grade / return ─────────────────────────

const FileList = ({ files }: { files: SubmissionView['files'] }) =>
  files.length === 0 ? (
    <Typography textColor="neutral600">No files.</Typography>
  ) : (
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {files.map((f) => (
        // Signed, expiring link on this server; the response is an attachment.
        <Link key={f.id} href={f.downloadUrl} isExternal={false}>
          {f.filename} ({formatBytes(f.size)})
        </Link>
      ))}
    </Flex>
  );

const GradeSummary = ({ s }: { s: SubmissionView }) => (
  <Flex direction="column" alignItems="flex-start" gap={1}>
    {s.grade ? (
      <>
        <Typography fontWeight="bold">
          {s.grade.score} / {s.grade.maxScore} ({s.grade.percent}%) — {s.grade.passed ? 'passed' : 'below pass'}
        </Typography>
        {s.grade.summary ? <Typography variant="pi" textColor="neutral600">{s.grade.summary}</Typography> : null}
        {s.grade.feedback ? <Typography>“{s.grade.feedback}”</Typography> : null}
        <Typography variant="pi" textColor="neutral600">
          Graded by {s.grade.graderName ?? 'an instructor'} on {formatDate(s.grade.gradedAt)}
        </Typography>
      </>
    ) : null}
    {s.returned ? (
      <Typography>
        Returned {formatDate(s.returned.returnedAt)}
        {s.returned.byName ? ` by ${s.returned.byName}` : ''}: “{s.returned.feedback}”
      </Typography>
    ) : null}
  </Flex>
);

const RubricGrid = ({
  rubric,
  selected,
  onSelect,
  disabled,
}: {
  rubric: RubricCriterionView[];
  selected: Record<string, string>;
  onSelect: (criterionId: string, levelId: string) => void;
  disabled: boolean;
}) => {
  const columns = Math.max(...rubric.map((c) => c.levels.length));
  return (
    <Table colCount={columns + 1} rowCount={rubric.length}>
      <Tbody>
        {rubric.map((c) => (
          <Tr key={c.id}>
            <Td>
              <Typography fontWeight="bold">{c.title}</Typography>
              {c.description ? (
                <Box>
                  <Typography variant="pi" textColor="neutral600">{c.description}</Typography>
                </Box>
              ) : null}
            </Td>
            {Array.from({ length: columns }, (_, i) => {
              const level = c.levels[i];
              if (!level) return <Td key={i} />;
              const on = selected[c.id] === level.id;
              return (
                <Td key={level.id}>
                  <Button
                    variant={on ? 'default' : 'tertiary'}
                    aria-pressed={on}
                    disabled={disabled}
                    onClick={() => onSelect(c.id, level.id)}
                    title={level.description ?? undefined}
                  >
                    {level.label} · {level.points}
                  </Button>
                </Td>
              );
            })}
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};

const SubmissionPanel = ({ id, canGrade, onBack, onChanged }: { id: number; canGrade: boolean; onBack: () => void; onChanged: () => void }) => {
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [detail, setDetail] = React.useState<AdminSubmissionDetail | null>(null);
  const [loadError, setLoadError] = React.useState<string | null>(null);
  const [selected, setSelected] = React.useState<Record<string, string>>({});
  const [typedScore, setTypedScore] = React.useState('');
  const [useScore, setUseScore] = React.useState(false);
  const [feedback, setFeedback] = React.useState('');
  const [saving, setSaving] = React.useState<'grade' | 'return' | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  const show = React.useCallback((d: AdminSubmissionDetail) => {
    setDetail(d);
    const previous = d.submission.grade;
    setSelected(Object.fromEntries((previous?.rubric ?? []).map((l) => [l.criterionId, l.levelId])));
    setUseScore(!d.assignment.rubric || Boolean(previous && !previous.rubric));
    setTypedScore(previous && !previous.rubric ? String(previous.score) : '');
    setFeedback(previous?.feedback ?? '');
  }, []);

  React.useEffect(() => {
    get<AdminSubmissionResponse>(`/lms-grading/admin/submissions/${id}`)
      .then(({ data }) => show(data.data))
      .catch((e: unknown) => setLoadError(errorMessage(e)));
  }, [get, id, show]);

  const rubric = detail?.assignment.rubric ?? null;
  const live = React.useMemo(() => {
    if (!rubric || !detail) return null;
    const chosen = rubric.filter((c) => selected[c.id]);
    const sum = chosen.reduce((acc, c) => acc + (c.levels.find((l) => l.id === selected[c.id])?.points ?? 0), 0);
    if (chosen.length < rubric.length) return { complete: false as const, text: `${chosen.length} of ${rubric.length} criteria chosen (${sum} points so far)` };
    try {
      const result = scoreRubric(
        toRubric(rubric),
        rubric.map((c) => ({ criterionId: c.id, levelId: selected[c.id] as string })),
        detail.assignment.maxScore,
      );
      const score = result.score / 1000;
      return { complete: true as const, score, text: `${score} / ${detail.assignment.maxScore}${score >= detail.assignment.passScore ? ' — passes' : ` — below the pass score of ${detail.assignment.passScore}`}`, summary: result.summary };
    } catch (e) {
      return { complete: false as const, text: errorMessage(e) };
    }
  }, [rubric, selected, detail]);

  if (loadError) return <Typography textColor="danger600">{loadError}</Typography>;
  if (!detail) return <Page.Loading />;
  const s = detail.submission;
  const gradeBlocked = detail.actions.grade;
  const returnBlocked = detail.actions.return;
  const canSubmitGrade = !gradeBlocked && (useScore ? typedScore.trim() !== '' : Boolean(live?.complete));

  const act = async (action: 'grade' | 'return') => {
    setSaving(action);
    setError(null);
    try {
      const body: GradeSubmissionRequest | { feedback: string } =
        action === 'return'
          ? { feedback }
          : useScore
            ? { score: typedScore.trim(), feedback: feedback.trim() ? feedback : null }
            : { selections: Object.entries(selected).map(([criterionId, levelId]) => ({ criterionId, levelId })), feedback: feedback.trim() ? feedback : null };
      const { data } = await post<AdminSubmissionResponse>(`/lms-grading/admin/submissions/${id}/${action}`, body);
      show(data.data);
      toggleNotification({
        type: 'success',
        message: action === 'grade' ? `Graded: ${data.data.submission.grade?.score} / ${data.data.submission.grade?.maxScore}.` : 'Returned to the learner for another attempt.',
      });
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(null);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box>
        <Button variant="tertiary" startIcon={<ArrowLeft />} onClick={onBack}>
          Back to the queue
        </Button>
      </Box>
      <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
        <Flex justifyContent="space-between" alignItems="flex-start">
          <Flex direction="column" alignItems="flex-start" gap={1}>
            <Typography variant="beta" tag="h2">
              {detail.assignment.title}
            </Typography>
            <Typography textColor="neutral600">
              {learnerName(detail.learner)} · {detail.course.title} · attempt {s.attempt}
            </Typography>
            <Typography variant="pi" textColor="neutral600">
              Submitted {formatDate(s.submittedAt)}
              {detail.assignment.dueDate ? ` · due ${formatDate(detail.assignment.dueDate)}` : ''}
            </Typography>
          </Flex>
          <StatusBadge s={s} />
        </Flex>
      </Box>
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius width="100%">
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="delta" tag="h3">
                Submission
              </Typography>
              {s.text ? (
                <Box padding={4} background="neutral100" hasRadius>
                  <Typography style={{ whiteSpace: 'pre-wrap' }}>{s.text}</Typography>
                </Box>
              ) : (
                <Typography textColor="neutral600">No text.</Typography>
              )}
              <Typography variant="sigma">Files</Typography>
              <FileList files={s.files} />
              {s.grade || s.returned ? (
                <>
                  <Typography variant="sigma">Current grade</Typography>
                  <GradeSummary s={s} />
                </>
              ) : null}
              {detail.history.length ? (
                <>
                  <Typography variant="sigma">Earlier attempts</Typography>
                  {detail.history.map((h) => (
                    <Box key={h.id} padding={3} background="neutral100" hasRadius>
                      <Flex direction="column" alignItems="flex-start" gap={1}>
                        <Flex gap={2}>
                          <Typography fontWeight="bold">Attempt {h.attempt}</Typography>
                          <StatusBadge s={h} />
                          <Typography variant="pi" textColor="neutral600">{formatDate(h.submittedAt)}</Typography>
                        </Flex>
                        {h.text ? <Typography style={{ whiteSpace: 'pre-wrap' }}>{h.text}</Typography> : null}
                        <FileList files={h.files} />
                        <GradeSummary s={h} />
                      </Flex>
                    </Box>
                  ))}
                </>
              ) : null}
            </Flex>
          </Box>
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius width="100%">
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="delta" tag="h3">
                Grade
              </Typography>
              <Typography variant="pi" textColor="neutral600">
                Out of {detail.assignment.maxScore}; passes at {detail.assignment.passScore}.
              </Typography>
              {detail.assignment.rubricProblem ? <Typography textColor="danger600">The rubric cannot be used as authored: {detail.assignment.rubricProblem}</Typography> : null}
              {rubric && !useScore ? (
                <>
                  <RubricGrid rubric={rubric} selected={selected} disabled={!canGrade || Boolean(gradeBlocked)} onSelect={(c, l) => setSelected((prev) => ({ ...prev, [c]: l }))} />
                  <Box padding={3} background={live?.complete ? 'primary100' : 'neutral100'} hasRadius>
                    <Typography fontWeight="bold" aria-live="polite">
                      Score: {live?.text}
                    </Typography>
                    {live?.complete && live.summary ? (
                      <Box>
                        <Typography variant="pi" textColor="neutral600">{live.summary}</Typography>
                      </Box>
                    ) : null}
                  </Box>
                </>
              ) : (
                <Field.Root name="score" hint={`A number from 0 to ${detail.assignment.maxScore}, at most three decimals.`}>
                  <Field.Label>Score</Field.Label>
                  <TextInput value={typedScore} disabled={!canGrade || Boolean(gradeBlocked)} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setTypedScore(e.target.value)} />
                  <Field.Hint />
                </Field.Root>
              )}
              {rubric ? (
                <Box>
                  <Button variant="ghost" size="S" onClick={() => setUseScore((v) => !v)}>
                    {useScore ? 'Grade with the rubric' : 'Enter a score instead'}
                  </Button>
                </Box>
              ) : null}
              <Field.Root name="feedback" hint="The learner reads it with the grade, or as the reason when returned.">
                <Field.Label>Feedback</Field.Label>
                <Textarea value={feedback} disabled={!canGrade} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setFeedback(e.target.value)} />
                <Field.Hint />
              </Field.Root>
              {gradeBlocked ? <Typography textColor="neutral600">{gradeBlocked}</Typography> : null}
              {error ? <Typography textColor="danger600">{error}</Typography> : null}
              {canGrade ? (
                <Flex gap={2}>
                  <Button onClick={() => void act('grade')} loading={saving === 'grade'} disabled={!canSubmitGrade || saving !== null}>
                    {s.status === 'graded' ? 'Update grade' : 'Grade'}
                  </Button>
                  <Button
                    variant="danger-light"
                    onClick={() => void act('return')}
                    loading={saving === 'return'}
                    disabled={Boolean(returnBlocked) || feedback.trim().length < 3 || saving !== null}
                    title={returnBlocked ?? 'Write feedback saying what to change first.'}
                  >
                    Return for resubmission
                  </Button>
                </Flex>
              ) : null}
            </Flex>
          </Box>
        </Grid.Item>
      </Grid.Root>
    </Flex>
  );
};

interface Paged {
  meta: { pagination: { page: number; pageSize: number; pageCount: number; total: number } };
}

/**
 * One page of a queue from the server, reloaded when the filters or the page change (back to
 * page 1 when a filter changes). Empty filters are left out of the query.
 */
function usePagedList<R extends Paged>(url: string, filters: Record<string, string>) {
  const { get } = useFetchClient();
  const [page, setPage] = React.useState(1);
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: R }>({ loading: true });
  const key = JSON.stringify(filters);

  const load = React.useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const params = Object.fromEntries(Object.entries({ ...(JSON.parse(key) as Record<string, string>) }).filter(([, v]) => v !== ''));
      const { data } = await get<R>(url, { params: { ...params, page, pageSize: PAGE_SIZE } });
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get, url, key, page]);

  React.useEffect(() => {
    void load();
  }, [load]);
  React.useEffect(() => setPage(1), [key]);
  return { page, setPage, state, load };
}

/** The error, loading and empty states of a queue, or its table and pager. */
const QueueBody = ({
  state,
  empty,
  children,
}: {
  state: { loading: boolean; error?: string; data?: { data: unknown[] } };
  empty: string;
  children: React.ReactNode;
}) =>
  state.error ? (
    <Typography textColor="danger600">{state.error}</Typography>
  ) : state.loading && !state.data ? (
    <Page.Loading />
  ) : (state.data?.data.length ?? 0) === 0 ? (
    <EmptyStateLayout content={empty} />
  ) : (
    <>{children}</>
  );

// ─── the assignment queue ────────────────────────────────────────────────────────────────────

const AssignmentQueue = ({ course, canGrade, onChanged }: { course: string; canGrade: boolean; onChanged: () => void }) => {
  const [status, setStatus] = React.useState<SubmissionStatus>('submitted');
  const [open, setOpen] = React.useState<number | null>(null);
  const { page, setPage, state, load } = usePagedList<AdminSubmissionListResponse>('/lms-grading/admin/submissions', { status, course });

  if (open !== null) {
    return (
      <SubmissionPanel
        id={open}
        canGrade={canGrade}
        onBack={() => {
          setOpen(null);
          void load();
        }}
        onChanged={onChanged}
      />
    );
  }

  const rows: QueuedSubmission[] = state.data?.data ?? [];
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box width="240px">
        <Field.Root name="status">
          <Field.Label>Status</Field.Label>
          <SingleSelect value={status} onChange={(v: string | number) => setStatus(String(v) as SubmissionStatus)}>
            {STATUSES.map((s) => (
              <SingleSelectOption key={s.value} value={s.value}>
                {s.label}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Box>
      <QueueBody state={state} empty={status === 'submitted' ? 'Nothing to grade: every submission in these courses has a grade.' : 'No submissions match.'}>
          <Table colCount={7} rowCount={rows.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Learner</Typography></Th>
                <Th><Typography variant="sigma">Assignment</Typography></Th>
                <Th><Typography variant="sigma">Course</Typography></Th>
                <Th><Typography variant="sigma">Submitted</Typography></Th>
                <Th><Typography variant="sigma">Files</Typography></Th>
                <Th><Typography variant="sigma">Score</Typography></Th>
                <Th><Typography variant="sigma">Action</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((r) => (
                <Tr key={r.id}>
                  <Td>
                    <Typography fontWeight="bold">{learnerName(r.learner)}</Typography>
                    <Box>
                      <Typography variant="pi" textColor="neutral600">attempt {r.attempt}</Typography>
                    </Box>
                  </Td>
                  <Td><Typography>{r.assignment.title}</Typography></Td>
                  <Td><Typography>{r.course.title}</Typography></Td>
                  <Td>
                    <Flex direction="column" alignItems="flex-start" gap={1}>
                      <Typography>{formatDate(r.submittedAt)}</Typography>
                      <StatusBadge s={r} />
                    </Flex>
                  </Td>
                  <Td><Typography>{r.fileCount}</Typography></Td>
                  <Td><Typography>{r.score === null ? '—' : `${r.score} / ${r.maxScore}${r.passed ? '' : ' (below pass)'}`}</Typography></Td>
                  <Td>
                    <Button size="S" variant="secondary" onClick={() => setOpen(r.id)}>
                      {canGrade && r.status === 'submitted' ? 'Grade' : 'Open'}
                    </Button>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <Pager meta={state.data?.meta.pagination} page={page} onPage={setPage} noun="submissions" />
      </QueueBody>
    </Flex>
  );
};

// ─── the essay queue (quiz answers waiting for an instructor) ────────────────────────────────

const EssayModal = ({ essay, onClose, onGraded }: { essay: EssayToGrade; onClose: () => void; onGraded: (r: GradeAnswerResponse) => void }) => {
  const { post } = useFetchClient();
  const [points, setPoints] = React.useState(essay.points === null ? '' : String(essay.points));
  const [comment, setComment] = React.useState(essay.comment ?? '');
  const [saving, setSaving] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const body: GradeAnswerRequest = { points: points.trim(), comment: comment.trim() ? comment : null };
      const { data } = await post<GradeAnswerResponse>(`/lms-grading/admin/attempts/${essay.attemptId}/answers/${encodeURIComponent(essay.questionId)}/grade`, body);
      onGraded(data);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal.Root open onOpenChange={(o: boolean) => (o ? undefined : onClose())}>
      <Modal.Content>
        <form onSubmit={(e) => void save(e)}>
          <Modal.Header>
            <Modal.Title>Grade essay — {essay.quiz.title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Typography variant="pi" textColor="neutral600">
                {learnerName(essay.learner)} · attempt {essay.attemptNumber} · {formatDate(essay.submittedAt)}
              </Typography>
              <Typography fontWeight="bold">{essay.prompt}</Typography>
              {essay.guidance ? <Typography variant="pi" textColor="neutral600">Guidance: {essay.guidance}</Typography> : null}
              <Box padding={4} background="neutral100" hasRadius>
                <Typography style={{ whiteSpace: 'pre-wrap' }}>{essay.answerText || '(empty)'}</Typography>
              </Box>
              <Typography variant="pi" textColor="neutral600">
                {essay.wordCount} words
                {essay.minWords ? ` (min ${essay.minWords})` : ''}
                {essay.maxWords ? ` (max ${essay.maxWords})` : ''}
              </Typography>
              <Field.Root name="points" required hint={`0 to ${essay.maxPoints}, at most three decimals.`}>
                <Field.Label>Points</Field.Label>
                <TextInput value={points} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setPoints(e.target.value)} />
                <Field.Hint />
              </Field.Root>
              <Field.Root name="comment" hint="Shown to the learner with the points.">
                <Field.Label>Comment</Field.Label>
                <Textarea value={comment} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setComment(e.target.value)} />
                <Field.Hint />
              </Field.Root>
              {error ? <Typography textColor="danger600">{error}</Typography> : null}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">Cancel</Button>
            </Modal.Close>
            <Button type="submit" loading={saving} disabled={points.trim() === ''}>
              Save grade
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};

const EssayQueue = ({ course, canGrade }: { course: string; canGrade: boolean }) => {
  const { toggleNotification } = useNotification();
  const [status, setStatus] = React.useState<'pending' | 'graded'>('pending');
  const [grading, setGrading] = React.useState<EssayToGrade | null>(null);
  const { page, setPage, state, load } = usePagedList<AdminEssayListResponse>('/lms-grading/admin/essays', { status, course });

  const rows = state.data?.data ?? [];
  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Box width="240px">
        <Field.Root name="essayStatus">
          <Field.Label>Status</Field.Label>
          <SingleSelect value={status} onChange={(v: string | number) => setStatus(String(v) as 'pending' | 'graded')}>
            <SingleSelectOption value="pending">To grade</SingleSelectOption>
            <SingleSelectOption value="graded">Graded</SingleSelectOption>
          </SingleSelect>
        </Field.Root>
      </Box>
      <QueueBody state={state} empty={status === 'pending' ? 'No essays waiting for a grade.' : 'No graded essays match.'}>
          <Table colCount={6} rowCount={rows.length + 1}>
            <Thead>
              <Tr>
                <Th><Typography variant="sigma">Learner</Typography></Th>
                <Th><Typography variant="sigma">Quiz</Typography></Th>
                <Th><Typography variant="sigma">Question</Typography></Th>
                <Th><Typography variant="sigma">Answer</Typography></Th>
                <Th><Typography variant="sigma">Points</Typography></Th>
                <Th><Typography variant="sigma">Action</Typography></Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.map((e) => (
                <Tr key={`${e.attemptId}:${e.questionId}`}>
                  <Td>
                    <Typography fontWeight="bold">{learnerName(e.learner)}</Typography>
                    <Box>
                      <Typography variant="pi" textColor="neutral600">{formatDate(e.submittedAt)}</Typography>
                    </Box>
                  </Td>
                  <Td>
                    <Typography>{e.quiz.title}</Typography>
                    <Box>
                      <Typography variant="pi" textColor="neutral600">{e.course.title}</Typography>
                    </Box>
                  </Td>
                  <Td>
                    <Box maxWidth="240px">
                      <Typography ellipsis>{e.prompt}</Typography>
                    </Box>
                  </Td>
                  <Td>
                    <Box maxWidth="320px">
                      <Typography ellipsis>{e.answerText.slice(0, 200) || '(empty)'}</Typography>
                    </Box>
                    <Box>
                      <Typography variant="pi" textColor="neutral600">{e.wordCount} words</Typography>
                    </Box>
                  </Td>
                  <Td><Typography>{e.points === null ? `— / ${e.maxPoints}` : `${e.points} / ${e.maxPoints}`}</Typography></Td>
                  <Td>
                    {canGrade ? (
                      <Button size="S" variant="secondary" onClick={() => setGrading(e)}>
                        {e.status === 'pending' ? 'Grade' : 'Change'}
                      </Button>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
          <Pager meta={state.data?.meta.pagination} page={page} onPage={setPage} noun="essays" />
      </QueueBody>
      {grading ? (
        <EssayModal
          essay={grading}
          onClose={() => setGrading(null)}
          onGraded={(r) => {
            setGrading(null);
            toggleNotification({ type: 'success', message: `Essay graded: ${r.data.answer.points} / ${r.data.answer.maxPoints}; attempt ${r.data.attempt.status === 'graded' ? 'fully graded' : 'still has essays to grade'}.` });
            void load();
          }}
        />
      ) : null}
    </Flex>
  );
};

// ─── the page ────────────────────────────────────────────────────────────────────────────────

/** Grading: assignment submissions and quiz essays waiting for a grade in the admin's courses. */
const GradingQueuePage = () => {
  const { get } = useFetchClient();
  const { allowedActions } = useRBAC({ grade: PERMISSIONS.grade });
  const [courses, setCourses] = React.useState<GradingCourse[]>([]);
  const [course, setCourse] = React.useState('');
  const [tab, setTab] = React.useState('assignments');

  const loadCourses = React.useCallback(() => {
    get<AdminGradingCoursesResponse>('/lms-grading/admin/grading-courses')
      .then(({ data }) => setCourses(data.data))
      .catch(() => setCourses([]));
  }, [get]);
  React.useEffect(() => loadCourses(), [loadCourses]);

  const waiting = courses.reduce((n, c) => n + c.submitted, 0);
  return (
    <Page.Main>
      <Page.Title>Grading</Page.Title>
      <Layouts.Header title="Grading" subtitle={`Work waiting for a grade in your courses${waiting ? `: ${waiting} assignment submission(s)` : ''}. Learners see grades and feedback on the site.`} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Box width="360px">
            <CourseFilter courses={courses} value={course} onChange={setCourse} />
          </Box>
          <Tabs.Root value={tab} onValueChange={setTab}>
            <Tabs.List aria-label="Queues">
              <Tabs.Trigger value="assignments">Assignments</Tabs.Trigger>
              <Tabs.Trigger value="essays">Quiz essays</Tabs.Trigger>
            </Tabs.List>
            <Tabs.Content value="assignments">
              <Box paddingTop={4}>
                <AssignmentQueue course={course} canGrade={allowedActions.canGrade} onChanged={loadCourses} />
              </Box>
            </Tabs.Content>
            <Tabs.Content value="essays">
              <Box paddingTop={4}>
                <EssayQueue course={course} canGrade={allowedActions.canGrade} />
              </Box>
            </Tabs.Content>
          </Tabs.Root>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedGradingQueuePage = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <GradingQueuePage />
  </Page.Protect>
);

export default ProtectedGradingQueuePage;

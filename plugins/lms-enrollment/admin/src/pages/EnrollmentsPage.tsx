import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  EmptyStateLayout,
  Field,
  Flex,
  Modal,
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
import { Download, Plus } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type {
  AdminCourseSearchResponse,
  AdminEnrollment,
  AdminEnrollmentListResponse,
  AdminEnrollmentResponse,
  AdminLearnerSearchResponse,
} from '../../../server/src/contracts/admin';
import type { EnrollmentStatus } from '../../../server/src/contracts';
import { PERMISSIONS } from '../permissions';

const PAGE_SIZE = 20;
const STATUSES: EnrollmentStatus[] = ['active', 'completed', 'refunded', 'revoked', 'expired'];

interface Search {
  learner: string;
  course: string;
  status: EnrollmentStatus | '';
}

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

/** Query parameters of a search, without empty ones (the server rejects nothing it does not know). */
function searchParams(search: Search): Record<string, string> {
  const params: Record<string, string> = {};
  if (search.learner.trim()) params.learner = search.learner.trim();
  if (search.course.trim()) params.course = search.course.trim();
  if (search.status) params.status = search.status;
  return params;
}

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * A modal form that submits once: keeps the saving flag and shows the server's error message
 * (which names the field) under the fields.
 */
const FormModal = ({
  title,
  submitLabel,
  danger = false,
  canSubmit,
  onClose,
  onSubmit,
  children,
}: {
  title: string;
  submitLabel: string;
  danger?: boolean;
  canSubmit: boolean;
  onClose: () => void;
  onSubmit: () => Promise<void>;
  children: React.ReactNode;
}) => {
  const [error, setError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      await onSubmit();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal.Root open onOpenChange={(open: boolean) => (open ? undefined : onClose())}>
      <Modal.Content>
        <form onSubmit={(e) => void submit(e)}>
          <Modal.Header>
            <Modal.Title>{title}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={4}>
              {children}
              {error ? <Typography textColor="danger600">{error}</Typography> : null}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">Cancel</Button>
            </Modal.Close>
            <Button type="submit" variant={danger ? 'danger' : 'default'} loading={saving} disabled={!canSubmit}>
              {submitLabel}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};

const ReasonField = ({ value, onChange }: { value: string; onChange: (v: string) => void }) => (
  <Field.Root name="reason" required hint="Kept with the enrollment, with your admin id.">
    <Field.Label>Reason</Field.Label>
    <Textarea value={value} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value)} />
    <Field.Hint />
  </Field.Root>
);

/** Grant a course to a learner by hand: learner email (or id), course picked by title, a reason. */
const GrantModal = ({ onClose, onGranted }: { onClose: () => void; onGranted: (e: AdminEnrollmentResponse) => void }) => {
  const { get, post } = useFetchClient();
  const [learner, setLearner] = React.useState('');
  const [learners, setLearners] = React.useState<AdminLearnerSearchResponse['data']>([]);
  const [courseQuery, setCourseQuery] = React.useState('');
  const [courses, setCourses] = React.useState<AdminCourseSearchResponse['data']>([]);
  const [course, setCourse] = React.useState('');
  const [reason, setReason] = React.useState('');

  React.useEffect(() => {
    const q = courseQuery.trim();
    if (!q) return;
    const timer = setTimeout(() => {
      get<AdminCourseSearchResponse>('/lms-enrollment/admin/courses', { params: { q } })
        .then(({ data }) => setCourses(data.data))
        .catch(() => setCourses([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [courseQuery, get]);

  React.useEffect(() => {
    const q = learner.trim();
    if (q.length < 2) return;
    const timer = setTimeout(() => {
      get<AdminLearnerSearchResponse>('/lms-enrollment/admin/learners', { params: { q } })
        .then(({ data }) => setLearners(data.data))
        .catch(() => setLearners([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [learner, get]);

  return (
    <FormModal
      title="Grant an enrollment"
      submitLabel="Grant"
      canSubmit={Boolean(learner.trim() && course && reason.trim().length >= 3)}
      onClose={onClose}
      onSubmit={async () => {
        const { data } = await post<AdminEnrollmentResponse>('/lms-enrollment/admin/enrollments', { learner: learner.trim(), course, reason });
        onGranted(data);
      }}
    >
      <Field.Root name="learner" required hint="The learner's email (or user id).">
        <Field.Label>Learner</Field.Label>
        <TextInput value={learner} list="lms-enrollment-learners" onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLearner(e.target.value)} />
        <datalist id="lms-enrollment-learners">
          {learners.map((l) => (
            <option key={l.id} value={l.email ?? String(l.id)}>
              {l.username ?? ''}
            </option>
          ))}
        </datalist>
        <Field.Hint />
      </Field.Root>
      <Field.Root name="courseSearch" hint="Type part of the title, then pick the course.">
        <Field.Label>Find course</Field.Label>
        <TextInput value={courseQuery} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCourseQuery(e.target.value)} />
        <Field.Hint />
      </Field.Root>
      <Field.Root name="course" required>
        <Field.Label>Course</Field.Label>
        <SingleSelect value={course} onChange={(v: string | number) => setCourse(String(v))} placeholder="Pick a course">
          {courses.map((c) => (
            <SingleSelectOption key={c.documentId} value={c.documentId}>
              {c.title}
              {c.published ? '' : ' (draft)'}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
      <ReasonField value={reason} onChange={setReason} />
    </FormModal>
  );
};

/** Revoke one enrollment with a reason. */
const RevokeModal = ({ enrollment, onClose, onRevoked }: { enrollment: AdminEnrollment; onClose: () => void; onRevoked: () => void }) => {
  const { post } = useFetchClient();
  const [reason, setReason] = React.useState('');
  return (
    <FormModal
      title="Revoke enrollment"
      submitLabel="Revoke"
      danger
      canSubmit={reason.trim().length >= 3}
      onClose={onClose}
      onSubmit={async () => {
        await post<AdminEnrollmentResponse>(`/lms-enrollment/admin/enrollments/${enrollment.id}/revoke`, { reason });
        onRevoked();
      }}
    >
      <Typography>
        {enrollment.learner.email ?? `learner ${enrollment.learner.id}`} loses access to “{enrollment.course.title}”. Their progress is kept.
      </Typography>
      <ReasonField value={reason} onChange={setReason} />
    </FormModal>
  );
};

/** Enrollments: search by learner or course, page through, export CSV, grant and revoke. */
const EnrollmentsPage = () => {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ manage: PERMISSIONS.manage });
  const [draft, setDraft] = React.useState<Search>({ learner: '', course: '', status: '' });
  const [search, setSearch] = React.useState<Search>(draft);
  const [page, setPage] = React.useState(1);
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: AdminEnrollmentListResponse }>({ loading: true });
  const [granting, setGranting] = React.useState(false);
  const [revoking, setRevoking] = React.useState<AdminEnrollment | null>(null);
  const [exporting, setExporting] = React.useState(false);

  const load = React.useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const { data } = await get<AdminEnrollmentListResponse>('/lms-enrollment/admin/enrollments', { params: { ...searchParams(search), page, pageSize: PAGE_SIZE } });
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get, search, page]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const { data } = await get<Blob>('/lms-enrollment/admin/enrollments.csv', { params: searchParams(search), responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `enrollments-${new Date().toISOString().slice(0, 10)}.csv`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setExporting(false);
    }
  };

  const rows = state.data?.data ?? [];
  const pagination = state.data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>Enrollments</Page.Title>
      <Layouts.Header
        title="Enrollments"
        subtitle="Who may study which course. Grants and revocations keep your reason and admin id."
        primaryAction={
          allowedActions.canManage ? (
            <Button startIcon={<Plus />} onClick={() => setGranting(true)}>
              Grant enrollment
            </Button>
          ) : undefined
        }
        secondaryAction={
          <Button variant="secondary" startIcon={<Download />} onClick={() => void exportCsv()} loading={exporting}>
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
              setSearch(draft);
            }}
          >
            <Flex gap={2} alignItems="flex-end">
              <Field.Root name="learner">
                <Field.Label>Learner (email or username)</Field.Label>
                <TextInput value={draft.learner} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, learner: e.target.value })} />
              </Field.Root>
              <Field.Root name="course">
                <Field.Label>Course (title)</Field.Label>
                <TextInput value={draft.course} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, course: e.target.value })} />
              </Field.Root>
              <Field.Root name="status">
                <Field.Label>Status</Field.Label>
                <SingleSelect value={draft.status} onChange={(v: string | number) => setDraft({ ...draft, status: String(v) as Search['status'] })} placeholder="Any">
                  <SingleSelectOption value="">Any</SingleSelectOption>
                  {STATUSES.map((s) => (
                    <SingleSelectOption key={s} value={s}>
                      {s}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
              <Button type="submit" variant="secondary">
                Search
              </Button>
            </Flex>
          </form>
        </Box>
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading && !state.data ? (
          <Page.Loading />
        ) : rows.length === 0 ? (
          <EmptyStateLayout content="No enrollments match this search." />
        ) : (
          <>
            <Table colCount={7} rowCount={rows.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Learner</Typography></Th>
                  <Th><Typography variant="sigma">Course</Typography></Th>
                  <Th><Typography variant="sigma">Status</Typography></Th>
                  <Th><Typography variant="sigma">Source</Typography></Th>
                  <Th><Typography variant="sigma">Progress</Typography></Th>
                  <Th><Typography variant="sigma">Enrolled</Typography></Th>
                  <Th><Typography variant="sigma">Action</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((e) => (
                  <Tr key={e.id}>
                    <Td>
                      <Typography fontWeight="bold">{e.learner.email ?? `user ${e.learner.id}`}</Typography>
                      <Box>
                        <Typography variant="pi" textColor="neutral600">{e.learner.username ?? ''}</Typography>
                      </Box>
                    </Td>
                    <Td><Typography>{e.course.title}</Typography></Td>
                    <Td>
                      <Badge>{e.status}</Badge>
                      {e.reason ? (
                        <Box>
                          <Typography variant="pi" textColor="neutral600">{e.reason}</Typography>
                        </Box>
                      ) : null}
                    </Td>
                    <Td>
                      <Typography>{e.source}</Typography>
                      {e.sourceRef ? (
                        <Box>
                          <Typography variant="pi" textColor="neutral600">{e.sourceRef}</Typography>
                        </Box>
                      ) : null}
                    </Td>
                    <Td><Typography>{e.progress}%</Typography></Td>
                    <Td><Typography>{formatDate(e.enrolledAt)}</Typography></Td>
                    <Td>
                      {allowedActions.canManage && (e.status === 'active' || e.status === 'completed') ? (
                        <Button size="S" variant="danger-light" onClick={() => setRevoking(e)}>
                          Revoke
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            {pagination && pagination.pageCount > 1 ? (
              <Flex justifyContent="space-between" paddingTop={4}>
                <Typography variant="pi">
                  Page {pagination.page} of {pagination.pageCount} ({pagination.total} enrollments)
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
          </>
        )}
      </Layouts.Content>
      {granting ? (
        <GrantModal
          onClose={() => setGranting(false)}
          onGranted={(result) => {
            setGranting(false);
            toggleNotification({
              type: 'success',
              message: result.meta.changed
                ? `${result.data.learner.email ?? 'The learner'} is enrolled in “${result.data.course.title}”.`
                : `${result.data.learner.email ?? 'The learner'} was already enrolled in “${result.data.course.title}”; nothing changed.`,
            });
            void load();
          }}
        />
      ) : null}
      {revoking ? (
        <RevokeModal
          enrollment={revoking}
          onClose={() => setRevoking(null)}
          onRevoked={() => {
            setRevoking(null);
            toggleNotification({ type: 'success', message: 'Enrollment revoked.' });
            void load();
          }}
        />
      ) : null}
    </Page.Main>
  );
};

const ProtectedEnrollmentsPage = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <EnrollmentsPage />
  </Page.Protect>
);

export default ProtectedEnrollmentsPage;

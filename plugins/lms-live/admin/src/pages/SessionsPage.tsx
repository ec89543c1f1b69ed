import * as React from 'react';
import { Alert, Badge, Box, Button, EmptyStateLayout, Field, Flex, SingleSelect, SingleSelectOption, Table, Tbody, Td, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Plus } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { AdminSessionResponse, AdminSessionView, AdminSessionsResponse, RosterEntry, RosterResponse } from '../../../server/src/contracts';
import { instantToWallTime, wallTimeToInstant } from '../../../server/src/domain/zoned';
import { PERMISSIONS } from '../permissions';

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

interface Draft {
  courseId: string;
  title: string;
  wall: string;
  durationMinutes: string;
  capacity: string;
  joinUrl: string;
  timeZone: string;
}

const emptyDraft = (courseId: string): Draft => ({ courseId, title: '', wall: '', durationMinutes: '60', capacity: '20', joinUrl: '', timeZone: browserZone() });

/** New or edited session: the start is typed as a wall-clock time in the session's zone. */
const SessionForm = ({ courses, initial, editingId, onSaved, onCancel }: { courses: Array<{ documentId: string; title: string }>; initial: Draft; editingId: number | null; onSaved: () => void; onCancel: () => void }) => {
  const { post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = React.useState<Draft>(initial);
  const [error, setError] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const set = (k: keyof Draft) => (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [k]: e.target.value });

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    let startsAt: Date | null = null;
    try {
      startsAt = wallTimeToInstant(draft.wall, draft.timeZone);
    } catch {
      setError(`timeZone: "${draft.timeZone}" is not an IANA time zone name such as "Europe/London"`);
      return;
    }
    if (!startsAt) {
      setError('Start: pick a date and time');
      return;
    }
    const body = {
      courseId: draft.courseId,
      title: draft.title,
      startsAt: startsAt.toISOString(),
      durationMinutes: Number(draft.durationMinutes),
      capacity: Number(draft.capacity),
      joinUrl: draft.joinUrl,
      timeZone: draft.timeZone,
    };
    setBusy(true);
    try {
      if (editingId) await put<AdminSessionResponse>(`/lms-live/sessions/${editingId}`, body);
      else await post<AdminSessionResponse>('/lms-live/sessions', body);
      toggleNotification({ type: 'success', message: editingId ? 'Session saved' : 'Session scheduled' });
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
      <form onSubmit={save} aria-label={editingId ? 'Edit live session' : 'New live session'}>
        <Flex direction="column" alignItems="stretch" gap={4}>
          <Typography variant="delta" tag="h2">
            {editingId ? 'Edit live session' : 'New live session'}
          </Typography>
          {error && (
            <Alert variant="danger" title="Not saved" closeLabel="Close" onClose={() => setError(null)}>
              {error}
            </Alert>
          )}
          <Field.Root name="courseId" required>
            <Field.Label>Course</Field.Label>
            <SingleSelect value={draft.courseId} disabled={editingId !== null} onChange={(v: string | number) => setDraft({ ...draft, courseId: String(v) })} placeholder="Choose one of your courses">
              {courses.map((c) => (
                <SingleSelectOption key={c.documentId} value={c.documentId}>
                  {c.title}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Field.Root name="title" required>
            <Field.Label>Title</Field.Label>
            <TextInput value={draft.title} onChange={set('title')} maxLength={200} />
          </Field.Root>
          <Flex gap={4} alignItems="flex-start">
            <Field.Root name="wall" required hint="In the session's time zone">
              <Field.Label>Start</Field.Label>
              <TextInput type="datetime-local" value={draft.wall} onChange={set('wall')} />
              <Field.Hint />
            </Field.Root>
            <Field.Root name="timeZone" required hint="IANA name, e.g. Europe/London">
              <Field.Label>Time zone</Field.Label>
              <TextInput value={draft.timeZone} onChange={set('timeZone')} list="lms-live-zones" />
              <Field.Hint />
            </Field.Root>
            <Field.Root name="durationMinutes" required>
              <Field.Label>Duration (minutes)</Field.Label>
              <TextInput type="number" min={5} max={1440} value={draft.durationMinutes} onChange={set('durationMinutes')} />
            </Field.Root>
            <Field.Root name="capacity" required>
              <Field.Label>Seats</Field.Label>
              <TextInput type="number" min={1} value={draft.capacity} onChange={set('capacity')} />
            </Field.Root>
          </Flex>
          <datalist id="lms-live-zones">
            {(Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone').map((z) => <option key={z} value={z} />)}
          </datalist>
          <Field.Root name="joinUrl" required hint="Zoom, Google Meet or Jitsi link (https://…)">
            <Field.Label>Join link</Field.Label>
            <TextInput value={draft.joinUrl} onChange={set('joinUrl')} placeholder="https://meet.jit.si/…" />
            <Field.Hint />
          </Field.Root>
          <Flex gap={2}>
            <Button type="submit" loading={busy}>
              {editingId ? 'Save' : 'Schedule'}
            </Button>
            <Button variant="tertiary" onClick={onCancel}>
              Cancel
            </Button>
          </Flex>
        </Flex>
      </form>
    </Box>
  );
};

/** Reserved learners of one session with present/absent buttons. */
const Roster = ({ session, onClose }: { session: AdminSessionView; onClose: () => void }) => {
  const { get, put } = useFetchClient();
  const [entries, setEntries] = React.useState<RosterEntry[] | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  React.useEffect(() => {
    get<RosterResponse>(`/lms-live/sessions/${session.id}/roster`)
      .then(({ data }) => setEntries(data.data))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [get, session.id]);

  async function mark(learnerId: number, present: boolean) {
    setError(null);
    try {
      const { data } = await put<RosterResponse>(`/lms-live/sessions/${session.id}/attendance/${learnerId}`, { present });
      setEntries(data.data);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <Box background="neutral0" padding={6} shadow="filterShadow" hasRadius>
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Flex justifyContent="space-between">
          <Typography variant="delta" tag="h2">
            Attendance: {session.title}
          </Typography>
          <Button variant="tertiary" onClick={onClose}>
            Close
          </Button>
        </Flex>
        <Typography textColor="neutral600">
          {session.startsAtSessionLocal} · {session.seatsTaken} of {session.capacity} seats reserved
        </Typography>
        {error && (
          <Alert variant="danger" title="Not saved" closeLabel="Close" onClose={() => setError(null)}>
            {error}
          </Alert>
        )}
        {!entries ? (
          <Page.Loading />
        ) : entries.length === 0 ? (
          <Typography>No learner has reserved a seat yet.</Typography>
        ) : (
          <Table colCount={4} rowCount={entries.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">Learner</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Seat</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Attendance</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Mark</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {entries.map((e) => (
                <Tr key={e.learner.id}>
                  <Td>
                    <Typography fontWeight="bold">{e.learner.name}</Typography>
                    <Typography variant="pi" textColor="neutral600" tag="p">
                      {e.learner.email ?? ''}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{e.reservedAt ? 'reserved' : 'no seat'}</Typography>
                  </Td>
                  <Td>
                    {e.attendance ? (
                      <Badge active={e.attendance.present}>{`${e.attendance.present ? 'present' : 'absent'} (${e.attendance.source === 'join' ? 'joined' : 'marked'})`}</Badge>
                    ) : (
                      <Typography textColor="neutral600">not recorded</Typography>
                    )}
                  </Td>
                  <Td>
                    <Flex gap={2}>
                      <Button size="S" variant="success-light" onClick={() => void mark(e.learner.id, true)} aria-label={`Mark ${e.learner.name} present`}>
                        Present
                      </Button>
                      <Button size="S" variant="danger-light" onClick={() => void mark(e.learner.id, false)} aria-label={`Mark ${e.learner.name} absent`}>
                        Absent
                      </Button>
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Flex>
    </Box>
  );
};

const SessionsPage = () => {
  const { get, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [state, setState] = React.useState<{ loading: boolean; error: string | null; data: AdminSessionView[]; courses: Array<{ documentId: string; title: string }> }>({
    loading: true,
    error: null,
    data: [],
    courses: [],
  });
  const [form, setForm] = React.useState<{ draft: Draft; id: number | null } | null>(null);
  const [roster, setRoster] = React.useState<AdminSessionView | null>(null);

  const load = React.useCallback(() => {
    get<AdminSessionsResponse>('/lms-live/sessions')
      .then(({ data }) => setState({ loading: false, error: null, data: data.data, courses: data.meta.courses }))
      .catch((e: unknown) => setState({ loading: false, error: errorMessage(e), data: [], courses: [] }));
  }, [get]);
  React.useEffect(load, [load]);

  const edit = (s: AdminSessionView) =>
    setForm({
      id: s.id,
      draft: { courseId: s.courseId, title: s.title, wall: instantToWallTime(new Date(s.startsAt), s.timeZone), durationMinutes: String(s.durationMinutes), capacity: String(s.capacity), joinUrl: s.joinUrl, timeZone: s.timeZone },
    });

  async function remove(s: AdminSessionView) {
    if (!window.confirm(`Delete "${s.title}"? Reserved seats are released.`)) return;
    try {
      await del(`/lms-live/sessions/${s.id}`);
      toggleNotification({ type: 'success', message: 'Session deleted' });
      load();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    }
  }

  return (
    <Page.Main>
      <Page.Title>Live sessions</Page.Title>
      <Layouts.Header
        title="Live sessions"
        subtitle="Schedule live sessions on your courses. Enrolled learners reserve a seat, get a reminder the day before, and are marked present when they open the join link from 10 minutes before the start."
        primaryAction={
          <Button startIcon={<Plus />} onClick={() => setForm({ id: null, draft: emptyDraft(state.courses[0]?.documentId ?? '') })} disabled={state.courses.length === 0}>
            New session
          </Button>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {form && (
            <SessionForm
              key={form.id ?? 'new'}
              courses={state.courses}
              initial={form.draft}
              editingId={form.id}
              onSaved={() => {
                setForm(null);
                load();
              }}
              onCancel={() => setForm(null)}
            />
          )}
          {roster && <Roster session={roster} onClose={() => { setRoster(null); load(); }} />}
          {state.loading ? (
            <Page.Loading />
          ) : state.error ? (
            <Alert variant="danger" title="Could not load live sessions" closeLabel="Close">
              {state.error}
            </Alert>
          ) : state.data.length === 0 ? (
            <EmptyStateLayout content={state.courses.length === 0 ? 'You have no course yet; create one in the Content Manager first.' : 'No live session yet. Schedule one with "New session".'} />
          ) : (
            <Table colCount={5} rowCount={state.data.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">Session</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Starts</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Seats</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Present</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Actions</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {state.data.map((s) => (
                  <Tr key={s.id}>
                    <Td>
                      <Typography fontWeight="bold">{s.title}</Typography>
                      <Typography variant="pi" textColor="neutral600" tag="p">
                        {s.courseTitle} · {s.durationMinutes} min
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{s.startsAtSessionLocal}</Typography>
                      <Typography variant="pi" textColor="neutral600" tag="p">
                        {s.timeZone}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>
                        {s.seatsTaken} / {s.capacity}
                      </Typography>
                    </Td>
                    <Td>
                      <Typography>{s.attended}</Typography>
                    </Td>
                    <Td>
                      <Flex gap={2}>
                        <Button size="S" variant="secondary" onClick={() => setRoster(s)} aria-label={`Attendance of ${s.title}`}>
                          Attendance
                        </Button>
                        <Button size="S" variant="tertiary" onClick={() => edit(s)} aria-label={`Edit ${s.title}`}>
                          Edit
                        </Button>
                        <Button size="S" variant="danger-light" onClick={() => void remove(s)} aria-label={`Delete ${s.title}`}>
                          Delete
                        </Button>
                      </Flex>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedSessionsPage = () => (
  <Page.Protect permissions={PERMISSIONS.manage}>
    <SessionsPage />
  </Page.Protect>
);

export default ProtectedSessionsPage;

import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Checkbox,
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
import { ArrowClockwise, Plus } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type {
  Consumer,
  ConsumerInput,
  CourseChoice,
  Passback,
  Registration,
  RegistrationInput,
  ResourceLinkView,
  RosterSyncResult,
  ToolValues,
} from '../../../server/src/contracts';
import { PERMISSIONS } from '../permissions';

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

const Section = ({ title, subtitle, action, children }: { title: string; subtitle?: string; action?: React.ReactNode; children: React.ReactNode }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={6} marginBottom={6}>
    <Flex justifyContent="space-between" alignItems="flex-start" paddingBottom={4}>
      <Box>
        <Typography variant="delta" tag="h2">{title}</Typography>
        {subtitle ? (
          <Box paddingTop={1}>
            <Typography variant="pi" textColor="neutral600">{subtitle}</Typography>
          </Box>
        ) : null}
      </Box>
      {action}
    </Flex>
    {children}
  </Box>
);

const CourseChecklist = ({ courses, value, onChange }: { courses: CourseChoice[]; value: string[]; onChange: (ids: string[]) => void }) => (
  <Field.Root name="courseIds" hint="Launches from this platform may open only these courses.">
    <Field.Label>Linked courses</Field.Label>
    <Flex direction="column" alignItems="flex-start" gap={1}>
      {courses.length === 0 ? <Typography textColor="neutral600">No published course yet.</Typography> : null}
      {courses.map((c) => (
        <Checkbox
          key={c.documentId}
          checked={value.includes(c.documentId)}
          onCheckedChange={(checked: boolean | 'indeterminate') => onChange(checked === true ? [...value, c.documentId] : value.filter((id) => id !== c.documentId))}
        >
          {c.title}
        </Checkbox>
      ))}
    </Flex>
    <Field.Hint />
  </Field.Root>
);

const text = (label: string, value: string, onChange: (v: string) => void, hint?: string, type = 'text') => (
  <Field.Root name={label} hint={hint}>
    <Field.Label>{label}</Field.Label>
    <TextInput type={type} value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
    <Field.Hint />
  </Field.Root>
);

const EMPTY_REGISTRATION: RegistrationInput = {
  name: '',
  issuer: '',
  clientId: '',
  deploymentIds: [],
  authEndpoint: '',
  authRequestMethod: 'GET',
  tokenEndpoint: '',
  tokenAudience: null,
  jwksUrl: '',
  courseIds: [],
};

const RegistrationModal = ({ initial, courses, onClose, onSave }: { initial: Registration | null; courses: CourseChoice[]; onClose: () => void; onSave: (input: RegistrationInput) => Promise<void> }) => {
  const [draft, setDraft] = React.useState<RegistrationInput>(initial ? { ...initial } : EMPTY_REGISTRATION);
  const [deployments, setDeployments] = React.useState((initial?.deploymentIds ?? []).join('\n'));
  const [saving, setSaving] = React.useState(false);
  const set = (patch: Partial<RegistrationInput>) => setDraft((d) => ({ ...d, ...patch }));
  const save = async () => {
    setSaving(true);
    try {
      await onSave({ ...draft, deploymentIds: deployments.split(/[\s,]+/).filter(Boolean) });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal.Root open onOpenChange={(open: boolean) => (open ? undefined : onClose())}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{initial ? `Edit ${initial.name}` : 'Add a platform'}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {text('Name', draft.name, (v) => set({ name: v }), 'For you: e.g. "Canvas (production)".')}
            {text('Issuer', draft.issuer, (v) => set({ issuer: v }), "The platform's iss, e.g. https://canvas.instructure.com")}
            {text('Client ID', draft.clientId, (v) => set({ clientId: v }))}
            <Field.Root name="deploymentIds" hint="One per line.">
              <Field.Label>Deployment IDs</Field.Label>
              <Textarea value={deployments} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setDeployments(e.target.value)} />
              <Field.Hint />
            </Field.Root>
            {text('OIDC auth endpoint', draft.authEndpoint, (v) => set({ authEndpoint: v }))}
            <Field.Root name="authRequestMethod" hint="POST sends an auto-submitted form, for platforms whose endpoint refuses GET.">
              <Field.Label>Auth request</Field.Label>
              <SingleSelect value={draft.authRequestMethod} onChange={(v: string | number) => set({ authRequestMethod: v === 'POST' ? 'POST' : 'GET' })}>
                <SingleSelectOption value="GET">GET (redirect)</SingleSelectOption>
                <SingleSelectOption value="POST">POST (form)</SingleSelectOption>
              </SingleSelect>
              <Field.Hint />
            </Field.Root>
            {text('Token endpoint', draft.tokenEndpoint, (v) => set({ tokenEndpoint: v }))}
            {text('Token audience', draft.tokenAudience ?? '', (v) => set({ tokenAudience: v || null }), 'Only when the platform asks for one (Brightspace); empty = the token endpoint.')}
            {text('JWKS URL', draft.jwksUrl, (v) => set({ jwksUrl: v }))}
            <CourseChecklist courses={courses} value={draft.courseIds} onChange={(ids) => set({ courseIds: ids })} />
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button loading={saving} onClick={() => void save()}>Save</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

const ConsumerModal = ({ initial, courses, onClose, onSave }: { initial: Consumer | null; courses: CourseChoice[]; onClose: () => void; onSave: (input: ConsumerInput) => Promise<void> }) => {
  const [draft, setDraft] = React.useState<ConsumerInput>({ name: initial?.name ?? '', consumerKey: initial?.consumerKey ?? '', secret: '', courseIds: initial?.courseIds ?? [] });
  const [saving, setSaving] = React.useState(false);
  const save = async () => {
    setSaving(true);
    try {
      await onSave({ ...draft, secret: draft.secret ? draft.secret : undefined });
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal.Root open onOpenChange={(open: boolean) => (open ? undefined : onClose())}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{initial ? `Edit ${initial.name}` : 'Add an LTI 1.1 consumer'}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {text('Name', draft.name, (v) => setDraft({ ...draft, name: v }))}
            {text('Consumer key', draft.consumerKey, (v) => setDraft({ ...draft, consumerKey: v }))}
            {text('Shared secret', draft.secret ?? '', (v) => setDraft({ ...draft, secret: v }), initial ? 'Leave empty to keep the current secret. Stored encrypted.' : 'At least 16 characters. Stored encrypted.', 'password')}
            <CourseChecklist courses={courses} value={draft.courseIds} onChange={(ids) => setDraft({ ...draft, courseIds: ids })} />
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Cancel</Button>
          </Modal.Close>
          <Button loading={saving} onClick={() => void save()}>Save</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

const Value = ({ label, value }: { label: string; value: string }) => (
  <Flex gap={4} paddingBottom={2}>
    <Box minWidth="14rem">
      <Typography fontWeight="bold">{label}</Typography>
    </Box>
    <Typography style={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>{value}</Typography>
  </Flex>
);

/** Registrations, consumers, the tool's own values, links and grade passback, on one page. */
const LtiPage = () => {
  const { get, post, put, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ manage: PERMISSIONS.manage });
  const canManage = allowedActions.canManage;
  const [tool, setTool] = React.useState<ToolValues | null>(null);
  const [registrations, setRegistrations] = React.useState<Registration[]>([]);
  const [consumers, setConsumers] = React.useState<Consumer[]>([]);
  const [courses, setCourses] = React.useState<CourseChoice[]>([]);
  const [links, setLinks] = React.useState<ResourceLinkView[]>([]);
  const [passbacks, setPassbacks] = React.useState<Passback[]>([]);
  const [passbackFilter, setPassbackFilter] = React.useState<string>('failed');
  const [loading, setLoading] = React.useState(true);
  const [failed, setFailed] = React.useState(false);
  const [editing, setEditing] = React.useState<{ kind: 'registration'; item: Registration | null } | { kind: 'consumer'; item: Consumer | null } | null>(null);
  const [busy, setBusy] = React.useState<string | null>(null);

  const load = React.useCallback(async () => {
    setLoading(true);
    try {
      const [t, r, c, co, l, p] = await Promise.all([
        get<ToolValues>('/lms-lti/tool'),
        get<{ registrations: Registration[] }>('/lms-lti/registrations'),
        get<{ consumers: Consumer[] }>('/lms-lti/consumers'),
        get<{ courses: CourseChoice[] }>('/lms-lti/courses'),
        get<{ links: ResourceLinkView[] }>('/lms-lti/links'),
        get<{ passbacks: Passback[] }>('/lms-lti/passbacks', { params: { pageSize: 50, ...(passbackFilter ? { status: passbackFilter } : {}) } }),
      ]);
      setTool(t.data);
      setRegistrations(r.data.registrations);
      setConsumers(c.data.consumers);
      setCourses(co.data.courses);
      setLinks(l.data.links);
      setPassbacks(p.data.passbacks);
      setFailed(false);
    } catch (error) {
      setFailed(true);
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setLoading(false);
    }
  }, [get, passbackFilter, toggleNotification]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const act = async (key: string, work: () => Promise<string>) => {
    setBusy(key);
    try {
      toggleNotification({ type: 'success', message: await work() });
      await load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  };

  const saveRegistration = async (input: RegistrationInput) => {
    const current = editing?.kind === 'registration' ? editing.item : null;
    try {
      if (current) await put(`/lms-lti/registrations/${current.id}`, input);
      else await post('/lms-lti/registrations', input);
      setEditing(null);
      toggleNotification({ type: 'success', message: `Saved ${input.name}.` });
      await load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  const saveConsumer = async (input: ConsumerInput) => {
    const current = editing?.kind === 'consumer' ? editing.item : null;
    try {
      if (current) await put(`/lms-lti/consumers/${current.id}`, input);
      else await post('/lms-lti/consumers', input);
      setEditing(null);
      toggleNotification({ type: 'success', message: `Saved ${input.name}.` });
      await load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    }
  };

  if (failed && !tool) return <Page.Error />;
  if (loading && !tool) return <Page.Loading />;

  return (
    <Page.Main>
      <Page.Title>LTI</Page.Title>
      <Layouts.Header
        title="LTI"
        subtitle="Let Moodle, Canvas, Blackboard, D2L and other LMSs launch your courses and receive grades."
        primaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={() => void load()} loading={loading}>
            Refresh
          </Button>
        }
      />
      <Layouts.Content>
        {tool ? (
          <Section title="This tool's values" subtitle="Paste these into the platform when you register the tool there.">
            {!tool.configured ? (
              <Box paddingBottom={4}>
                <Typography textColor="danger600">LTI_KEY_ENCRYPTION_KEY is not set on the server: launches answer 503 until it is.</Typography>
              </Box>
            ) : null}
            <Value label="Login initiation URL" value={tool.loginUrl} />
            <Value label="Launch / redirect URL" value={tool.launchUrl} />
            <Value label="Deep linking URL" value={tool.deepLinkingUrl} />
            <Value label="Public JWKS URL" value={tool.jwksUrl} />
            <Value label="LTI 1.1 launch URL" value={tool.lti11LaunchUrl} />
            <Box paddingTop={2}>
              <Field.Root name="jsonConfig" hint="An LTI 1.3 tool configuration (JSON).">
                <Field.Label>JSON configuration</Field.Label>
                <Textarea readOnly value={JSON.stringify(tool.jsonConfig, null, 2)} />
                <Field.Hint />
              </Field.Root>
            </Box>
            <Box paddingTop={4}>
              <Typography variant="omega" fontWeight="bold">Signing keys</Typography>
              {tool.keys.map((k) => (
                <Typography key={k.kid} tag="p" variant="pi">
                  {k.kid} · created {new Date(k.createdAt).toLocaleString()}
                  {k.retiredAt ? ` · retired, published until ${k.publishedUntil ? new Date(k.publishedUntil).toLocaleString() : '—'}` : ' · current'}
                </Typography>
              ))}
              {canManage && tool.configured ? (
                <Box paddingTop={2}>
                  <Button size="S" variant="secondary" loading={busy === 'rotate'} onClick={() => void act('rotate', async () => (await post<{ kid: string }>('/lms-lti/tool/rotate-keys')).data.kid && 'Rotated: the new key signs from now on; the old one stays published for 7 days.')}>
                    Rotate keys
                  </Button>
                </Box>
              ) : null}
            </Box>
          </Section>
        ) : null}

        <Section
          title="Platforms (LTI 1.3)"
          action={canManage ? <Button startIcon={<Plus />} onClick={() => setEditing({ kind: 'registration', item: null })}>Add a platform</Button> : undefined}
        >
          {registrations.length === 0 ? (
            <EmptyStateLayout content="No platform registered yet." />
          ) : (
            <Table colCount={5} rowCount={registrations.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Name</Typography></Th>
                  <Th><Typography variant="sigma">Issuer / client</Typography></Th>
                  <Th><Typography variant="sigma">Deployments</Typography></Th>
                  <Th><Typography variant="sigma">Courses</Typography></Th>
                  <Th><Typography variant="sigma">Actions</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {registrations.map((r) => (
                  <Tr key={r.id}>
                    <Td><Typography fontWeight="bold">{r.name}</Typography></Td>
                    <Td><Typography>{r.issuer}</Typography><Box><Typography variant="pi" textColor="neutral600">{r.clientId}</Typography></Box></Td>
                    <Td><Typography>{r.deploymentIds.join(', ')}</Typography></Td>
                    <Td><Typography>{r.courses.map((c) => c.title).join(', ') || '—'}</Typography></Td>
                    <Td>
                      {canManage ? (
                        <Flex gap={2}>
                          <Button size="S" variant="secondary" onClick={() => setEditing({ kind: 'registration', item: r })}>Edit</Button>
                          <Button size="S" variant="danger-light" loading={busy === `reg-${r.id}`} onClick={() => void act(`reg-${r.id}`, async () => (await del(`/lms-lti/registrations/${r.id}`), `Removed ${r.name}.`))}>
                            Remove
                          </Button>
                        </Flex>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Section>

        <Section
          title="Consumers (LTI 1.1)"
          action={canManage ? <Button startIcon={<Plus />} onClick={() => setEditing({ kind: 'consumer', item: null })}>Add a consumer</Button> : undefined}
        >
          {consumers.length === 0 ? (
            <EmptyStateLayout content="No LTI 1.1 consumer yet." />
          ) : (
            <Table colCount={4} rowCount={consumers.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Name</Typography></Th>
                  <Th><Typography variant="sigma">Consumer key</Typography></Th>
                  <Th><Typography variant="sigma">Courses</Typography></Th>
                  <Th><Typography variant="sigma">Actions</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {consumers.map((c) => (
                  <Tr key={c.id}>
                    <Td><Typography fontWeight="bold">{c.name}</Typography></Td>
                    <Td><Typography>{c.consumerKey}</Typography></Td>
                    <Td><Typography>{c.courses.map((x) => x.title).join(', ') || '—'}</Typography></Td>
                    <Td>
                      {canManage ? (
                        <Flex gap={2}>
                          <Button size="S" variant="secondary" onClick={() => setEditing({ kind: 'consumer', item: c })}>Edit</Button>
                          <Button size="S" variant="danger-light" loading={busy === `con-${c.id}`} onClick={() => void act(`con-${c.id}`, async () => (await del(`/lms-lti/consumers/${c.id}`), `Removed ${c.name}.`))}>
                            Remove
                          </Button>
                        </Flex>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Section>

        <Section
          title="Grade passback"
          subtitle="Scores sent to platforms when a quiz is graded or a course completed. Failed ones used up their attempts: fix the cause (often the platform's grade service settings), then retry."
          action={
            <SingleSelect aria-label="Status" value={passbackFilter} onChange={(v: string | number) => setPassbackFilter(String(v))}>
              <SingleSelectOption value="failed">Failed</SingleSelectOption>
              <SingleSelectOption value="retrying">Retrying</SingleSelectOption>
              <SingleSelectOption value="skipped">Skipped</SingleSelectOption>
              <SingleSelectOption value="sent">Sent</SingleSelectOption>
              <SingleSelectOption value="">All</SingleSelectOption>
            </SingleSelect>
          }
        >
          {passbacks.length === 0 ? (
            <EmptyStateLayout content={passbackFilter === 'failed' ? 'No failed grade passback.' : 'Nothing here.'} />
          ) : (
            <Table colCount={6} rowCount={passbacks.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Grade</Typography></Th>
                  <Th><Typography variant="sigma">Platform</Typography></Th>
                  <Th><Typography variant="sigma">Status</Typography></Th>
                  <Th><Typography variant="sigma">Error</Typography></Th>
                  <Th><Typography variant="sigma">Attempts</Typography></Th>
                  <Th><Typography variant="sigma">Action</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {passbacks.map((p) => (
                  <Tr key={p.id}>
                    <Td>
                      <Typography fontWeight="bold">{p.label}</Typography>
                      <Box><Typography variant="pi" textColor="neutral600">user {p.userId} · {p.scoreGiven} / {p.scoreMaximum} · {new Date(p.gradedAt).toLocaleString()}</Typography></Box>
                    </Td>
                    <Td><Typography>{p.platform ?? '—'} ({p.kind === 'ags' ? 'AGS' : 'LTI 1.1'})</Typography></Td>
                    <Td><Badge>{p.status}</Badge></Td>
                    <Td style={{ maxWidth: '28rem', whiteSpace: 'normal' }}><Typography textColor={p.status === 'failed' ? 'danger600' : 'neutral800'}>{p.lastError ?? ''}</Typography></Td>
                    <Td><Typography>{p.attempts}</Typography></Td>
                    <Td>
                      {canManage && (p.status === 'failed' || p.status === 'skipped') ? (
                        <Button size="S" variant="secondary" loading={busy === `pb-${p.id}`} onClick={() => void act(`pb-${p.id}`, async () => (await post(`/lms-lti/passbacks/${p.id}/retry`), 'Sending again.'))}>
                          Retry
                        </Button>
                      ) : null}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Section>

        <Section title="Platform links" subtitle="Places in platforms that launched your content. Fetch the roster to enroll a class before its first launch (Names and Role Provisioning).">
          {links.length === 0 ? (
            <EmptyStateLayout content="No platform has launched your content yet." />
          ) : (
            <Table colCount={5} rowCount={links.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Link</Typography></Th>
                  <Th><Typography variant="sigma">Platform / context</Typography></Th>
                  <Th><Typography variant="sigma">Opens</Typography></Th>
                  <Th><Typography variant="sigma">Launched by</Typography></Th>
                  <Th><Typography variant="sigma">Roster</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {links.map((l) => (
                  <Tr key={l.id}>
                    <Td><Typography>{l.title ?? l.resourceLinkId}</Typography></Td>
                    <Td><Typography>{l.platform}</Typography><Box><Typography variant="pi" textColor="neutral600">{l.contextTitle ?? l.contextId ?? ''}</Typography></Box></Td>
                    <Td><Typography variant="pi">{l.quizId ? `quiz ${l.quizId}` : l.lessonId ? `lesson ${l.lessonId}` : `course ${l.courseId}`}</Typography></Td>
                    <Td><Typography>{l.members}</Typography></Td>
                    <Td>
                      {canManage && l.hasRoster ? (
                        <Button
                          size="S"
                          variant="secondary"
                          loading={busy === `roster-${l.id}`}
                          onClick={() =>
                            void act(`roster-${l.id}`, async () => {
                              const { data } = await post<RosterSyncResult>(`/lms-lti/links/${l.id}/roster`);
                              return `${data.members} members read; ${data.enrolled} learners enrolled (${data.provisioned} new), ${data.skipped.length} skipped.`;
                            })
                          }
                        >
                          Fetch roster
                        </Button>
                      ) : (
                        <Typography variant="pi" textColor="neutral600">{l.hasRoster ? '' : 'not offered'}</Typography>
                      )}
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Section>
      </Layouts.Content>
      {editing?.kind === 'registration' ? (
        <RegistrationModal initial={editing.item} courses={courses} onClose={() => setEditing(null)} onSave={saveRegistration} />
      ) : null}
      {editing?.kind === 'consumer' ? <ConsumerModal initial={editing.item} courses={courses} onClose={() => setEditing(null)} onSave={saveConsumer} /> : null}
    </Page.Main>
  );
};

const ProtectedLtiPage = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <LtiPage />
  </Page.Protect>
);

export default ProtectedLtiPage;

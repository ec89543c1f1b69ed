import * as React from 'react';
import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  IconButton,
  NumberInput,
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
import { ArrowClockwise, Plus, Trash } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { RebuildResponse, SettingsResponse, SettingsView } from '../../../server/src/contracts';
import { PERMISSIONS } from '../permissions';

const BASE = '/lms-gamification';
const COURSE_RULES = ['lesson-completed', 'quiz-passed', 'quiz-perfect', 'assignment-passed', 'course-completed'] as const;
const CRITERIA = ['first-lesson', 'courses-completed', 'perfect-quiz', 'streak', 'points', 'course-completed'] as const;

interface CourseRuleForm {
  enabled: boolean;
  points: number;
  courseIds: string[] | null;
}
interface RulesForm {
  courseRules: Record<(typeof COURSE_RULES)[number], CourseRuleForm>;
  dailyVisit: { enabled: boolean; points: number };
  streak: { enabled: boolean; milestones: Array<{ days: number; points: number }> };
}
interface BadgeForm {
  id: string;
  name: string;
  description: string;
  criterion: { kind: (typeof CRITERIA)[number]; count?: number; days?: number; threshold?: number; courseId?: string | null };
  image: { id: number; url: string } | null;
}

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

function rulesForm(rules: Record<string, unknown>): RulesForm {
  const r = rules as Record<string, { enabled: boolean; points: number; courseIds?: string[] | null; milestones?: Array<{ days: number; points: number }> }>;
  return {
    courseRules: Object.fromEntries(COURSE_RULES.map((id) => [id, { enabled: r[id]?.enabled ?? false, points: r[id]?.points ?? 1, courseIds: r[id]?.courseIds ?? null }])) as RulesForm['courseRules'],
    dailyVisit: { enabled: r['daily-visit']?.enabled ?? false, points: r['daily-visit']?.points ?? 1 },
    streak: { enabled: r['streak-milestone']?.enabled ?? false, milestones: r['streak-milestone']?.milestones ?? [] },
  };
}

function rulesBody(form: RulesForm): Record<string, unknown> {
  return {
    ...Object.fromEntries(Object.entries(form.courseRules).map(([id, rule]) => [id, rule])),
    'daily-visit': form.dailyVisit,
    'streak-milestone': form.streak,
  };
}

/** "a, b" → ['a', 'b']; empty → null (every course). */
const parseCourses = (text: string): string[] | null => {
  const ids = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return ids.length ? ids : null;
};

const SettingsPage = () => {
  const { get, put, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [meta, setMeta] = React.useState<SettingsResponse['meta'] | null>(null);
  const [rules, setRules] = React.useState<RulesForm | null>(null);
  const [badges, setBadges] = React.useState<BadgeForm[]>([]);
  const [levels, setLevels] = React.useState<SettingsView['levels']>([]);
  const [error, setError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const [rebuilding, setRebuilding] = React.useState(false);

  const load = React.useCallback((data: SettingsResponse) => {
    setMeta(data.meta);
    setRules(rulesForm(data.data.rules));
    setBadges(data.data.badges as BadgeForm[]);
    setLevels(data.data.levels);
  }, []);

  React.useEffect(() => {
    get<SettingsResponse>(`${BASE}/settings`)
      .then((res) => load(res.data))
      .catch((e: unknown) => setError(errorMessage(e)));
  }, [get, load]);

  const save = async () => {
    if (!rules) return;
    setSaving(true);
    setError(null);
    try {
      const res = await put<SettingsResponse>(`${BASE}/settings`, {
        rules: rulesBody(rules),
        badges: badges.map((b) => ({ ...b, image: b.image ? b.image.id : null })),
        levels,
      });
      load(res.data);
      toggleNotification({ type: 'success', message: 'Point rules, badges and levels saved' });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  const rebuild = async () => {
    setRebuilding(true);
    try {
      const res = await post<RebuildResponse>(`${BASE}/leaderboards/rebuild`, {});
      const d = res.data.data;
      toggleNotification({ type: 'success', message: `Leaderboards rebuilt: ${d.boards} boards from ${d.pointEvents} point events in ${d.tookMs} ms` });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setRebuilding(false);
    }
  };

  /** Uploads a picture to the media library and puts it on the badge. */
  const uploadImage = async (index: number, file: File) => {
    const form = new FormData();
    form.append('files', file);
    try {
      const res = await post<Array<{ id: number; url: string }>>('/upload', form);
      const uploaded = res.data[0];
      if (uploaded) setBadges((list) => list.map((b, i) => (i === index ? { ...b, image: { id: uploaded.id, url: uploaded.url } } : b)));
    } catch (e) {
      toggleNotification({ type: 'danger', message: `image upload failed: ${errorMessage(e)}` });
    }
  };

  if (!rules || !meta) return error ? <Page.Error /> : <Page.Loading />;

  const setCourseRule = (id: (typeof COURSE_RULES)[number], patch: Partial<CourseRuleForm>) =>
    setRules({ ...rules, courseRules: { ...rules.courseRules, [id]: { ...rules.courseRules[id], ...patch } } });
  const setBadge = (index: number, patch: Partial<BadgeForm>) => setBadges((list) => list.map((b, i) => (i === index ? { ...b, ...patch } : b)));

  return (
    <Page.Main>
      <Page.Title>Gamification</Page.Title>
      <Layouts.Header
        title="Gamification"
        subtitle={`Points, badges and levels. Leaderboards: ${meta.leaderboardStore === 'redis' ? 'Redis' : 'computed from the database (no Redis)'}; weeks and months in ${meta.platformTimeZone}.`}
        primaryAction={
          <Button onClick={save} loading={saving}>
            Save
          </Button>
        }
        secondaryAction={
          <Button variant="secondary" startIcon={<ArrowClockwise />} onClick={rebuild} loading={rebuilding}>
            Rebuild leaderboards
          </Button>
        }
      />
      <Layouts.Content>
        {error ? (
          <Box padding={4} marginBottom={4} background="danger100" hasRadius>
            <Typography textColor="danger700" role="alert">
              {error}
            </Typography>
          </Box>
        ) : null}

        <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius marginBottom={6}>
          <Typography variant="delta" tag="h2">
            Point rules
          </Typography>
          <Table colCount={4} rowCount={COURSE_RULES.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">Rule</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">On</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Points</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">Only in courses (documentIds, comma-separated; empty = all)</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {COURSE_RULES.map((id) => (
                <Tr key={id}>
                  <Td>
                    <Typography fontWeight="bold">{id}</Typography>
                    <Typography variant="pi" textColor="neutral600" tag="p">
                      {meta.ruleDescriptions[id]}
                    </Typography>
                  </Td>
                  <Td>
                    <Checkbox aria-label={`${id} on`} checked={rules.courseRules[id].enabled} onCheckedChange={(v) => setCourseRule(id, { enabled: v === true })} />
                  </Td>
                  <Td>
                    <NumberInput aria-label={`${id} points`} name={`${id}-points`} value={rules.courseRules[id].points} onValueChange={(v) => setCourseRule(id, { points: v ?? 0 })} />
                  </Td>
                  <Td>
                    <TextInput
                      aria-label={`${id} courses`}
                      name={`${id}-courses`}
                      value={(rules.courseRules[id].courseIds ?? []).join(', ')}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) => setCourseRule(id, { courseIds: parseCourses(e.target.value) })}
                    />
                  </Td>
                </Tr>
              ))}
              <Tr>
                <Td>
                  <Typography fontWeight="bold">daily-visit</Typography>
                  <Typography variant="pi" textColor="neutral600" tag="p">
                    {meta.ruleDescriptions['daily-visit']}
                  </Typography>
                </Td>
                <Td>
                  <Checkbox aria-label="daily-visit on" checked={rules.dailyVisit.enabled} onCheckedChange={(v) => setRules({ ...rules, dailyVisit: { ...rules.dailyVisit, enabled: v === true } })} />
                </Td>
                <Td>
                  <NumberInput aria-label="daily-visit points" name="daily-visit-points" value={rules.dailyVisit.points} onValueChange={(v) => setRules({ ...rules, dailyVisit: { ...rules.dailyVisit, points: v ?? 0 } })} />
                </Td>
                <Td>
                  <Typography textColor="neutral500">every learner (not about a course)</Typography>
                </Td>
              </Tr>
            </Tbody>
          </Table>
          <Box paddingTop={4}>
            <Flex gap={4} alignItems="center">
              <Checkbox
                aria-label="streak milestones on"
                checked={rules.streak.enabled}
                onCheckedChange={(v) => setRules({ ...rules, streak: { ...rules.streak, enabled: v === true } })}
              >
                Streak milestones
              </Checkbox>
              <Field.Root name="milestones" hint={meta.ruleDescriptions['streak-milestone']}>
                <Field.Label>Milestones (days:points, comma-separated)</Field.Label>
                <TextInput
                  value={rules.streak.milestones.map((m) => `${m.days}:${m.points}`).join(', ')}
                  onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                    setRules({
                      ...rules,
                      streak: {
                        ...rules.streak,
                        milestones: e.target.value
                          .split(',')
                          .map((s) => s.trim())
                          .filter(Boolean)
                          .map((s) => {
                            const [days, points] = s.split(':');
                            return { days: Number(days), points: Number(points) };
                          }),
                      },
                    })
                  }
                />
                <Field.Hint />
              </Field.Root>
            </Flex>
          </Box>
        </Box>

        <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius marginBottom={6}>
          <Flex justifyContent="space-between">
            <Typography variant="delta" tag="h2">
              Badges
            </Typography>
            <Button
              variant="tertiary"
              startIcon={<Plus />}
              onClick={() => setBadges([...badges, { id: `badge-${badges.length + 1}`, name: 'New badge', description: '', criterion: { kind: 'points', threshold: 100 }, image: null }])}
            >
              Add a badge
            </Button>
          </Flex>
          <Table colCount={6} rowCount={badges.length + 1}>
            <Thead>
              <Tr>
                {['Image', 'Id', 'Name and description', 'Criterion', 'Target', ''].map((h) => (
                  <Th key={h}>
                    <Typography variant="sigma">{h}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {badges.map((b, i) => {
                const c = b.criterion;
                const targetKey = c.kind === 'streak' ? 'days' : c.kind === 'points' ? 'threshold' : c.kind === 'courses-completed' || c.kind === 'perfect-quiz' ? 'count' : null;
                const courseScoped = c.kind === 'first-lesson' || c.kind === 'perfect-quiz' || c.kind === 'course-completed';
                return (
                  <Tr key={i}>
                    <Td>
                      <Flex direction="column" gap={1} alignItems="start">
                        {b.image ? <img src={b.image.url} alt={`${b.name} badge`} width={40} height={40} style={{ objectFit: 'contain' }} /> : <Typography textColor="neutral500">none</Typography>}
                        <input
                          type="file"
                          accept="image/*"
                          aria-label={`image of ${b.name}`}
                          onChange={(e) => {
                            const file = e.target.files?.[0];
                            if (file) void uploadImage(i, file);
                          }}
                        />
                        {b.image ? (
                          <Button variant="tertiary" size="S" onClick={() => setBadge(i, { image: null })}>
                            Remove image
                          </Button>
                        ) : null}
                      </Flex>
                    </Td>
                    <Td>
                      <TextInput aria-label={`badge ${i + 1} id`} value={b.id} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setBadge(i, { id: e.target.value })} />
                    </Td>
                    <Td>
                      <TextInput aria-label={`badge ${i + 1} name`} value={b.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setBadge(i, { name: e.target.value })} />
                      <TextInput aria-label={`badge ${i + 1} description`} value={b.description} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setBadge(i, { description: e.target.value })} />
                    </Td>
                    <Td>
                      <SingleSelect
                        aria-label={`badge ${i + 1} criterion`}
                        value={c.kind}
                        onChange={(kind: string | number) => setBadge(i, { criterion: { kind: kind as BadgeForm['criterion']['kind'], count: 1, days: 7, threshold: 100, courseId: null } })}
                      >
                        {CRITERIA.map((k) => (
                          <SingleSelectOption key={k} value={k}>
                            {k}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                      {courseScoped ? (
                        <TextInput
                          aria-label={`badge ${i + 1} course`}
                          placeholder={c.kind === 'course-completed' ? 'course documentId' : 'course documentId (empty: any course)'}
                          value={c.courseId ?? ''}
                          onChange={(e: React.ChangeEvent<HTMLInputElement>) => setBadge(i, { criterion: { ...c, courseId: e.target.value.trim() || null } })}
                        />
                      ) : null}
                    </Td>
                    <Td>
                      {targetKey ? (
                        <NumberInput aria-label={`badge ${i + 1} ${targetKey}`} name={`badge-${i}-${targetKey}`} value={c[targetKey]} onValueChange={(v) => setBadge(i, { criterion: { ...c, [targetKey]: v ?? 0 } })} />
                      ) : (
                        <Typography textColor="neutral500">—</Typography>
                      )}
                    </Td>
                    <Td>
                      <IconButton label={`Remove ${b.name}`} onClick={() => setBadges(badges.filter((_, j) => j !== i))}>
                        <Trash />
                      </IconButton>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        </Box>

        <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
          <Flex justifyContent="space-between">
            <Typography variant="delta" tag="h2">
              Levels
            </Typography>
            <Button
              variant="tertiary"
              startIcon={<Plus />}
              onClick={() => setLevels([...levels, { name: `Level ${levels.length + 1}`, minPoints: (levels.at(-1)?.minPoints ?? 0) + 1000 }])}
            >
              Add a level
            </Button>
          </Flex>
          <Table colCount={3} rowCount={levels.length + 1}>
            <Thead>
              <Tr>
                {['Name', 'From points', ''].map((h) => (
                  <Th key={h}>
                    <Typography variant="sigma">{h}</Typography>
                  </Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>
              {levels.map((l, i) => (
                <Tr key={i}>
                  <Td>
                    <TextInput aria-label={`level ${i + 1} name`} value={l.name} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setLevels(levels.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))} />
                  </Td>
                  <Td>
                    <NumberInput aria-label={`level ${i + 1} points`} name={`level-${i}`} value={l.minPoints} onValueChange={(v) => setLevels(levels.map((x, j) => (j === i ? { ...x, minPoints: v ?? 0 } : x)))} />
                  </Td>
                  <Td>
                    <IconButton label={`Remove ${l.name}`} onClick={() => setLevels(levels.filter((_, j) => j !== i))}>
                      <Trash />
                    </IconButton>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedSettingsPage = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <SettingsPage />
  </Page.Protect>
);

export default ProtectedSettingsPage;

import * as React from 'react';
import { Badge, Box, Button, Field, Flex, Grid, SingleSelect, SingleSelectOption, Table, Tbody, Td, Textarea, TextInput, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import type { RuleChangeResponse, RuleChangeView, RulesResponse } from '../../../server/src/contracts';
import { Section } from '../components/EarningsPanel';
import { RevenueNav } from '../components/Nav';
import { errorMessage, formatBasisPoints, formatDate, percentToBasisPoints } from '../format';
import { PERMISSIONS } from '../permissions';

const KINDS = [
  ['default-share', 'Platform default instructor share'],
  ['instructor-share', 'Instructor override'],
  ['course-share', 'Course override'],
  ['course-weights', 'Co-instructor weights'],
  ['vat', 'VAT for a currency'],
  ['fee-treatment', 'Processing fee treatment'],
  ['fee-formula', 'Fee formula for a currency'],
  ['holding-days', 'Holding period'],
] as const;
type Kind = (typeof KINDS)[number][0];

/** One change in words, for the history table. */
function describeChange(r: RuleChangeView): string {
  const c = r.change as Record<string, unknown>;
  const share = (v: unknown) => (v === null ? 'removed' : formatBasisPoints(Number(v)));
  switch (r.kind) {
    case 'default-share':
      return `instructors get ${share(c.instructorShare)}`;
    case 'instructor-share':
      return `instructor ${String(c.instructorId)}: ${share(c.instructorShare)}`;
    case 'course-share':
      return `course ${String(c.courseId)}: ${share(c.instructorShare)}`;
    case 'course-weights':
      return c.weights === null ? `course ${String(c.courseId)}: weights removed` : `course ${String(c.courseId)}: ${(c.weights as Array<{ instructorId: string; weight: number }>).map((w) => `${w.instructorId} ${formatBasisPoints(w.weight)}`).join(', ')}`;
    case 'vat': {
      const v = c.vat as { rate: number; prices: string } | null;
      return `${String(c.currency)}: ${v ? `${formatBasisPoints(v.rate)}, prices ${v.prices}` : 'no VAT'}`;
    }
    case 'fee-treatment':
      return String(c.treatment);
    case 'fee-formula': {
      const f = c.formula as { rate: number; fixed: number } | null;
      return `${String(c.currency)}: ${f ? `${formatBasisPoints(f.rate)} + ${f.fixed} minor units` : 'removed'}`;
    }
    case 'holding-days':
      return `${String(c.days)} days`;
    default:
      return JSON.stringify(c);
  }
}

interface Form {
  kind: Kind;
  share: string;
  instructorId: string;
  courseId: string;
  weights: string;
  currency: string;
  rate: string;
  prices: 'inclusive' | 'exclusive';
  fixed: string;
  treatment: 'deducted-before-split' | 'absorbed-by-platform';
  days: string;
  effectiveFrom: string;
  note: string;
}

const EMPTY: Form = { kind: 'default-share', share: '', instructorId: '', courseId: '', weights: '', currency: '', rate: '', prices: 'inclusive', fixed: '0', treatment: 'deducted-before-split', days: '30', effectiveFrom: '', note: '' };

/**
 * The body the server validates (it answers 400 naming the field). Percentages become basis
 * points exactly; a blank share or rate means "remove the override". Text the form cannot read is
 * sent as is, so the server's message names it.
 */
function bodyOf(f: Form): Record<string, unknown> {
  const bp = (text: string) => (text.trim() === '' ? null : (percentToBasisPoints(text) ?? text));
  const body: Record<string, unknown> = { kind: f.kind, note: f.note.trim() || undefined };
  if (f.effectiveFrom) body.effectiveFrom = new Date(f.effectiveFrom).toISOString();
  switch (f.kind) {
    case 'default-share':
      return { ...body, instructorShare: bp(f.share) };
    case 'instructor-share':
      return { ...body, instructorId: f.instructorId.trim(), instructorShare: bp(f.share) };
    case 'course-share':
      return { ...body, courseId: f.courseId.trim(), instructorShare: bp(f.share) };
    case 'course-weights': {
      const lines = f.weights.split('\n').map((l) => l.trim()).filter(Boolean);
      const weights = lines.map((l) => {
        const [instructorId = '', weight = ''] = l.split(/[:=\s]+/);
        return { instructorId, weight: percentToBasisPoints(weight) ?? weight };
      });
      return { ...body, courseId: f.courseId.trim(), weights: lines.length ? weights : null };
    }
    case 'vat':
      return { ...body, currency: f.currency.trim().toUpperCase(), vat: f.rate.trim() === '' ? null : { rate: bp(f.rate), prices: f.prices } };
    case 'fee-treatment':
      return { ...body, treatment: f.treatment };
    case 'fee-formula':
      return { ...body, currency: f.currency.trim().toUpperCase(), formula: f.rate.trim() === '' ? null : { rate: bp(f.rate), fixed: Number(f.fixed) } };
    case 'holding-days':
      return { ...body, days: Number(f.days) };
  }
}

const Text = ({ name, label, hint, value, onChange }: { name: string; label: string; hint?: string; value: string; onChange: (v: string) => void }) => (
  <Field.Root name={name} hint={hint}>
    <Field.Label>{label}</Field.Label>
    <TextInput value={value} onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)} />
    {hint ? <Field.Hint /> : null}
  </Field.Root>
);

/** Record one rule change (append-only; effective now or later). */
const RecordForm = ({ onRecorded }: { onRecorded: (r: RuleChangeView) => void }) => {
  const { post } = useFetchClient();
  const [f, setF] = React.useState<Form>(EMPTY);
  const [error, setError] = React.useState<string | null>(null);
  const [saving, setSaving] = React.useState(false);
  const set = (patch: Partial<Form>) => setF((x) => ({ ...x, ...patch }));
  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const { data } = await post<RuleChangeResponse>('/lms-revenue/rules', bodyOf(f));
      onRecorded(data.data);
      setF({ ...EMPTY, kind: f.kind });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  const shareHint = 'Percent of what is shared (after VAT, and the fee when deducted first), e.g. 70 or 72.5. Blank removes the override.';
  return (
    <form onSubmit={(e) => void submit(e)}>
      <Grid.Root gap={4}>
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name="kind">
            <Field.Label>Rule</Field.Label>
            <SingleSelect value={f.kind} onChange={(v: string | number) => set({ kind: String(v) as Kind })}>
              {KINDS.map(([k, label]) => (
                <SingleSelectOption key={k} value={k}>
                  {label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Grid.Item>
        {f.kind === 'instructor-share' ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Text name="instructorId" label="Instructor id" hint="The instructor's documentId" value={f.instructorId} onChange={(v) => set({ instructorId: v })} />
          </Grid.Item>
        ) : null}
        {f.kind === 'course-share' || f.kind === 'course-weights' ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Text name="courseId" label="Course id" hint="The course's documentId" value={f.courseId} onChange={(v) => set({ courseId: v })} />
          </Grid.Item>
        ) : null}
        {f.kind === 'default-share' || f.kind === 'instructor-share' || f.kind === 'course-share' ? (
          <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
            <Text name="share" label="Instructor share (%)" hint={shareHint} value={f.share} onChange={(v) => set({ share: v })} />
          </Grid.Item>
        ) : null}
        {f.kind === 'course-weights' ? (
          <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
            <Field.Root name="weights" hint="One instructor per line: <instructor id> <percent>. They must add up to exactly 100. Empty removes the weights (equal split).">
              <Field.Label>Weights</Field.Label>
              <Textarea value={f.weights} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => set({ weights: e.target.value })} />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
        ) : null}
        {f.kind === 'vat' || f.kind === 'fee-formula' ? (
          <>
            <Grid.Item col={2} s={12} direction="column" alignItems="stretch">
              <Text name="currency" label="Currency" value={f.currency} onChange={(v) => set({ currency: v })} />
            </Grid.Item>
            <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
              <Text name="rate" label="Rate (%)" hint="Blank removes it" value={f.rate} onChange={(v) => set({ rate: v })} />
            </Grid.Item>
          </>
        ) : null}
        {f.kind === 'vat' ? (
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Field.Root name="prices">
              <Field.Label>Prices</Field.Label>
              <SingleSelect value={f.prices} onChange={(v: string | number) => set({ prices: String(v) as Form['prices'] })}>
                <SingleSelectOption value="inclusive">include VAT</SingleSelectOption>
                <SingleSelectOption value="exclusive">exclude VAT</SingleSelectOption>
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
        ) : null}
        {f.kind === 'fee-formula' ? (
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Text name="fixed" label="Fixed part (minor units)" value={f.fixed} onChange={(v) => set({ fixed: v })} />
          </Grid.Item>
        ) : null}
        {f.kind === 'fee-treatment' ? (
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="treatment">
              <Field.Label>Processing fee</Field.Label>
              <SingleSelect value={f.treatment} onChange={(v: string | number) => set({ treatment: String(v) as Form['treatment'] })}>
                <SingleSelectOption value="deducted-before-split">deducted before the split</SingleSelectOption>
                <SingleSelectOption value="absorbed-by-platform">absorbed by the platform</SingleSelectOption>
              </SingleSelect>
            </Field.Root>
          </Grid.Item>
        ) : null}
        {f.kind === 'holding-days' ? (
          <Grid.Item col={3} s={12} direction="column" alignItems="stretch">
            <Text name="days" label="Days" hint="0 to 3650; applies to sales from when it takes effect" value={f.days} onChange={(v) => set({ days: v })} />
          </Grid.Item>
        ) : null}
        <Grid.Item col={4} s={12} direction="column" alignItems="stretch">
          <Field.Root name="effectiveFrom" hint="Blank: now. Changes cannot be back-dated.">
            <Field.Label>Effective from</Field.Label>
            <TextInput type="datetime-local" value={f.effectiveFrom} onChange={(e: React.ChangeEvent<HTMLInputElement>) => set({ effectiveFrom: e.target.value })} />
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
        <Grid.Item col={8} s={12} direction="column" alignItems="stretch">
          <Text name="note" label="Note" hint="Why (kept in the audit history)" value={f.note} onChange={(v) => set({ note: v })} />
        </Grid.Item>
      </Grid.Root>
      {error ? (
        <Box paddingTop={2}>
          <Typography textColor="danger600" role="alert">
            {error}
          </Typography>
        </Box>
      ) : null}
      <Box paddingTop={4}>
        <Button type="submit" loading={saving}>
          Record change
        </Button>
      </Box>
    </form>
  );
};

/** Rules in force now, the full history of changes (the audit log), and a form to record one. */
const RulesPage = () => {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ manage: PERMISSIONS.manage });
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: RulesResponse }>({ loading: true });
  const load = React.useCallback(async () => {
    try {
      const { data } = await get<RulesResponse>('/lms-revenue/rules');
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get]);
  React.useEffect(() => {
    void load();
  }, [load]);
  const inForce = state.data?.meta.inForce as
    | { defaultInstructorShare?: number; holdingDays?: number; feeTreatment?: string; vat?: Record<string, { rate: number; prices: string }>; instructorShares?: Record<string, number>; courseShares?: Record<string, number> }
    | undefined;
  return (
    <Page.Main>
      <Page.Title>Revenue rules</Page.Title>
      <Layouts.Header title="Revenue rules" subtitle="Effective-dated: a sale uses the rules in force at its time; a change never alters past sales." />
      <Layouts.Content>
        <RevenueNav />
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading || !state.data ? (
          <Page.Loading />
        ) : (
          <>
            <Section title="In force now">
              <Flex gap={2} wrap="wrap">
                <Badge>default share {formatBasisPoints(inForce?.defaultInstructorShare ?? 0)}</Badge>
                <Badge>holding {inForce?.holdingDays ?? '?'} days</Badge>
                <Badge>fee {inForce?.feeTreatment ?? '?'}</Badge>
                {Object.entries(inForce?.vat ?? {}).map(([c, v]) => (
                  <Badge key={c}>
                    VAT {c} {formatBasisPoints(v.rate)} {v.prices}
                  </Badge>
                ))}
                <Badge>{Object.keys(inForce?.instructorShares ?? {}).length} instructor override(s)</Badge>
                <Badge>{Object.keys(inForce?.courseShares ?? {}).length} course override(s)</Badge>
              </Flex>
            </Section>
            {allowedActions.canManage ? (
              <Section title="Record a change">
                <RecordForm
                  onRecorded={(r) => {
                    toggleNotification({ type: 'success', message: `Recorded change ${r.id}: ${describeChange(r)}` });
                    void load();
                  }}
                />
              </Section>
            ) : null}
            <Section title="History">
              <Table colCount={6} rowCount={state.data.data.length + 1}>
                <Thead>
                  <Tr>
                    <Th><Typography variant="sigma">#</Typography></Th>
                    <Th><Typography variant="sigma">Rule</Typography></Th>
                    <Th><Typography variant="sigma">Change</Typography></Th>
                    <Th><Typography variant="sigma">Effective from</Typography></Th>
                    <Th><Typography variant="sigma">Recorded</Typography></Th>
                    <Th><Typography variant="sigma">Note</Typography></Th>
                  </Tr>
                </Thead>
                <Tbody>
                  {state.data.data.map((r) => (
                    <Tr key={r.id}>
                      <Td><Typography>{r.id}</Typography></Td>
                      <Td><Typography>{r.kind}</Typography></Td>
                      <Td><Typography>{describeChange(r)}</Typography></Td>
                      <Td><Typography>{formatDate(r.effectiveFrom)}</Typography></Td>
                      <Td><Typography>{formatDate(r.recordedAt)}{r.recordedBy ? ` by admin ${r.recordedBy}` : ''}</Typography></Td>
                      <Td><Typography>{r.note ?? ''}</Typography></Td>
                    </Tr>
                  ))}
                </Tbody>
              </Table>
            </Section>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default RulesPage;

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
import { ArrowClockwise, Download, ExternalLink } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type {
  AdminCertificate,
  AdminCertificateListResponse,
  AdminCertificateResponse,
  CertificateStatus,
} from '../../../server/src/certificates/contracts';
import { PERMISSIONS } from '../permissions';

const PAGE_SIZE = 20;
const STATUSES: CertificateStatus[] = ['valid', 'revoked'];
const BASE = '/lms-grading/admin/certificates';

interface Search {
  q: string;
  status: CertificateStatus | '';
}

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

/** Query parameters of a search, without empty ones. */
function searchParams(search: Search): Record<string, string> {
  const params: Record<string, string> = {};
  if (search.q.trim()) params.q = search.q.trim();
  if (search.status) params.status = search.status;
  return params;
}

const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/** A modal that submits once and shows the server's message (which names the field) on failure. */
const ActionModal = ({
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

const describe = (c: AdminCertificate) => `${c.code} (${c.learner.name}, “${c.course.title}”)`;

/** Revoke with a reason (required, kept with the certificate and the admin's id). Final. */
const RevokeModal = ({ certificate, onClose, onDone }: { certificate: AdminCertificate; onClose: () => void; onDone: (c: AdminCertificate) => void }) => {
  const { post } = useFetchClient();
  const [reason, setReason] = React.useState('');
  return (
    <ActionModal
      title="Revoke certificate"
      submitLabel="Revoke"
      danger
      canSubmit={reason.trim().length >= 3}
      onClose={onClose}
      onSubmit={async () => {
        const { data } = await post<AdminCertificateResponse>(`${BASE}/${certificate.id}/revoke`, { reason });
        onDone(data.data);
      }}
    >
      <Typography>
        Certificate {describe(certificate)} will show as revoked to anyone who verifies it. This cannot be undone, and the learner can no longer
        download it.
      </Typography>
      <Field.Root name="reason" required hint="Kept with the certificate, with your admin id. Not shown on the public verification page.">
        <Field.Label>Reason</Field.Label>
        <Textarea value={reason} onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => setReason(e.target.value)} />
        <Field.Hint />
      </Field.Root>
    </ActionModal>
  );
};

/** Regenerate: same code and issue date, a new PDF from the course's current template and the learner's current name. */
const RegenerateModal = ({ certificate, onClose, onDone }: { certificate: AdminCertificate; onClose: () => void; onDone: (c: AdminCertificate) => void }) => {
  const { post } = useFetchClient();
  return (
    <ActionModal
      title="Regenerate certificate"
      submitLabel="Regenerate"
      canSubmit
      onClose={onClose}
      onSubmit={async () => {
        const { data } = await post<AdminCertificateResponse>(`${BASE}/${certificate.id}/regenerate`, {});
        onDone(data.data);
      }}
    >
      <Typography>
        A new PDF replaces the file of {describe(certificate)}: same verification code and issue date, made with the course’s current
        certificate template, title and the learner’s current name. Its checksum changes; download links handed out before stop working.
      </Typography>
    </ActionModal>
  );
};

/** Certificates: search, download, regenerate, revoke. */
const CertificatesPage = () => {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = React.useState<Search>({ q: '', status: '' });
  const [search, setSearch] = React.useState<Search>(draft);
  const [page, setPage] = React.useState(1);
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: AdminCertificateListResponse }>({ loading: true });
  const [revoking, setRevoking] = React.useState<AdminCertificate | null>(null);
  const [regenerating, setRegenerating] = React.useState<AdminCertificate | null>(null);
  const [downloading, setDownloading] = React.useState<number | null>(null);

  const load = React.useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const { data } = await get<AdminCertificateListResponse>(BASE, { params: { ...searchParams(search), page, pageSize: PAGE_SIZE } });
      setState({ loading: false, data });
    } catch (error) {
      setState({ loading: false, error: errorMessage(error) });
    }
  }, [get, search, page]);

  React.useEffect(() => {
    void load();
  }, [load]);

  const download = async (c: AdminCertificate) => {
    setDownloading(c.id);
    try {
      const { data } = await get<Blob>(`${BASE}/${c.id}/file`, { responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = `certificate-${c.code}.pdf`;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setDownloading(null);
    }
  };

  const rows = state.data?.data ?? [];
  const pagination = state.data?.meta.pagination;

  return (
    <Page.Main>
      <Page.Title>Certificates</Page.Title>
      <Layouts.Header title="Certificates" subtitle="Issued when a learner completes a course. Anyone can verify one by its code; revocations keep your reason." />
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
              <Box flex="1">
                <Field.Root name="q" hint="Learner email or name, course title, or verification code.">
                  <Field.Label>Search</Field.Label>
                  <TextInput value={draft.q} onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, q: e.target.value })} />
                </Field.Root>
              </Box>
              <Field.Root name="status">
                <Field.Label>Status</Field.Label>
                <SingleSelect value={draft.status} onChange={(v: string | number) => setDraft({ ...draft, status: String(v) as Search['status'] })}>
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
          <EmptyStateLayout content={search.q || search.status ? 'No certificates match this search.' : 'No certificate has been issued yet.'} />
        ) : (
          <>
            <Table colCount={6} rowCount={rows.length + 1}>
              <Thead>
                <Tr>
                  <Th><Typography variant="sigma">Code</Typography></Th>
                  <Th><Typography variant="sigma">Learner</Typography></Th>
                  <Th><Typography variant="sigma">Course</Typography></Th>
                  <Th><Typography variant="sigma">Issued</Typography></Th>
                  <Th><Typography variant="sigma">Status</Typography></Th>
                  <Th><Typography variant="sigma">Actions</Typography></Th>
                </Tr>
              </Thead>
              <Tbody>
                {rows.map((c) => (
                  <Tr key={c.id}>
                    <Td>
                      <Typography fontWeight="bold" tag="a" href={c.verificationUrl} target="_blank" rel="noreferrer">
                        {c.code}
                      </Typography>
                      <Box>
                        <Typography variant="pi" textColor="neutral600" title={`SHA-256 ${c.sha256}`}>
                          sha256 {c.sha256.slice(0, 12)}…
                        </Typography>
                      </Box>
                    </Td>
                    <Td>
                      <Typography fontWeight="bold">{c.learner.name}</Typography>
                      <Box>
                        <Typography variant="pi" textColor="neutral600">{c.learner.email ?? `user ${c.learner.id}`}</Typography>
                      </Box>
                    </Td>
                    <Td>
                      <Typography>{c.course.title}</Typography>
                      {c.templateDocumentId === null ? (
                        <Box>
                          <Typography variant="pi" textColor="neutral600">default template</Typography>
                        </Box>
                      ) : null}
                    </Td>
                    <Td>
                      <Typography>{formatDate(c.issuedAt)}</Typography>
                      {c.regeneratedAt ? (
                        <Box>
                          <Typography variant="pi" textColor="neutral600">regenerated {formatDate(c.regeneratedAt)}</Typography>
                        </Box>
                      ) : null}
                    </Td>
                    <Td>
                      <Badge backgroundColor={c.status === 'valid' ? 'success100' : 'danger100'} textColor={c.status === 'valid' ? 'success700' : 'danger700'}>
                        {c.status}
                      </Badge>
                      {c.status === 'revoked' ? (
                        <Box>
                          <Typography variant="pi" textColor="neutral600">
                            {formatDate(c.revokedAt)} by {c.revokedBy ?? '?'}: {c.revokedReason}
                          </Typography>
                        </Box>
                      ) : null}
                    </Td>
                    <Td>
                      <Flex gap={1} wrap="wrap">
                        <Button size="S" variant="tertiary" startIcon={<Download />} loading={downloading === c.id} onClick={() => void download(c)}>
                          PDF
                        </Button>
                        <Button size="S" variant="tertiary" startIcon={<ExternalLink />} tag="a" href={c.verificationUrl} target="_blank" rel="noreferrer">
                          Verify
                        </Button>
                        {c.status === 'valid' ? (
                          <>
                            <Button size="S" variant="secondary" startIcon={<ArrowClockwise />} onClick={() => setRegenerating(c)}>
                              Regenerate
                            </Button>
                            <Button size="S" variant="danger-light" onClick={() => setRevoking(c)}>
                              Revoke
                            </Button>
                          </>
                        ) : null}
                      </Flex>
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
            {pagination && pagination.pageCount > 1 ? (
              <Flex justifyContent="space-between" paddingTop={4}>
                <Typography variant="pi">
                  Page {pagination.page} of {pagination.pageCount} ({pagination.total} certificates)
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
      {revoking ? (
        <RevokeModal
          certificate={revoking}
          onClose={() => setRevoking(null)}
          onDone={(c) => {
            setRevoking(null);
            toggleNotification({ type: 'success', message: `Certificate ${c.code} revoked.` });
            void load();
          }}
        />
      ) : null}
      {regenerating ? (
        <RegenerateModal
          certificate={regenerating}
          onClose={() => setRegenerating(null)}
          onDone={(c) => {
            setRegenerating(null);
            toggleNotification({ type: 'success', message: `Certificate ${c.code} regenerated (new checksum ${c.sha256.slice(0, 12)}…).` });
            void load();
          }}
        />
      ) : null}
    </Page.Main>
  );
};

const ProtectedCertificatesPage = () => (
  <Page.Protect permissions={PERMISSIONS.manageCertificates}>
    <CertificatesPage />
  </Page.Protect>
);

export default ProtectedCertificatesPage;

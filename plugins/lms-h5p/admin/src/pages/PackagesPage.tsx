import * as React from 'react';
import { Alert, Badge, Box, Button, EmptyStateLayout, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Upload } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import type { H5pBlockView, LessonsResponse, LessonWithH5pView, UploadPackageResponse } from '../../../server/src/contracts';
import { PERMISSIONS } from '../permissions';

function errorMessage(error: unknown): string {
  const e = error as { response?: { data?: { error?: { message?: string } } }; message?: string };
  return e.response?.data?.error?.message ?? e.message ?? 'the request failed';
}

const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString()} KiB`;

/** One H5P block: its package, and a file picker that uploads a .h5p into it. */
const BlockRow = ({ lesson, block, onUploaded }: { lesson: LessonWithH5pView; block: H5pBlockView; onUploaded: () => void }) => {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const input = React.useRef<HTMLInputElement>(null);
  const [busy, setBusy] = React.useState(false);
  const [error, setError] = React.useState<string | null>(null);

  async function upload(file: File) {
    setBusy(true);
    setError(null);
    const form = new FormData();
    form.append('file', file);
    form.append('lesson', lesson.documentId);
    form.append('block', String(block.id));
    try {
      const { data } = await post<UploadPackageResponse>('/lms-h5p/packages', form);
      toggleNotification({ type: 'success', message: `"${data.data.package.title}" is in "${lesson.title}" (draft). Publish the lesson to show it to learners.` });
      onUploaded();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
      if (input.current) input.current.value = '';
    }
  }

  const pkg = block.package;
  return (
    <Tr>
      <Td>
        <Typography fontWeight="bold">{lesson.title}</Typography>
        <Typography variant="pi" textColor="neutral600" tag="p">
          {lesson.courseTitle ?? 'no course'}
        </Typography>
      </Td>
      <Td>
        <Typography>{block.title ?? 'H5P activity'}</Typography> {block.graded ? <Badge>graded</Badge> : <Badge>not graded</Badge>}
      </Td>
      <Td>
        {pkg ? (
          <Box>
            <Typography fontWeight="semiBold">{pkg.title}</Typography>
            <Typography variant="pi" textColor="neutral600" tag="p">
              {pkg.mainLibrary} · {pkg.fileCount} files · {kib(pkg.uncompressedBytes)}
            </Typography>
          </Box>
        ) : block.packageFileId ? (
          <Typography textColor="danger600">{block.packageName ?? 'a media file'}: not uploaded here, so it cannot play. Upload the .h5p again.</Typography>
        ) : (
          <Typography textColor="neutral600">none yet</Typography>
        )}
        {error && (
          <Box paddingTop={2}>
            <Alert variant="danger" title="Package refused" closeLabel="Close" onClose={() => setError(null)}>
              {error}
            </Alert>
          </Box>
        )}
      </Td>
      <Td>
        <input
          ref={input}
          type="file"
          accept=".h5p"
          aria-label={`H5P package for "${block.title ?? 'H5P activity'}" in "${lesson.title}"`}
          style={{ display: 'none' }}
          data-block={block.id}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            if (file) void upload(file);
          }}
        />
        <Button variant="secondary" startIcon={<Upload />} loading={busy} onClick={() => input.current?.click()}>
          {pkg ? 'Replace .h5p' : 'Upload .h5p'}
        </Button>
      </Td>
    </Tr>
  );
};

const PackagesPage = () => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading: boolean; error: string | null; data: LessonWithH5pView[] }>({ loading: true, error: null, data: [] });

  const load = React.useCallback(() => {
    get<LessonsResponse>('/lms-h5p/lessons')
      .then(({ data }) => setState({ loading: false, error: null, data: data.data }))
      .catch((e: unknown) => setState({ loading: false, error: errorMessage(e), data: [] }));
  }, [get]);
  React.useEffect(load, [load]);

  const rows = state.data.flatMap((lesson) => lesson.blocks.map((block) => ({ lesson, block })));
  return (
    <Page.Main>
      <Page.Title>H5P activities</Page.Title>
      <Layouts.Header
        title="H5P activities"
        subtitle="Upload a .h5p into a lesson's H5P block. Packages are checked (zip, size, paths, file types, libraries) before anything is stored; learners' scores go to the gradebook."
      />
      <Layouts.Content>
        {state.loading ? (
          <Page.Loading />
        ) : state.error ? (
          <Alert variant="danger" title="Could not load lessons" closeLabel="Close">
            {state.error}
          </Alert>
        ) : rows.length === 0 ? (
          <EmptyStateLayout content='No lesson of yours has an H5P block yet. Add an "H5P activity" block to a lesson in the Content Manager, save it, and come back here.' />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Table colCount={4} rowCount={rows.length + 1}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">Lesson (draft)</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Block</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Package</Typography>
                  </Th>
                  <Th>
                    <Typography variant="sigma">Upload</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {rows.map(({ lesson, block }) => (
                  <BlockRow key={`${lesson.documentId}-${block.id}`} lesson={lesson} block={block} onUploaded={load} />
                ))}
              </Tbody>
            </Table>
          </Flex>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

const ProtectedPackagesPage = () => (
  <Page.Protect permissions={PERMISSIONS.manage}>
    <PackagesPage />
  </Page.Protect>
);

export default ProtectedPackagesPage;

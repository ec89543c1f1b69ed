import * as React from 'react';
import { Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { errorMessage } from '../format';

/** A titled panel; `csv` adds a download button for that section's CSV export. */
export const Panel = ({ title, csv, children }: { title: string; csv?: { path: string; params?: Record<string, string>; file: string }; children: React.ReactNode }) => {
  const { get } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  const download = async () => {
    if (!csv) return;
    setBusy(true);
    try {
      const { data } = await get<Blob>(csv.path, { params: csv.params ?? {}, responseType: 'blob' });
      const url = URL.createObjectURL(data);
      const link = document.createElement('a');
      link.href = url;
      link.download = csv.file;
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toggleNotification({ type: 'danger', message: errorMessage(error) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box background="neutral0" hasRadius shadow="tableShadow" padding={5} marginBottom={5} aria-label={title} tag="section">
      <Flex justifyContent="space-between" alignItems="center" paddingBottom={3}>
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {csv ? (
          <Button variant="tertiary" size="S" startIcon={<Download />} loading={busy} onClick={() => void download()}>
            CSV
          </Button>
        ) : null}
      </Flex>
      {children}
    </Box>
  );
};

/** A plain data table: the numbers every chart shows, for reading and for screen readers. */
export const DataTable = ({ label, header, rows }: { label: string; header: string[]; rows: React.ReactNode[][] }) =>
  rows.length === 0 ? (
    <Typography textColor="neutral600">Nothing yet.</Typography>
  ) : (
    <Box paddingTop={3}>
      <Table colCount={header.length} rowCount={rows.length + 1} aria-label={label}>
        <Thead>
          <Tr>
            {header.map((h) => (
              <Th key={h}>
                <Typography variant="sigma">{h}</Typography>
              </Th>
            ))}
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((r, i) => (
            <Tr key={i}>
              {r.map((c, j) => (
                <Td key={j}>
                  <Typography>{c}</Typography>
                </Td>
              ))}
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Box>
  );

/** A big number with its label. */
export const Figure = ({ label, value, hint }: { label: string; value: React.ReactNode; hint?: string }) => (
  <Box background="neutral0" hasRadius shadow="tableShadow" padding={4} minWidth="160px" data-figure={label}>
    <Typography variant="sigma" textColor="neutral600" tag="p">
      {label}
    </Typography>
    <Typography variant="alpha" tag="p">
      {value}
    </Typography>
    {hint ? (
      <Typography variant="pi" textColor="neutral600">
        {hint}
      </Typography>
    ) : null}
  </Box>
);

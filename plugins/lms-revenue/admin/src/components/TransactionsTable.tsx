import * as React from 'react';
import { Badge, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useFetchClient } from '@strapi/strapi/admin';
import type { TransactionListResponse } from '../../../server/src/contracts';
import { errorMessage, formatDate } from '../format';
import { Money } from './Money';
import { AppLink, BASE } from './Nav';

const KIND_COLOR: Record<string, [string, string]> = {
  sale: ['success100', 'success700'],
  refund: ['danger100', 'danger700'],
  chargeback: ['danger100', 'danger700'],
};

/** Ledger transactions, newest first, with a link to each one's waterfall. */
export const TransactionsTable = ({ filter, pageSize = 20 }: { filter: Record<string, string>; pageSize?: number }) => {
  const { get } = useFetchClient();
  const [page, setPage] = React.useState(1);
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: TransactionListResponse }>({ loading: true });
  const key = JSON.stringify(filter);
  React.useEffect(() => {
    setState((s) => ({ ...s, loading: true }));
    get<TransactionListResponse>('/lms-revenue/transactions', { params: { ...JSON.parse(key), page, pageSize } })
      .then(({ data }) => setState({ loading: false, data }))
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get, key, page, pageSize]);
  if (state.error) return <Typography textColor="danger600">{state.error}</Typography>;
  const rows = state.data?.data ?? [];
  const p = state.data?.pagination;
  if (!state.loading && rows.length === 0) return <Typography textColor="neutral600">No transactions.</Typography>;
  const mine = Boolean(filter.instructor);
  return (
    <>
      <Table colCount={mine ? 6 : 5} rowCount={rows.length + 1}>
        <Thead>
          <Tr>
            <Th><Typography variant="sigma">When</Typography></Th>
            <Th><Typography variant="sigma">Transaction</Typography></Th>
            <Th><Typography variant="sigma">Course</Typography></Th>
            <Th><Typography variant="sigma">Learner paid / got back</Typography></Th>
            <Th><Typography variant="sigma">Instructors</Typography></Th>
            {mine ? <Th><Typography variant="sigma">This instructor</Typography></Th> : null}
          </Tr>
        </Thead>
        <Tbody>
          {rows.map((t) => {
            const [bg, fg] = KIND_COLOR[t.kind] ?? ['neutral150', 'neutral700'];
            return (
              <Tr key={t.id}>
                <Td><Typography>{formatDate(t.occurredAt)}</Typography></Td>
                <Td>
                  <Flex gap={2}>
                    <Badge backgroundColor={bg} textColor={fg}>{t.kind}</Badge>
                    <AppLink to={`${BASE}/transactions/${t.id}`}>{t.reference}</AppLink>
                  </Flex>
                </Td>
                <Td>{t.course ? <AppLink to={`${BASE}/courses/${t.course.id}`}>{t.course.title ?? t.course.id}</AppLink> : <Typography textColor="neutral500">—</Typography>}</Td>
                <Td><Money value={t.amount} /></Td>
                <Td><Money value={t.instructors} /></Td>
                {mine ? <Td><Money value={t.instructor} /></Td> : null}
              </Tr>
            );
          })}
        </Tbody>
      </Table>
      {p && p.pageCount > 1 ? (
        <Flex justifyContent="space-between" paddingTop={4}>
          <Typography variant="pi">
            Page {p.page} of {p.pageCount} ({p.total} transactions)
          </Typography>
          <Flex gap={2}>
            <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage((x) => x - 1)}>
              Previous
            </Button>
            <Button variant="tertiary" disabled={page >= p.pageCount} onClick={() => setPage((x) => x + 1)}>
              Next
            </Button>
          </Flex>
        </Flex>
      ) : null}
    </>
  );
};

import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useParams } from 'react-router-dom';
import type { EarningsResponse, EarningsView } from '../../../server/src/contracts';
import { EarningsPanel, Section } from '../components/EarningsPanel';
import { RevenueNav } from '../components/Nav';
import { TransactionsTable } from '../components/TransactionsTable';
import { errorMessage } from '../format';

/** Admin drill-down: one instructor's earnings, statements and transactions. */
const InstructorPage = () => {
  const { instructorId = '' } = useParams();
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: EarningsView }>({ loading: true });
  React.useEffect(() => {
    get<EarningsResponse>(`/lms-revenue/instructors/${encodeURIComponent(instructorId)}/earnings`)
      .then(({ data }) => setState({ loading: false, data: data.data }))
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get, instructorId]);
  const name = state.data?.instructor.name ?? instructorId;
  return (
    <Page.Main>
      <Page.Title>{`Revenue: ${name}`}</Page.Title>
      <Layouts.Header title={name} subtitle={`Instructor ${instructorId}: earnings, statements and ledger transactions`} />
      <Layouts.Content>
        <RevenueNav />
        {state.error ? (
          <Typography textColor="danger600">{state.error}</Typography>
        ) : state.loading || !state.data ? (
          <Page.Loading />
        ) : (
          <>
            <EarningsPanel data={state.data} statementBase={`/lms-revenue/statements/${encodeURIComponent(instructorId)}`} />
            <Section title="Transactions">
              <TransactionsTable filter={{ instructor: instructorId }} />
            </Section>
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default InstructorPage;

import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import type { EarningsResponse, EarningsView } from '../../../server/src/contracts';
import { EarningsPanel } from '../components/EarningsPanel';
import { errorMessage } from '../format';

/** The signed-in instructor's own earnings (GET /lms-revenue/me/earnings). */
const MyEarningsPage = () => {
  const { get } = useFetchClient();
  const [state, setState] = React.useState<{ loading: boolean; error?: string; data?: EarningsView }>({ loading: true });
  React.useEffect(() => {
    get<EarningsResponse>('/lms-revenue/me/earnings')
      .then(({ data }) => setState({ loading: false, data: data.data }))
      .catch((error: unknown) => setState({ loading: false, error: errorMessage(error) }));
  }, [get]);
  return (
    <Page.Main>
      <Page.Title>My earnings</Page.Title>
      <Layouts.Header title="My earnings" subtitle={state.data ? `${state.data.instructor.name ?? state.data.instructor.id} · from the ledger, as of ${new Date(state.data.at).toUTCString()}` : 'Your share of every sale, refunds, payouts and monthly statements.'} />
      <Layouts.Content>
        {state.error ? <Typography textColor="danger600">{state.error}</Typography> : state.loading || !state.data ? <Page.Loading /> : <EarningsPanel data={state.data} statementBase="/lms-revenue/me/statements" />}
      </Layouts.Content>
    </Page.Main>
  );
};

export default MyEarningsPage;

import * as React from 'react';
import { Box, Field, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { Layouts, Page } from '@strapi/strapi/admin';
import { Section } from '../components/EarningsPanel';
import { RevenueNav } from '../components/Nav';
import { TransactionsTable } from '../components/TransactionsTable';

const KINDS = ['sale', 'refund', 'chargeback', 'payout-requested', 'payout-paid', 'payout-released', 'payout-returned'];

/** Every ledger transaction, newest first, by kind. */
const TransactionsPage = () => {
  const [kind, setKind] = React.useState('');
  return (
    <Page.Main>
      <Page.Title>Revenue transactions</Page.Title>
      <Layouts.Header title="Ledger transactions" subtitle="Append-only: sales, refunds, lost disputes and payout steps. Open one for its fee waterfall and entries." />
      <Layouts.Content>
        <RevenueNav />
        <Box paddingBottom={4} width="240px">
          <Field.Root name="kind">
            <Field.Label>Kind</Field.Label>
            <SingleSelect value={kind} onChange={(v: string | number) => setKind(String(v))}>
              <SingleSelectOption value="">Any</SingleSelectOption>
              {KINDS.map((k) => (
                <SingleSelectOption key={k} value={k}>
                  {k}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        </Box>
        <Section title="Transactions">
          <TransactionsTable filter={kind ? { kind } : {}} pageSize={25} />
        </Section>
      </Layouts.Content>
    </Page.Main>
  );
};

export default TransactionsPage;

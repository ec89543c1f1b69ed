import * as React from 'react';
import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import type { OverviewMonth } from '../../../server/src/contracts';
import { Money } from '../components/Money';
import { monthLabel } from '../format';

/** Months of one currency: gross, what was given back, and where the rest went. */
export const MonthsTable = ({ months }: { months: OverviewMonth[] }) => (
  <Table colCount={10} rowCount={months.length + 1}>
    <Thead>
      <Tr>
        {['Month', 'Sales', 'Gross', 'Refunded', 'Disputes lost', 'VAT', 'Fees', 'Platform', 'Instructors', 'Payouts paid'].map((h) => (
          <Th key={h}>
            <Typography variant="sigma">{h}</Typography>
          </Th>
        ))}
      </Tr>
    </Thead>
    <Tbody>
      {[...months].reverse().map((m) => (
        <Tr key={`${m.currency}-${m.month}`}>
          <Td><Typography>{monthLabel(m.month)}</Typography></Td>
          <Td><Typography>{m.sales}{m.reversals ? ` (−${m.reversals})` : ''}</Typography></Td>
          <Td><Money value={m.gross} bold /></Td>
          <Td><Money value={m.refunded} /></Td>
          <Td><Money value={m.chargedBack} /></Td>
          <Td><Money value={m.vat} /></Td>
          <Td><Money value={m.fees} /></Td>
          <Td><Money value={{ ...m.platform, amount: m.platform.amount + m.rounding.amount }} /></Td>
          <Td><Money value={m.instructors} /></Td>
          <Td><Money value={m.payoutsPaid} /></Td>
        </Tr>
      ))}
    </Tbody>
  </Table>
);

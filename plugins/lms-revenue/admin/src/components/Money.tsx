import * as React from 'react';
import { Typography } from '@strapi/design-system';
import { formatMoney, type MoneyLike } from '../format';

/** An amount, red when negative, in tabular figures. */
export const Money = ({ value, bold = false }: { value: MoneyLike | null | undefined; bold?: boolean }) => (
  <Typography fontWeight={bold ? 'bold' : undefined} textColor={value && value.amount < 0 ? 'danger600' : 'neutral800'} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
    {formatMoney(value)}
  </Typography>
);

/** A labelled figure (balance tiles). */
export const Figure = ({ label, value, hint }: { label: string; value: MoneyLike | null | undefined; hint?: string }) => (
  <div style={{ minWidth: 170 }}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <div>
      <Typography variant="beta" textColor={value && value.amount < 0 ? 'danger600' : 'neutral800'} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {formatMoney(value)}
      </Typography>
    </div>
    {hint ? (
      <Typography variant="pi" textColor="neutral600">
        {hint}
      </Typography>
    ) : null}
  </div>
);

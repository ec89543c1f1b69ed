import * as React from 'react';
import { Flex, Link as DsLink } from '@strapi/design-system';
import { NavLink } from 'react-router-dom';
import { PLUGIN_ID } from '../pluginId';

export const BASE = `/plugins/${PLUGIN_ID}`;

/** A link inside the admin app (client-side navigation). */
export const AppLink = ({ to, children }: { to: string; children: React.ReactNode }) => (
  <DsLink tag={NavLink} to={to}>
    {children}
  </DsLink>
);

/** Links between the revenue pages, under the header. */
export const RevenueNav = () => (
  <Flex gap={4} paddingBottom={4}>
    <AppLink to={BASE}>Overview</AppLink>
    <AppLink to={`${BASE}/transactions`}>Transactions</AppLink>
    <AppLink to={`${BASE}/rules`}>Rules</AppLink>
  </Flex>
);

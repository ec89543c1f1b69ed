import * as React from 'react';
import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';
import { PERMISSIONS } from '../permissions';
import CoursePage from './CoursePage';
import InstructorPage from './InstructorPage';
import OverviewPage from './OverviewPage';
import RulesPage from './RulesPage';
import TransactionPage from './TransactionPage';
import TransactionsPage from './TransactionsPage';

/** The admin's revenue panel (revenue.read): overview, drill-downs, each transaction's waterfall, rules. */
const RevenueApp = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Routes>
      <Route index element={<OverviewPage />} />
      <Route path="instructors/:instructorId" element={<InstructorPage />} />
      <Route path="courses/:courseId" element={<CoursePage />} />
      <Route path="transactions" element={<TransactionsPage />} />
      <Route path="transactions/:id" element={<TransactionPage />} />
      <Route path="rules" element={<RulesPage />} />
    </Routes>
  </Page.Protect>
);

export default RevenueApp;

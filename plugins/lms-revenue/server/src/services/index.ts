import { createLedgerService } from './ledger';
import { createRulesService } from './rules';
import { createSalesService } from './sales';
import { createBalancesService } from './balances';
import { createReportsService } from './reports';

export const services = {
  ledger: createLedgerService,
  rules: createRulesService,
  sales: createSalesService,
  balances: createBalancesService,
  reports: createReportsService,
};

export type LmsRevenueServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { LedgerService, StoredTransaction } from './ledger';
export type { RulesService, StoredRuleChange } from './rules';
export type { SalesService } from './sales';
export type { BalancesService } from './balances';
export type { ReportsService, ReportFilter } from './reports';

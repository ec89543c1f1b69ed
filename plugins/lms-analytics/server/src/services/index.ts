import { createSummariesService } from './summaries';
import { createDashboardsService } from './dashboards';

export const services = {
  summaries: createSummariesService,
  dashboards: createDashboardsService,
};

export type LmsAnalyticsServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { SummariesService } from './summaries';
export type { DashboardsService, Scope } from './dashboards';

import { createEventsService } from './events';
import { createJobsService } from './jobs';
import { createMigrationsService } from './migrations';
import { createPrivacyService } from './privacy';

export const services = {
  events: createEventsService,
  jobs: createJobsService,
  migrations: createMigrationsService,
  privacy: createPrivacyService,
};

export type LmsCoreServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { EventsService } from './events';
export type { JobsService } from './jobs';
export type { MigrationsService } from './migrations';
export type { PrivacyService, PrivacyExport, ErasureRequest } from './privacy';

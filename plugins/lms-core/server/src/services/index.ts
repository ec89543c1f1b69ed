import { createEventsService } from './events';
import { createJobsService } from './jobs';
import { createMigrationsService } from './migrations';

export const services = {
  events: createEventsService,
  jobs: createJobsService,
  migrations: createMigrationsService,
};

export type LmsCoreServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { EventsService } from './events';
export type { JobsService } from './jobs';
export type { MigrationsService } from './migrations';

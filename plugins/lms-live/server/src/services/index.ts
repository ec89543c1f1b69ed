import { createSessionsService } from './sessions';

export const services = {
  sessions: createSessionsService,
};

export type LmsLiveServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { SessionsService, SessionRecord } from './sessions';

import { createInboxService } from './inbox';
import { createMailerService } from './mailer';
import { createNotifierService } from './notifier';
import { createPreferencesService } from './preferences';

export const services = {
  inbox: createInboxService,
  mailer: createMailerService,
  notifier: createNotifierService,
  preferences: createPreferencesService,
};

export type LmsNotificationsServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { InboxService, InAppNotification } from './inbox';
export type { MailerService } from './mailer';
export type { NotifierService } from './notifier';
export type { PreferencesService, Preferences } from './preferences';

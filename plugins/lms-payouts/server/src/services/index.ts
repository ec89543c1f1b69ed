import { createAccountsService } from './accounts';
import { createPayoutsService } from './payouts';
import { createWebhooksService } from './webhooks';

export const services = {
  accounts: createAccountsService,
  payouts: createPayoutsService,
  webhooks: createWebhooksService,
};

export type LmsPayoutsServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { AccountsService } from './accounts';
export type { PayoutsService, PayoutsConfig } from './payouts';
export type { WebhooksService } from './webhooks';

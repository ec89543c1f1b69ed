import { register } from './register';
import { bootstrap } from './bootstrap';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';
import type { PayoutsConfig } from './services';

const defaultConfig: PayoutsConfig = {
  // Smallest payout in minor units per currency (10.00 by default); override in cms/config/plugins.ts.
  minimums: { default: 1000 },
};

/** lms-payouts' Strapi entry: payout methods, requests, the approval queue, transfers, webhooks. */
export default {
  register,
  bootstrap,
  config: {
    default: defaultConfig,
    validator(config: unknown) {
      const minimums = (config as Partial<PayoutsConfig>).minimums ?? {};
      for (const [currency, amount] of Object.entries(minimums)) {
        if (!Number.isSafeInteger(amount) || amount < 0) throw new Error(`lms-payouts config: minimums.${currency} must be a whole number of minor units ≥ 0`);
      }
    },
  },
  contentTypes: {},
  services,
  controllers,
  routes,
  policies: {},
  middlewares: {},
};

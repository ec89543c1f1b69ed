import { register } from './register';
import { bootstrap } from './bootstrap';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';

/** lms-revenue's Strapi entry: rules, the ledger, the payment consumers and the admin API. */
export default {
  register,
  bootstrap,
  config: { default: {}, validator() {} },
  contentTypes: {},
  services,
  controllers,
  routes,
  policies: {},
  middlewares: {},
};

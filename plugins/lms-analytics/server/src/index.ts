import { register } from './register';
import { bootstrap } from './bootstrap';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';
import { policies } from './policies';

/** lms-analytics' Strapi entry: summary consumers, the ledger refresh, dashboards and the learner's own figures. */
export default {
  register,
  bootstrap,
  config: { default: {}, validator() {} },
  contentTypes: {},
  services,
  controllers,
  routes,
  policies,
  middlewares: {},
};

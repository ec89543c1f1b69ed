import { register } from './register';
import { bootstrap, destroy } from './bootstrap';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';

/** lms-notifications' Strapi entry: event consumers, the mail job, learner routes. */
export default {
  register,
  bootstrap,
  destroy,
  config: { default: {}, validator() {} },
  contentTypes: {},
  services,
  controllers,
  routes,
  policies: {},
  middlewares: {},
};

import { register } from './register';
import { bootstrap, destroy } from './bootstrap';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';

/** lms-live's Strapi entry: live sessions, seats, attendance, reminders. */
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

import { register } from './register';
import { bootstrap } from './bootstrap';
import { destroy } from './destroy';
import { config } from './config';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';

/** lms-gamification's Strapi entry: awards from domain events, visits and streaks, leaderboards, settings. */
export default {
  register,
  bootstrap,
  destroy,
  config,
  contentTypes: {},
  services,
  controllers,
  routes,
  policies: {},
  middlewares: {},
};

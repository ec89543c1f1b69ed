import { register } from './register';
import { bootstrap } from './bootstrap';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';
import { DEFAULT_LIMITS } from './domain';

/** lms-h5p's Strapi entry: packages (upload, checks, extraction), the player data and xAPI results. */
export default {
  register,
  bootstrap,
  // `limits` (domain/package.ts PackageLimits) may be narrowed or widened in cms/config/plugins.ts.
  config: { default: { limits: DEFAULT_LIMITS }, validator() {} },
  contentTypes: {},
  services,
  controllers,
  routes,
  policies: {},
  middlewares: {},
};

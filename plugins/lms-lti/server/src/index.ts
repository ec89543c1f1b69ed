import { bootstrap, destroy } from './bootstrap';
import { controllers } from './controllers';
import { register } from './register';
import { routes } from './routes';
import { services } from './services';

/**
 * lms-lti: an LTI 1.3 Advantage tool (OIDC login, launch, Deep Linking, AGS, NRPS) and LTI 1.1
 * (basic launch, Basic Outcomes) as thin glue over the pure protocol core in ./domain.
 */
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

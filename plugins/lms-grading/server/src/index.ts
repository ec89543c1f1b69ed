import { bootstrap } from './bootstrap';
import { controllers } from './controllers';
import { register } from './register';
import { routes } from './routes';
import { services } from './services';

/**
 * lms-grading: quizzes (attempts, auto-grading), assignments (submissions, rubric grading),
 * gradebook and completion rules, certificates. Each concern lives in its own folder and is
 * joined here through concerns.ts.
 */
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

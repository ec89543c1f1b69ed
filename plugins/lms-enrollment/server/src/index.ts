import { register } from './register';
import { bootstrap } from './bootstrap';
import { config } from './config';
import { services } from './services';
import { controllers } from './controllers';
import { routes } from './routes';
import { middlewares } from './middlewares/rate-limit';

export default {
  register,
  bootstrap,
  config,
  contentTypes: {},
  services,
  controllers,
  routes,
  policies: {},
  middlewares,
};

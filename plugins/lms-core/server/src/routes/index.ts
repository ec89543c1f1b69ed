import { adminRoutes } from './admin';
import { privacyContentApiRoutes } from './privacy';

export const routes = {
  admin: adminRoutes,
  'content-api': privacyContentApiRoutes,
};

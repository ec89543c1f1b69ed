import { adminRoutes } from './admin';
import { contentApiRoutes } from './content-api';

export const routes = {
  'content-api': contentApiRoutes,
  admin: adminRoutes,
};

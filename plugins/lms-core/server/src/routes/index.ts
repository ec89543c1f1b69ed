import { adminRoutes } from './admin';

export const routes = {
  admin: adminRoutes,
};

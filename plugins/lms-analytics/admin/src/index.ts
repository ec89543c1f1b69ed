import { ChartBubble, Graph } from '@strapi/icons';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';

interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
  addMenuLink(link: {
    to: string;
    icon: React.ElementType;
    intlLabel: { id: string; defaultMessage: string };
    permissions: Array<{ action: string; subject: null }>;
    Component: () => Promise<{ default: React.ComponentType }>;
  }): void;
}

export default {
  register(app: AdminApp) {
    // Instructors (read-own) see their own courses; admins (read-all) pick any instructor or course.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: ChartBubble,
      intlLabel: { id: `${PLUGIN_ID}.menu.courses`, defaultMessage: 'Course analytics' },
      permissions: [...PERMISSIONS.readOwn, ...PERMISSIONS.readAll],
      Component: () => import('./pages/InstructorDashboardPage'),
    });
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}-platform`,
      icon: Graph,
      intlLabel: { id: `${PLUGIN_ID}.menu.platform`, defaultMessage: 'Platform analytics' },
      permissions: PERMISSIONS.readAll,
      Component: () => import('./pages/PlatformDashboardPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

import { Shield, Stack } from '@strapi/icons';
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
    // Failed background jobs (certificates, grade passback, emails, ...) with a Retry button,
    // visible to admins holding the plugin's "See failed jobs" permission.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Stack,
      intlLabel: { id: `${PLUGIN_ID}.menu.failed-jobs`, defaultMessage: 'Failed jobs' },
      permissions: PERMISSIONS.readJobs,
      Component: () => import('./pages/FailedJobsPage'),
    });
    // Learners' erasure requests (decision 036), for admins holding "See erasure requests".
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/erasures`,
      icon: Shield,
      intlLabel: { id: `${PLUGIN_ID}.menu.erasures`, defaultMessage: 'Erasure requests' },
      permissions: PERMISSIONS.readErasures,
      Component: () => import('./pages/ErasureRequestsPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

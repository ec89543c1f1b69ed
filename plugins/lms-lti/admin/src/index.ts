import { Link } from '@strapi/icons';
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
    // Platform registrations (LTI 1.3) and consumers (LTI 1.1) with their courses, the tool's own
    // values to paste into a platform, platform links with roster sync, and grade passback.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Link,
      intlLabel: { id: `${PLUGIN_ID}.menu`, defaultMessage: 'LTI' },
      permissions: PERMISSIONS.read,
      Component: () => import('./pages/LtiPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

import { PuzzlePiece } from '@strapi/icons';
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
    // The lessons with H5P blocks the admin user may change; upload a .h5p into a block.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: PuzzlePiece,
      intlLabel: { id: `${PLUGIN_ID}.menu.packages`, defaultMessage: 'H5P activities' },
      permissions: PERMISSIONS.manage,
      Component: () => import('./pages/PackagesPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

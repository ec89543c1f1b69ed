import { Archive, CheckCircle } from '@strapi/icons';
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
    // An instructor's own payouts: how they are paid, balance, request form, history.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Archive,
      intlLabel: { id: `${PLUGIN_ID}.menu.mine`, defaultMessage: 'Payouts' },
      permissions: PERMISSIONS.request,
      Component: () => import('./pages/MyPayoutsPage'),
    });
    // Admins: the approval queue (approve, reject with a note, mark bank payouts paid) and history.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/queue`,
      icon: CheckCircle,
      intlLabel: { id: `${PLUGIN_ID}.menu.queue`, defaultMessage: 'Payout approvals' },
      permissions: PERMISSIONS.manage,
      Component: () => import('./pages/PayoutQueuePage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

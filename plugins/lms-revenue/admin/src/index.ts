import { ChartPie, PresentationChart } from '@strapi/icons';
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
    // Admins: overview by month and currency, instructor and course drill-downs, each sale's waterfall, rules.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: ChartPie,
      intlLabel: { id: `${PLUGIN_ID}.menu.revenue`, defaultMessage: 'Revenue' },
      permissions: PERMISSIONS.read,
      Component: () => import('./pages/RevenueApp'),
    });
    // Any admin user; the page shows the signed-in instructor's own earnings (403 text for others).
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}-earnings`,
      icon: PresentationChart,
      intlLabel: { id: `${PLUGIN_ID}.menu.earnings`, defaultMessage: 'My earnings' },
      permissions: [],
      Component: () => import('./pages/MyEarningsPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

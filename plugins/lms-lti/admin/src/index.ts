import { PLUGIN_ID } from './pluginId';

interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
}

// No admin pages yet (platform registrations, the tool's own values to paste into a platform and
// the grade-passback failures come with the tables and routes).
export default {
  register(app: AdminApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

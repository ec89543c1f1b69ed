import { PLUGIN_ID } from './pluginId';

interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
}

// No admin pages yet (point rules, badges, levels and the leaderboard rebuild come with the services).
export default {
  register(app: AdminApp) {
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

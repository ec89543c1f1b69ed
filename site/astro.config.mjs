import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';

export default defineConfig({
  output: 'server',
  // Middleware mode: server.mjs owns the HTTP server, because the adapter's standalone mode
  // listens on PORT, which in this repository is the cms port.
  adapter: node({ mode: 'middleware' }),
  integrations: [preact()],
  // Pages link to each other without trailing slashes; accept both.
  trailingSlash: 'ignore',
  // No dev toolbar: it would inject scripts that the JS budget tests do not expect.
  devToolbar: { enabled: false },
  vite: {
    // @lms/config is CommonJS (zod, fs); load it from node_modules at run time, not bundled.
    ssr: { external: ['@lms/config'] },
  },
});

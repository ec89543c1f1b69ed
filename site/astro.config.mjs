import node from '@astrojs/node';
import preact from '@astrojs/preact';
import { defineConfig } from 'astro/config';
import { h5pPlayerAssets } from './integrations/h5p-player-assets.mjs';

export default defineConfig({
  output: 'server',
  // Middleware mode: server.mjs owns the HTTP server, because the adapter's standalone mode
  // listens on PORT, which in this repository is the cms port.
  adapter: node({ mode: 'middleware' }),
  // h5pPlayerAssets: the H5P player's frame files, copied from node_modules into public/.
  integrations: [preact(), h5pPlayerAssets()],
  // Pages link to each other without trailing slashes; accept both.
  trailingSlash: 'ignore',
  // src/middleware.ts checks every state-changing request itself (Fetch Metadata / Origin and a
  // CSRF token, for forms and JSON alike) and answers with a page saying why; Astro's built-in
  // check would answer cross-site form posts first, with a bare text message.
  security: { checkOrigin: false },
  // No dev toolbar: it would inject scripts that the JS budget tests do not expect.
  devToolbar: { enabled: false },
  vite: {
    // @lms/config is CommonJS (zod, fs); load it from node_modules at run time, not bundled.
    ssr: { external: ['@lms/config'] },
  },
});

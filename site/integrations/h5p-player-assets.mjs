// Copies h5p-standalone's frame script, styles and fonts from node_modules into public/h5p-player
// when Astro starts (dev and build), so the H5P player's iframe loads them from this site and
// nothing from anywhere else. The folder is generated (git-ignored); the island names the files
// through src/lib/h5p.ts (H5P_PLAYER_ASSETS).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

export function h5pPlayerAssets() {
  return {
    name: 'lms:h5p-player-assets',
    hooks: {
      'astro:config:setup': ({ config, logger }) => {
        const dist = path.join(path.dirname(require.resolve('h5p-standalone/package.json')), 'dist');
        const target = path.join(fileURLToPath(config.publicDir), 'h5p-player');
        fs.rmSync(target, { recursive: true, force: true });
        fs.mkdirSync(target, { recursive: true });
        fs.copyFileSync(path.join(dist, 'frame.bundle.js'), path.join(target, 'frame.bundle.js'));
        fs.cpSync(path.join(dist, 'styles'), path.join(target, 'styles'), { recursive: true });
        fs.cpSync(path.join(dist, 'fonts'), path.join(target, 'fonts'), { recursive: true });
        logger.info(`H5P player assets copied to ${path.relative(process.cwd(), target)}`);
      },
    },
  };
}

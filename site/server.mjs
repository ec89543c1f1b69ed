// Serves the built site: a plain node HTTP server on SITE_PORT that answers static client
// assets itself and hands everything else to Astro's handler (node adapter, middleware mode).
// The adapter's standalone mode is not used because it listens on PORT, which is the cms's.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { ConfigError, loadConfig } from '@lms/config';
import { trustedForwardedFor } from './src/lib/forwarded-for.mjs';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const clientDir = path.join(here, 'dist', 'client');
const entry = path.join(here, 'dist', 'server', 'entry.mjs');
if (!fs.existsSync(entry)) {
  console.error(`The site is not built (${path.relative(process.cwd(), entry)} missing): run \`npm run build -w @lms/site\``);
  process.exit(1);
}
const { handler } = await import(entry);

const CONTENT_TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.json', '.map', '.svg', '.txt', '.xml', '.webmanifest']);

/**
 * The files under dist/client, read once at start: they never change while the server runs,
 * and there are few of them. Compressed bodies are made on first request and kept.
 */
const staticFiles = new Map();
(function collect(dir) {
  for (const dirent of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) collect(full);
    else if (dirent.isFile() && !dirent.name.startsWith('.')) {
      const urlPath = '/' + path.relative(clientDir, full).split(path.sep).join('/');
      const ext = path.extname(dirent.name).toLowerCase();
      const stat = fs.statSync(full);
      staticFiles.set(urlPath, {
        file: full,
        ext,
        type: CONTENT_TYPES[ext] ?? 'application/octet-stream',
        // Files under /_astro/ carry a content hash in their name, so they never change.
        cacheControl: urlPath.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        lastModified: stat.mtime.toUTCString(),
        etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
        bodies: new Map(),
      });
    }
  }
})(clientDir);

function pickEncoding(header) {
  const accepted = String(header ?? '')
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || Number(q.trim().replace(/^q=/, '')) > 0)
    .map(([name]) => name.trim().toLowerCase());
  if (accepted.includes('br')) return 'br';
  if (accepted.includes('gzip')) return 'gzip';
  return 'identity';
}

function body(asset, encoding) {
  let cached = asset.bodies.get(encoding);
  if (!cached) {
    const raw = fs.readFileSync(asset.file);
    cached =
      encoding === 'br'
        ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } })
        : encoding === 'gzip'
          ? zlib.gzipSync(raw, { level: 9 })
          : raw;
    asset.bodies.set(encoding, cached);
  }
  return cached;
}

/** Answers a request for a file in dist/client; false when there is no such file. */
function serveStatic(req, res, pathname) {
  const asset = staticFiles.get(pathname);
  if (!asset) return false;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return true;
  }
  const headers = {
    'Content-Type': asset.type,
    'Cache-Control': asset.cacheControl,
    'Last-Modified': asset.lastModified,
    ETag: asset.etag,
    'X-Content-Type-Options': 'nosniff',
  };
  if (req.headers['if-none-match'] === asset.etag) {
    res.writeHead(304, headers).end();
    return true;
  }
  const encoding = COMPRESSIBLE.has(asset.ext) ? pickEncoding(req.headers['accept-encoding']) : 'identity';
  const content = body(asset, encoding);
  if (COMPRESSIBLE.has(asset.ext)) headers.Vary = 'Accept-Encoding';
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding;
  headers['Content-Length'] = content.length;
  res.writeHead(200, headers);
  res.end(req.method === 'HEAD' ? undefined : content);
  return true;
}

const server = http.createServer((req, res) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://site.invalid').pathname);
  } catch {
    res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Bad request: malformed URL');
    return;
  }
  if (serveStatic(req, res, pathname)) return;
  // Astro's clientAddress (sent to the cms for its sign-in rate limits) must not be what the
  // client says it is: keep only the address our own front proxy added, when there is one
  // (production, like the cms's `proxy` setting).
  const forwardedFor = trustedForwardedFor(req.headers['x-forwarded-for'], { behindProxy: config.nodeEnv === 'production' });
  if (forwardedFor === undefined) delete req.headers['x-forwarded-for'];
  else req.headers['x-forwarded-for'] = forwardedFor;
  // Without a `next`, Astro renders src/pages/404.astro for URLs no route matches.
  handler(req, res).catch((error) => {
    console.error(`site: could not answer ${req.method} ${req.url}:`, error);
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Internal server error');
    else res.destroy();
  });
});

// Slow clients must not hold sockets forever.
server.headersTimeout = 20_000;
server.requestTimeout = 60_000;

server.on('error', (error) => {
  console.error(
    error.code === 'EADDRINUSE'
      ? `site: port ${config.sitePort} on ${config.host} is in use (SITE_PORT); stop the other process or choose another port`
      : `site: ${error.message}`,
  );
  process.exit(1);
});

server.listen(config.sitePort, config.host, () => {
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  console.log(`site listening on http://${shownHost}:${config.sitePort} (cms at ${config.cmsUrl})`);
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  console.log(`site: ${signal} received, closing`);
  // Finish requests in flight, drop idle keep-alive sockets, and give up after 5 s.
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    server.closeAllConnections();
    process.exit(0);
  }, 5000).unref();
}
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));

import { defineMiddleware } from 'astro:middleware';

/** Whether the client takes gzip (a q=0 entry refuses it). */
function acceptsGzip(header: string | null): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [name, ...params] = part.trim().split(';');
    if (name?.trim().toLowerCase() !== 'gzip' && name?.trim() !== '*') return false;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  });
}

/**
 * Every page: 503 for an unreachable cms, baseline security headers, and gzip for HTML.
 * server.mjs runs Astro's handler as plain node middleware with no compression of its own,
 * and HTML is most of what a visitor downloads (the pages ship little or no JavaScript).
 */
export const onRequest = defineMiddleware(async (context, next) => {
  let response = await next();
  // Astro pins the status of src/pages/500.astro to 500; an unreachable cms is a 503.
  if (context.locals.serviceUnavailable && response.status === 500) {
    response = new Response(response.body, { status: 503, statusText: 'Service Unavailable', headers: response.headers });
  }
  response.headers.set('X-Content-Type-Options', 'nosniff');
  response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');

  const type = response.headers.get('content-type') ?? '';
  if (type === 'text/html') response.headers.set('Content-Type', 'text/html; charset=utf-8');
  if (
    !response.body ||
    context.request.method === 'HEAD' ||
    !type.startsWith('text/html') ||
    response.headers.has('content-encoding') ||
    !acceptsGzip(context.request.headers.get('accept-encoding'))
  ) {
    return response;
  }
  const headers = new Headers(response.headers);
  headers.set('Content-Encoding', 'gzip');
  headers.append('Vary', 'Accept-Encoding');
  headers.delete('Content-Length');
  return new Response(response.body.pipeThrough(new CompressionStream('gzip')), {
    status: response.status,
    statusText: response.statusText,
    headers,
  });
});

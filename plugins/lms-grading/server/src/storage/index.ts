import type { Core } from '@strapi/strapi';
import type { GradingConcern } from '../concern';
import { createPrivateFiles } from './private-files';
import { contentDisposition, verifyDownloadToken } from './signed-url';

export { createPrivateFiles, readAll, type PrivateFiles, type StoredFile } from './private-files';
export { signDownload, signDownloadWithExpiry, verifyDownloadToken, contentDisposition, DOWNLOAD_ROUTE_PREFIX } from './signed-url';

export interface DownloadCtx {
  params: Record<string, unknown>;
  status: number;
  body: unknown;
  set(name: string, value: string): void;
}

/** Strapi's error body, written by hand: its route composer would drop a 403's message. */
function refuse(ctx: DownloadCtx, status: 400 | 403 | 404, name: string, message: string): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { data: null, error: { status, name, message, details: {} } };
}

export const createFilesController = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /files/:token: streams the file the signed token names. */
  async download(ctx: DownloadCtx) {
    const check = verifyDownloadToken(String(ctx.params.token ?? ''));
    if (!check.ok) {
      if (check.reason === 'malformed') refuse(ctx, 400, 'ValidationError', `params.token: ${check.message}`);
      else refuse(ctx, 403, 'ForbiddenError', check.message);
      return;
    }
    const { key, filename, contentType } = check.download;
    const file = await createPrivateFiles(strapi).get(key);
    if (!file) {
      refuse(ctx, 404, 'NotFoundError', 'this file no longer exists (it may have been replaced by a newer one); open the page again for a fresh link');
      return;
    }
    ctx.set('Content-Type', contentType);
    ctx.set('Content-Disposition', contentDisposition(filename));
    // The link is the credential: keep it and the file out of shared caches and referrers.
    ctx.set('Cache-Control', 'private, no-store');
    ctx.set('Referrer-Policy', 'no-referrer');
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (file.size !== null) ctx.set('Content-Length', String(file.size));
    ctx.body = file.body;
  },
});

export const filesControllers = { files: createFilesController };

/**
 * Private file downloads shared by every concern (certificates, assignment uploads). Not a
 * concern with tables: only the public download route.
 */
export const files: GradingConcern = {
  migrations: [],
  contentApiRoutes: [
    {
      method: 'GET',
      path: '/files/:token',
      handler: 'files.download',
      // Public on purpose: the HMAC signature and expiry in the token ARE the authorisation. The
      // link is handed out only by routes that checked who may read the file (a learner's own
      // certificate, a submission for its learner and instructors), and a browser following it
      // carries no API token.
      config: { auth: false },
    },
  ],
  adminRoutes: [],
  learnerActions: [],
  register() {},
};

import { randomBytes } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { StatusError } from '@lms/plugin-lms-core/server';
import { isLtiError } from '../domain';
import { launchErrorPage } from '../pages';
import { getService } from '../utils';

interface Ctx {
  method: string;
  query: Record<string, unknown>;
  request: { body?: unknown };
  status: number;
  body: unknown;
  type: string;
  set(name: string, value: string): void;
  remove(name: string): void;
  redirect(url: string): void;
}

/**
 * The tool's HTML answers live inside the platform's iframe and auto-submit forms to the
 * platform: they replace the admin's CSP (no framing, no inline script) with their own (any
 * ancestor, one nonce'd script, forms to anywhere), and are never cached.
 */
function sendHtml(ctx: Ctx, status: number, render: (scriptNonce: string) => string): void {
  const nonce = randomBytes(16).toString('base64');
  ctx.remove('X-Frame-Options');
  ctx.set('Content-Security-Policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action *; frame-ancestors *; base-uri 'none'`);
  ctx.set('Cache-Control', 'no-store');
  ctx.status = status;
  ctx.type = 'text/html; charset=utf-8';
  ctx.body = render(nonce);
}

function redirect(ctx: Ctx, url: string): void {
  ctx.set('Cache-Control', 'no-store');
  ctx.redirect(url);
  ctx.status = 303;
}

export const createToolController = ({ strapi }: { strapi: Core.Strapi }) => {
  /** Any failure of a browser-facing step: a page saying what was wrong (nothing was provisioned). */
  async function withErrorPage(ctx: Ctx, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (isLtiError(error)) return sendHtml(ctx, error.status, () => launchErrorPage({ code: error.code, message: error.message, status: error.status }));
      if (error instanceof StatusError) return sendHtml(ctx, error.httpStatus, () => launchErrorPage({ code: 'not-configured', message: error.message, status: error.httpStatus }));
      strapi.log.error(`lms-lti: launch step failed: ${(error as Error).stack ?? String(error)}`);
      return sendHtml(ctx, 500, () => launchErrorPage({ code: 'internal-error', message: 'Something went wrong on our side; it has been logged.', status: 500 }));
    }
  }

  return {
    /** GET /jwks: the tool's public keys. */
    async jwks(ctx: Ctx) {
      ctx.set('Cache-Control', 'public, max-age=300');
      ctx.body = await getService(strapi, 'toolKeys').jwks();
    },

    /** GET or POST /login: OIDC third-party initiated login. */
    async login(ctx: Ctx) {
      await withErrorPage(ctx, async () => {
        const answer = await getService(strapi, 'lti13').login(ctx.method === 'POST' ? ctx.request.body : ctx.query);
        if (answer.kind === 'redirect') return redirect(ctx, answer.url);
        sendHtml(ctx, 200, answer.render);
      });
    },

    /** POST /launch: the platform's form_post with id_token and state. */
    async launch(ctx: Ctx) {
      await withErrorPage(ctx, async () => {
        const answer = await getService(strapi, 'lti13').launch(ctx.request.body);
        if (answer.kind === 'redirect') return redirect(ctx, answer.url);
        sendHtml(ctx, 200, answer.render);
      });
    },

    /** POST /deep-linking: the picker's choice, answered with the signed response auto-posted to the platform. */
    async deepLinking(ctx: Ctx) {
      await withErrorPage(ctx, async () => {
        sendHtml(ctx, 200, await getService(strapi, 'lti13').deepLinkingResponse(ctx.request.body));
      });
    },

    /** POST /lti11/launch: LTI 1.1 basic launch. */
    async lti11Launch(ctx: Ctx) {
      await withErrorPage(ctx, async () => {
        const { url } = await getService(strapi, 'lti11').launch(ctx.request.body);
        redirect(ctx, url);
      });
    },

    /** POST /handoff: the site redeems a one-time launch token for the learner's session. */
    async handoff(ctx: Ctx) {
      const body = (ctx.request.body ?? {}) as Record<string, unknown>;
      const token = typeof body.token === 'string' ? body.token : '';
      const redeemed = /^[A-Za-z0-9_-]{43}$/.test(token) ? await getService(strapi, 'provisioning').redeemHandoff(token) : null;
      ctx.set('Cache-Control', 'no-store');
      if (!redeemed) {
        ctx.status = 400;
        ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message: 'token: unknown, expired or already used; launch again from your course', details: { field: 'token' } } };
        return;
      }
      ctx.body = { jwt: redeemed.jwt, path: redeemed.path };
    },
  };
};

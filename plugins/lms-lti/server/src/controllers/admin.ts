import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { parseInput, withVisibleErrors } from '@lms/plugin-lms-core/server';
import type { Consumer, CourseChoice, Passback, Registration, ResourceLinkView, RosterSyncResult, ToolValues } from '../contracts';
import { PASSBACK_STATUSES } from '../migrations';
import { toolUrls } from '../settings';
import { getService } from '../utils';

interface Ctx {
  params: Record<string, string>;
  query: Record<string, unknown>;
  request: { body?: unknown };
  status: number;
  body: unknown;
}

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    .max(1000)
    .refine((v) => {
      try {
        return ['http:', 'https:'].includes(new URL(v).protocol);
      } catch {
        return false;
      }
    }, `expected the ${what} as an absolute http(s) URL`);

const documentIds = z.array(z.string().trim().min(1).max(64)).max(500).default([]);

const registrationSchema = z.object({
  name: z.string().trim().min(1, 'expected a name such as "Canvas (production)"').max(200),
  issuer: z.string().trim().min(1, "expected the platform's issuer (iss), e.g. https://canvas.instructure.com").max(500),
  clientId: z.string().trim().min(1, 'expected the client id the platform gave this tool').max(255),
  deploymentIds: z.array(z.string().trim().min(1).max(255)).min(1, 'expected at least one deployment id').max(100),
  authEndpoint: httpUrl("platform's OIDC authorization endpoint"),
  authRequestMethod: z.enum(['GET', 'POST']).default('GET'),
  tokenEndpoint: httpUrl("platform's token endpoint"),
  tokenAudience: z.string().trim().max(1000).nullable().optional().transform((v) => (v ? v : null)),
  jwksUrl: httpUrl("platform's JWKS URL"),
  courseIds: documentIds,
});

const consumerSchema = (create: boolean) =>
  z.object({
    name: z.string().trim().min(1, 'expected a name').max(200),
    consumerKey: z.string().trim().min(1, 'expected a consumer key').max(255),
    secret: create
      ? z.string().min(16, 'expected a shared secret of at least 16 characters').max(500)
      : z.string().min(16, 'expected a shared secret of at least 16 characters (or leave it out to keep the current one)').max(500).optional(),
    courseIds: documentIds,
  });

const idParam = z.object({ id: z.coerce.number().int().positive('expected a numeric id') });
const passbackQuery = z.object({
  status: z.enum(PASSBACK_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100, 'expected at most 100').default(25),
});

/** Admin API of lms-lti (guards in routes/index.ts). */
export const createAdminController = ({ strapi }: { strapi: Core.Strapi }) =>
  withVisibleErrors({
    async toolValues(ctx: Ctx) {
      const urls = toolUrls();
      const keys = getService(strapi, 'toolKeys');
      ctx.body = {
        ...urls,
        jsonConfig: {
          title: 'LMS',
          description: 'Courses, lessons and quizzes of this LMS',
          oidc_initiation_url: urls.loginUrl,
          target_link_uri: urls.launchUrl,
          redirect_uris: urls.redirectUris,
          public_jwk_url: urls.jwksUrl,
          scopes: [
            'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
            'https://purl.imsglobal.org/spec/lti-ags/scope/score',
            'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
          ],
          messages: [{ type: 'LtiDeepLinkingRequest', target_link_uri: urls.deepLinkingUrl, placements: ['link_selection', 'assignment_selection'] }],
        },
        configured: keys.configured(),
        keys: keys.configured() ? await keys.list() : [],
      } satisfies ToolValues;
    },
    async rotateKeys(ctx: Ctx) {
      ctx.body = await getService(strapi, 'toolKeys').rotateKeys();
    },

    /** Published courses, for the "linked courses" pickers. */
    async listCourses(ctx: Ctx) {
      const rows = (await strapi.documents('api::course.course').findMany({ status: 'published', fields: ['title', 'slug'], sort: 'title:asc', limit: 1000 })) as unknown as Array<{ documentId: string; title: string; slug: string }>;
      ctx.body = { courses: rows.map((c) => ({ documentId: c.documentId, title: c.title, slug: c.slug })) } satisfies { courses: CourseChoice[] };
    },

    async listRegistrations(ctx: Ctx) {
      ctx.body = { registrations: await getService(strapi, 'registrations').list() } satisfies { registrations: Registration[] };
    },
    async createRegistration(ctx: Ctx) {
      const input = parseInput(registrationSchema, ctx.request.body, 'body');
      ctx.status = 201;
      ctx.body = (await getService(strapi, 'registrations').create(input)) satisfies Registration;
    },
    async updateRegistration(ctx: Ctx) {
      const { id } = parseInput(idParam, ctx.params, 'params');
      const input = parseInput(registrationSchema, ctx.request.body, 'body');
      ctx.body = (await getService(strapi, 'registrations').update(id, input)) satisfies Registration;
    },
    async deleteRegistration(ctx: Ctx) {
      const { id } = parseInput(idParam, ctx.params, 'params');
      await getService(strapi, 'registrations').remove(id);
      ctx.status = 204;
      ctx.body = null;
    },

    async listConsumers(ctx: Ctx) {
      ctx.body = { consumers: await getService(strapi, 'lti11').list() } satisfies { consumers: Consumer[] };
    },
    async createConsumer(ctx: Ctx) {
      const input = parseInput(consumerSchema(true), ctx.request.body, 'body');
      ctx.status = 201;
      ctx.body = (await getService(strapi, 'lti11').create(input)) satisfies Consumer;
    },
    async updateConsumer(ctx: Ctx) {
      const { id } = parseInput(idParam, ctx.params, 'params');
      const input = parseInput(consumerSchema(false), ctx.request.body, 'body');
      ctx.body = (await getService(strapi, 'lti11').update(id, input)) satisfies Consumer;
    },
    async deleteConsumer(ctx: Ctx) {
      const { id } = parseInput(idParam, ctx.params, 'params');
      await getService(strapi, 'lti11').remove(id);
      ctx.status = 204;
      ctx.body = null;
    },

    async listPassbacks(ctx: Ctx) {
      const query = parseInput(passbackQuery, ctx.query, 'query');
      ctx.body = (await getService(strapi, 'grades').list(query)) satisfies { passbacks: Passback[]; total: number };
    },
    async retryPassback(ctx: Ctx) {
      const { id } = parseInput(idParam, ctx.params, 'params');
      ctx.body = (await getService(strapi, 'grades').retry(id)) satisfies Passback;
    },

    async listLinks(ctx: Ctx) {
      ctx.body = { links: await getService(strapi, 'roster').links() } satisfies { links: ResourceLinkView[] };
    },
    async syncRoster(ctx: Ctx) {
      const { id } = parseInput(idParam, ctx.params, 'params');
      ctx.body = (await getService(strapi, 'roster').syncRoster(id)) satisfies RosterSyncResult;
    },
  });

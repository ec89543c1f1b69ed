import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { z } from 'zod';
import type {
  ApiErrorBody,
  CatalogResponse,
  CategoriesResponse,
  CourseResponse,
  LessonPreviewResponse,
} from '../contracts';
import type { CatalogService } from '../services/catalog';
import { catalogCache } from '../response-cache';

const slug = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[a-z0-9]+(?:[-_][a-z0-9]+)*$/i, 'must be a slug (letters, digits and dashes)');

const catalogQuery = z
  .object({
    q: z.string().trim().max(100, 'must be at most 100 characters').optional(),
    category: slug.optional(),
    level: z.enum(['beginner', 'intermediate', 'advanced']).optional(),
    price: z.enum(['free', 'paid']).optional(),
    page: z.coerce.number().int().min(1).max(10000).default(1),
    pageSize: z.coerce.number().int().min(1).max(48).default(12),
  })
  .strict();

/** Parses with zod and turns the first problem into a 400 that names the parameter. */
function parse<T extends z.ZodTypeAny>(schema: T, input: unknown, where: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = issue?.path.join('.') || where;
  const message =
    issue?.code === 'unrecognized_keys'
      ? `unknown ${where} parameter${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
      : `${where} parameter "${name}" ${issue?.message ?? 'is invalid'}`;
  throw new errors.ValidationError(message);
}

const service = (strapi: Core.Strapi) => strapi.service('api::catalog.catalog') as unknown as CatalogService;

type Ctx = {
  query: Record<string, unknown>;
  params: Record<string, string>;
  body: unknown;
  status: number;
  type: string;
  get(header: string): string;
  set(h: string, v: string): void;
};

/** Catalog data is the same for every visitor: let browsers and proxies keep it briefly. */
const PUBLIC_CACHE = 'public, max-age=30, stale-while-revalidate=60';

/** If-None-Match uses weak comparison: `W/"x"` and `"x"` match, and `*` matches anything. */
function matchesEtag(ifNoneMatch: string, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

/**
 * Answers from the catalog response cache: the same serialised JSON for every visitor, with a weak
 * ETag so a browser or proxy revalidating with If-None-Match gets a 304 and no body.
 */
async function sendCached(strapi: Core.Strapi, ctx: Ctx, key: string, produce: () => Promise<unknown>): Promise<void> {
  const { json, etag } = await catalogCache(strapi).get(key, produce);
  ctx.set('Cache-Control', PUBLIC_CACHE);
  ctx.set('ETag', etag);
  if (matchesEtag(ctx.get('if-none-match'), etag)) {
    ctx.status = 304;
    return;
  }
  ctx.type = 'application/json';
  ctx.body = json;
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async listCourses(ctx: Ctx) {
    const query = parse(catalogQuery, ctx.query, 'query');
    await sendCached(strapi, ctx, `courses:${JSON.stringify(query)}`, async () =>
      (await service(strapi).listCourses(query)) satisfies CatalogResponse,
    );
  },

  async listCategories(ctx: Ctx) {
    await sendCached(strapi, ctx, 'categories', async () => ({ data: await service(strapi).listCategories() }) satisfies CategoriesResponse);
  },

  async getCourse(ctx: Ctx) {
    const courseSlug = parse(slug, ctx.params.slug, 'path');
    // A missing course throws, and what throws is never cached: a course published a moment later
    // in another cms process shows up at once.
    await sendCached(strapi, ctx, `course:${courseSlug}`, async () => {
      const course = await service(strapi).getCourse(courseSlug);
      if (!course) throw new errors.NotFoundError(`no published course with slug "${courseSlug}"`);
      return { data: course } satisfies CourseResponse;
    });
  },

  async getLessonPreview(ctx: Ctx) {
    const courseSlug = parse(slug, ctx.params.courseSlug, 'path');
    const lessonSlug = parse(slug, ctx.params.lessonSlug, 'path');
    const result = await service(strapi).getLessonPreview(courseSlug, lessonSlug);
    if (result.kind === 'not-found') throw new errors.NotFoundError(result.message);
    if (result.kind === 'locked') {
      // Strapi replaces a thrown ForbiddenError's message with "Forbidden"; the learner needs to
      // know which course to enroll in, so the 403 body is written here in Strapi's error shape.
      ctx.status = 403;
      ctx.body = { data: null, error: { status: 403, name: 'ForbiddenError', message: result.message, details: {} } } satisfies ApiErrorBody;
      return;
    }
    ctx.set('Cache-Control', PUBLIC_CACHE);
    ctx.body = { data: result.lesson } satisfies LessonPreviewResponse;
  },
});

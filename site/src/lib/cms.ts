import type {
  CatalogResponse,
  CategoriesResponse,
  CategoryWithCount,
  CourseDetail,
  CourseResponse,
  LessonPreview,
  LessonPreviewResponse,
} from '@contracts/catalog';
import { CATALOG_PAGE_SIZE, type CatalogFilters } from './catalog-query';
import { CmsRequestError, CmsUnavailableError, createCmsHttp, type Outcome } from './cms-http';
import { siteConfig } from './config';
import { TtlCache } from './ttl-cache';

export { CmsRequestError, CmsUnavailableError };

export type LessonPreviewResult =
  | { kind: 'ok'; lesson: LessonPreview }
  | { kind: 'locked'; message: string }
  | { kind: 'not-found' };

export interface CmsClientOptions {
  /** Where the site server reaches the cms, e.g. http://127.0.0.1:1337. */
  baseUrl: string;
  /** TTL of the catalog cache; 0 turns caching off. */
  cacheSeconds: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/i;
const isSlug = (value: string) => value.length <= 200 && SLUG.test(value);

/**
 * The site's one way to read the public catalog API. Server-side only; every response type
 * comes from the cms contract. Data that is the same for every visitor is cached briefly.
 */
export function createCmsClient(options: CmsClientOptions) {
  const http = createCmsHttp(options);
  const cache = new TtlCache<unknown>(options.cacheSeconds * 1000);
  const request = <T>(path: string) => http<T>('GET', path);

  /** A cached GET. Answers are kept whatever their status (a 404 is as public as a 200); an unreachable cms is not. */
  function cached<T>(path: string): Promise<Outcome<T>> {
    return cache.get(path, () => request<T>(path)) as Promise<Outcome<T>>;
  }

  function unexpected(path: string, outcome: { status: number; message: string }): never {
    throw new CmsRequestError(outcome.status, `cms refused GET ${path} (${outcome.status}): ${outcome.message}`);
  }

  return {
    async listCourses(filters: CatalogFilters, pageSize = CATALOG_PAGE_SIZE): Promise<CatalogResponse> {
      const params = new URLSearchParams();
      if (filters.q) params.set('q', filters.q);
      if (filters.category) params.set('category', filters.category);
      if (filters.level) params.set('level', filters.level);
      if (filters.price) params.set('price', filters.price);
      params.set('page', String(filters.page));
      params.set('pageSize', String(pageSize));
      const path = `/api/catalog/courses?${params}`;
      const outcome = await cached<CatalogResponse>(path);
      return outcome.ok ? outcome.body : unexpected(path, outcome);
    },

    async listCategories(): Promise<CategoryWithCount[]> {
      const path = '/api/catalog/categories';
      const outcome = await cached<CategoriesResponse>(path);
      return outcome.ok ? outcome.body.data : unexpected(path, outcome);
    },

    /** The published course, or null when there is none with this slug. */
    async getCourse(slug: string): Promise<CourseDetail | null> {
      if (!isSlug(slug)) return null;
      const path = `/api/catalog/courses/${encodeURIComponent(slug)}`;
      const outcome = await cached<CourseResponse>(path);
      if (outcome.ok) return outcome.body.data;
      return outcome.status === 404 ? null : unexpected(path, outcome);
    },

    /** A free-preview lesson; "locked" when it is for enrolled learners only. Not cached. */
    async getLessonPreview(courseSlug: string, lessonSlug: string): Promise<LessonPreviewResult> {
      if (!isSlug(courseSlug) || !isSlug(lessonSlug)) return { kind: 'not-found' };
      const path = `/api/catalog/courses/${encodeURIComponent(courseSlug)}/lessons/${encodeURIComponent(lessonSlug)}`;
      const outcome = await request<LessonPreviewResponse>(path);
      if (outcome.ok) return { kind: 'ok', lesson: outcome.body.data };
      if (outcome.status === 403) return { kind: 'locked', message: outcome.message };
      if (outcome.status === 404) return { kind: 'not-found' };
      return unexpected(path, outcome);
    },
  };
}

export type CmsClient = ReturnType<typeof createCmsClient>;

let client: CmsClient | undefined;

/** The client for this process, configured from the shared settings. */
export function cms(): CmsClient {
  if (!client) {
    const config = siteConfig();
    client = createCmsClient({ baseUrl: config.cmsUrl, cacheSeconds: config.site.cacheSeconds });
  }
  return client;
}

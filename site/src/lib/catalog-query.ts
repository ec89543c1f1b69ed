import type { CatalogQuery, Level } from '@contracts/catalog';

export const LEVELS: readonly Level[] = ['beginner', 'intermediate', 'advanced'];
export const PRICE_FILTERS = ['free', 'paid'] as const;
export const CATALOG_PAGE_SIZE = 12;
/** The API refuses longer searches and higher pages; the site trims rather than failing. */
export const MAX_QUERY_LENGTH = 100;
export const MAX_PAGE = 10_000;

const SLUG = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/i;

/** The catalog filters a visitor asked for, with page always set. */
export type CatalogFilters = Omit<CatalogQuery, 'pageSize'> & { page: number };

const isLevel = (v: string): v is Level => (LEVELS as readonly string[]).includes(v);
const isPriceFilter = (v: string): v is (typeof PRICE_FILTERS)[number] => (PRICE_FILTERS as readonly string[]).includes(v);

/**
 * Reads the catalog filters from a URL's query string. The form is a plain GET form anyone can
 * edit, so a bad value is dropped (or page falls back to 1) instead of failing the page.
 */
export function parseCatalogQuery(params: URLSearchParams): CatalogFilters {
  const filters: CatalogFilters = { page: 1 };

  const q = (params.get('q') ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH).trim();
  if (q) filters.q = q;

  const category = (params.get('category') ?? '').trim();
  if (category && category.length <= 200 && SLUG.test(category)) filters.category = category;

  const level = (params.get('level') ?? '').trim().toLowerCase();
  if (isLevel(level)) filters.level = level;

  const price = (params.get('price') ?? '').trim().toLowerCase();
  if (isPriceFilter(price)) filters.price = price;

  const page = (params.get('page') ?? '').trim();
  if (/^\d{1,6}$/.test(page)) {
    const n = Number(page);
    if (n >= 1 && n <= MAX_PAGE) filters.page = n;
  }
  return filters;
}

/** True when any filter other than the page is set. */
export function hasFilters(filters: CatalogFilters): boolean {
  return Boolean(filters.q || filters.category || filters.level || filters.price);
}

/** The catalog URL for some filters, leaving out empty ones and page 1 so links stay short. */
export function catalogHref(filters: Partial<CatalogFilters>, path = '/courses'): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  if (filters.category) params.set('category', filters.category);
  if (filters.level) params.set('level', filters.level);
  if (filters.price) params.set('price', filters.price);
  if (filters.page && filters.page > 1) params.set('page', String(filters.page));
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * The page numbers to link to: always the first and last, a window around the current page,
 * and null where numbers are skipped ("1 … 4 5 6 … 20").
 */
export function pageWindow(current: number, pageCount: number, radius = 1): Array<number | null> {
  if (pageCount <= 1) return pageCount === 1 ? [1] : [];
  const pages = new Set<number>([1, pageCount]);
  for (let p = current - radius; p <= current + radius; p++) if (p >= 1 && p <= pageCount) pages.add(p);
  const sorted = [...pages].sort((a, b) => a - b);
  const out: Array<number | null> = [];
  sorted.forEach((p, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && p - prev === 2) out.push(prev + 1);
    else if (prev !== undefined && p - prev > 2) out.push(null);
    out.push(p);
  });
  return out;
}

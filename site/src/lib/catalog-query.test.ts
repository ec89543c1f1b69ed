import { describe, expect, it } from 'vitest';
import { catalogHref, hasFilters, pageWindow, parseCatalogQuery } from './catalog-query';

const parse = (query: string) => parseCatalogQuery(new URLSearchParams(query));

describe('parseCatalogQuery', () => {
  it('reads every filter', () => {
    expect(parse('q=typescript&category=web-dev&level=beginner&price=free&page=3')).toEqual({
      q: 'typescript',
      category: 'web-dev',
      level: 'beginner',
      price: 'free',
      page: 3,
    });
  });

  it('defaults to page 1 with no filters', () => {
    expect(parse('')).toEqual({ page: 1 });
  });

  it('falls back to page 1 for bad pages', () => {
    for (const page of ['0', '-2', 'abc', '1.5', '1e3', '99999999', '']) {
      expect(parse(`page=${page}`).page, page).toBe(1);
    }
    expect(parse('page=10000').page).toBe(10000);
    expect(parse('page=%2042%20').page).toBe(42);
  });

  it('ignores unknown levels, prices and malformed category slugs', () => {
    expect(parse('level=expert&price=cheap&category=../etc')).toEqual({ page: 1 });
    expect(parse('category=a%20b')).toEqual({ page: 1 });
    expect(parse('level=Advanced&price=PAID')).toEqual({ page: 1, level: 'advanced', price: 'paid' });
  });

  it('tidies the search text and caps its length', () => {
    expect(parse('q=%20%20react%20%20%20hooks%20').q).toBe('react hooks');
    expect(parse('q=%20%20').q).toBeUndefined();
    expect(parse(`q=${'x'.repeat(150)}`).q).toHaveLength(100);
  });

  it('uses the first value of a repeated parameter', () => {
    expect(parse('level=advanced&level=beginner').level).toBe('advanced');
  });
});

describe('catalogHref', () => {
  it('keeps filters and leaves out page 1 and empty values', () => {
    expect(catalogHref({ page: 1 })).toBe('/courses');
    expect(catalogHref({ q: 'c & d', level: 'beginner', page: 2 })).toBe('/courses?q=c+%26+d&level=beginner&page=2');
    expect(catalogHref({ category: 'design', price: 'paid', page: 1 })).toBe('/courses?category=design&price=paid');
  });

  it('round-trips through the parser', () => {
    const filters = { q: 'data science', category: 'data', level: 'advanced', price: 'paid', page: 4 } as const;
    expect(parse(catalogHref(filters).split('?')[1] ?? '')).toEqual(filters);
  });
});

describe('hasFilters', () => {
  it('ignores the page', () => {
    expect(hasFilters({ page: 5 })).toBe(false);
    expect(hasFilters({ page: 1, price: 'free' })).toBe(true);
  });
});

describe('pageWindow', () => {
  it('shows everything for few pages', () => {
    expect(pageWindow(1, 0)).toEqual([]);
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 4)).toEqual([1, 2, 3, 4]);
  });

  it('elides long runs, but never a single page', () => {
    expect(pageWindow(10, 20)).toEqual([1, null, 9, 10, 11, null, 20]);
    expect(pageWindow(3, 20)).toEqual([1, 2, 3, 4, null, 20]);
    expect(pageWindow(20, 20)).toEqual([1, null, 19, 20]);
  });
});

import { describe, expect, it, vi } from 'vitest';
import { CmsRequestError, CmsUnavailableError, createCmsClient } from './cms';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const strapiError = (status: number, name: string, message: string) => json(status, { data: null, error: { status, name, message } });

function clientWith(responder: (url: string) => Response | Promise<Response>, cacheSeconds = 60) {
  const calls: string[] = [];
  const fetchStub = vi.fn(async (input: string | URL | Request) => {
    const url = String(input);
    calls.push(url);
    return responder(url);
  }) as unknown as typeof fetch;
  return { client: createCmsClient({ baseUrl: 'http://cms.test/', cacheSeconds, fetch: fetchStub }), calls };
}

const emptyCatalog = { data: [], meta: { pagination: { page: 1, pageSize: 12, total: 0, pageCount: 0 } } };

describe('cms client', () => {
  it('asks for exactly the filters given, never populate', async () => {
    const { client, calls } = clientWith(() => json(200, emptyCatalog));
    await client.listCourses({ q: 'a b', category: 'web', level: 'beginner', price: 'free', page: 2 });
    expect(calls).toEqual(['http://cms.test/api/catalog/courses?q=a+b&category=web&level=beginner&price=free&page=2&pageSize=12']);
    expect(calls[0]).not.toContain('populate');
  });

  it('caches catalog data for the TTL and not at all with 0', async () => {
    const cached = clientWith(() => json(200, { data: [] }));
    await cached.client.listCategories();
    await cached.client.listCategories();
    expect(cached.calls).toHaveLength(1);

    const uncached = clientWith(() => json(200, { data: [] }), 0);
    await uncached.client.listCategories();
    await uncached.client.listCategories();
    expect(uncached.calls).toHaveLength(2);
  });

  it('gives null for a missing course and does not call the cms for a malformed slug', async () => {
    const { client, calls } = clientWith(() => strapiError(404, 'NotFoundError', 'no published course'));
    expect(await client.getCourse('nope')).toBeNull();
    expect(await client.getCourse('../admin')).toBeNull();
    expect(calls).toEqual(['http://cms.test/api/catalog/courses/nope']);
  });

  it('tells a locked lesson from a missing one', async () => {
    const { client } = clientWith((url) =>
      url.endsWith('/locked')
        ? strapiError(403, 'ForbiddenError', 'enroll in "Intro" to open this lesson')
        : strapiError(404, 'NotFoundError', 'no such lesson'),
    );
    expect(await client.getLessonPreview('intro', 'locked')).toEqual({
      kind: 'locked',
      message: 'enroll in "Intro" to open this lesson',
    });
    expect(await client.getLessonPreview('intro', 'gone')).toEqual({ kind: 'not-found' });
  });

  it('reports an unreachable or failing cms as unavailable, and does not cache that', async () => {
    let up = false;
    const { client } = clientWith(() => {
      if (!up) throw new TypeError('fetch failed');
      return json(200, { data: [] });
    });
    await expect(client.listCategories()).rejects.toBeInstanceOf(CmsUnavailableError);
    up = true;
    expect(await client.listCategories()).toEqual([]);

    const failing = clientWith(() => strapiError(500, 'InternalServerError', 'boom'));
    await expect(failing.client.getCourse('x')).rejects.toBeInstanceOf(CmsUnavailableError);
  });

  it('treats an unexpected refusal as a bug in the site', async () => {
    const { client } = clientWith(() => strapiError(400, 'ValidationError', 'query parameter "page" is bad'));
    await expect(client.listCourses({ page: 1 })).rejects.toBeInstanceOf(CmsRequestError);
  });
});

import { describe, expect, it } from 'vitest';
import { createCertificatesClient } from './certificates';
import { CmsUnavailableError } from './cms-http';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const error = (status: number, message: string) => json(status, { data: null, error: { status, name: 'Error', message, details: {} } });

function clientAnswering(response: () => Response) {
  const urls: string[] = [];
  const fetchStub = (async (input: string | URL | Request) => {
    urls.push(String(input));
    return response();
  }) as typeof fetch;
  return { client: createCertificatesClient({ baseUrl: 'http://cms.test', fetch: fetchStub }), urls };
}

const certificate = {
  code: '7K3Q-M9XD-2HRB-TW4C',
  status: 'valid',
  learnerName: 'Emma van der Merwe',
  course: { documentId: 'c1', title: 'Git for Everyday Work' },
  issuedAt: '2026-11-22T09:30:00.000Z',
  revokedAt: null,
  verificationUrl: 'http://site.test/verify/7K3Q-M9XD-2HRB-TW4C',
};

describe('certificate verification from the site', () => {
  it('asks the cms with the code as typed, encoded into one path segment', async () => {
    const { client, urls } = clientAnswering(() => json(200, { data: certificate }));
    expect(await client.verify(' 7k3q m9xd/2hrb tw4c ')).toEqual({ kind: 'found', certificate });
    expect(urls).toEqual(['http://cms.test/api/lms-grading/certificates/verify/7k3q%20m9xd%2F2hrb%20tw4c']);
  });

  it('tells an unknown code from one that cannot be a code, without the field name', async () => {
    expect(await clientAnswering(() => error(404, 'certificate "X" was not found')).client.verify('7K3Q-M9XD-2HRB-TW4D')).toEqual({
      kind: 'unknown',
      code: '7K3Q-M9XD-2HRB-TW4D',
    });
    expect(await clientAnswering(() => error(400, 'params.code: this code has a typo: check each character')).client.verify('7K3Q')).toEqual({
      kind: 'malformed',
      message: 'This code has a typo: check each character',
    });
  });

  it('does not call the cms for empty or absurd input', async () => {
    const { client, urls } = clientAnswering(() => json(500, {}));
    expect((await client.verify('   ')).kind).toBe('malformed');
    expect((await client.verify('x'.repeat(500))).kind).toBe('malformed');
    expect(urls).toEqual([]);
  });

  it('lets an unavailable cms surface as such (the page answers 503)', async () => {
    await expect(clientAnswering(() => json(502, {})).client.verify('7K3Q-M9XD-2HRB-TW4C')).rejects.toBeInstanceOf(CmsUnavailableError);
  });
});

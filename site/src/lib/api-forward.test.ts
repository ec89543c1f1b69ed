import { describe, expect, it } from 'vitest';
import { answerFromCms, apiError, forwardOutcome, SESSION_ENDED } from './api-forward';
import { CmsUnavailableError } from './cms-http';

describe('api-forward', () => {
  it('passes the cms answer on with its status', async () => {
    const res = forwardOutcome({ ok: true, status: 201, body: { data: { id: 3 } } });
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    await expect(res.json()).resolves.toEqual({ data: { id: 3 } });
  });

  it('keeps the details of a refusal for the island', async () => {
    const res = forwardOutcome({ ok: false, status: 409, message: 'attempt 1 is still in progress', details: { code: 'attempt-in-progress', attemptId: 9 } });
    expect(res.status).toBe(409);
    await expect(res.json()).resolves.toEqual({ data: null, error: { status: 409, message: 'attempt 1 is still in progress', details: { code: 'attempt-in-progress', attemptId: 9 } } });
  });

  it('words a 401 and a 429 for the learner', async () => {
    await expect(forwardOutcome({ ok: false, status: 401, message: 'Missing or invalid credentials', details: null }).json()).resolves.toMatchObject({ error: { message: SESSION_ENDED } });
    const limited = forwardOutcome({ ok: false, status: 429, message: 'Too Many Requests', details: null });
    expect(limited.status).toBe(429);
    await expect(limited.json()).resolves.toMatchObject({ error: { message: expect.stringMatching(/^Too many requests/) } });
  });

  it('answers 503 in JSON when the cms is unreachable, and rethrows anything else', async () => {
    const res = await answerFromCms(async () => {
      throw new CmsUnavailableError('cms at http://x did not answer');
    });
    expect(res.status).toBe(503);
    await expect(res.json()).resolves.toMatchObject({ error: { status: 503 } });
    await expect(answerFromCms(async () => { throw new TypeError('bug'); })).rejects.toThrow('bug');
    expect(apiError(404, 'gone').status).toBe(404);
  });
});

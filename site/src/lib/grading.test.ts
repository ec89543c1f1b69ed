import { describe, expect, it, vi } from 'vitest';
import { createGradingClient, isGradingDocumentId, isQuestionId, parseAttemptId, refusalDetails } from './grading';

interface Call {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function clientWith(respond: (call: Call) => Response) {
  const calls: Call[] = [];
  const fetchStub = vi.fn(async (input: string | URL | Request, init?: RequestInit) => {
    const call: Call = { method: init?.method ?? 'GET', url: String(input), headers: (init?.headers ?? {}) as Record<string, string>, body: init?.body };
    calls.push(call);
    return respond(call);
  }) as unknown as typeof fetch;
  return { client: createGradingClient({ baseUrl: 'http://cms.test', fetch: fetchStub }), calls };
}
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('grading client', () => {
  it('calls the learner routes with the token, PUT for an answer', async () => {
    const { client, calls } = clientWith(() => json(200, { data: {} }));
    await client.quizOverview('jwt', 'abc123');
    await client.startAttempt('jwt', 'abc123');
    await client.attempt('jwt', 7);
    await client.saveAnswer('jwt', 7, 'q_1-x', { optionId: 'o1' });
    await client.submitAttempt('jwt', 7);
    await client.assignmentOverview('jwt', 'asg1');
    await client.myGrades('jwt');
    await client.myGrades('jwt', 'course1');
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET http://cms.test/api/lms-grading/quizzes/abc123',
      'POST http://cms.test/api/lms-grading/quizzes/abc123/attempts',
      'GET http://cms.test/api/lms-grading/attempts/7',
      'PUT http://cms.test/api/lms-grading/attempts/7/answers/q_1-x',
      'POST http://cms.test/api/lms-grading/attempts/7/submit',
      'GET http://cms.test/api/lms-grading/assignments/asg1',
      'GET http://cms.test/api/lms-grading/me/grades',
      'GET http://cms.test/api/lms-grading/me/grades?course=course1',
    ]);
    expect(calls.every((c) => c.headers.authorization === 'Bearer jwt')).toBe(true);
    expect(JSON.parse(calls[3]!.body as string)).toEqual({ answer: { optionId: 'o1' } });
  });

  it('sends a submission as multipart, letting fetch set the boundary', async () => {
    const { client, calls } = clientWith(() => json(201, { data: { id: 1 } }));
    const form = new FormData();
    form.append('text', 'hello');
    const outcome = await client.submitAssignment('jwt', 'asg1', form);
    expect(outcome).toMatchObject({ ok: true, status: 201 });
    expect(calls[0]!.body).toBe(form);
    expect(calls[0]!.headers['content-type']).toBeUndefined();
  });

  it('refuses ids that could change the path, without calling the cms', async () => {
    const { client, calls } = clientWith(() => json(200, {}));
    expect(() => client.quizOverview('jwt', '../admin')).toThrow(RangeError);
    expect(() => client.saveAnswer('jwt', 1, 'a/b', { text: '' })).toThrow(RangeError);
    expect(() => client.attempt('jwt', 0)).toThrow(RangeError);
    expect(calls).toHaveLength(0);
    expect(isGradingDocumentId('abc')).toBe(true);
    expect(isGradingDocumentId('a-b')).toBe(false);
    expect(isQuestionId('Q_1-a')).toBe(true);
    expect(parseAttemptId('12')).toBe(12);
    expect(parseAttemptId('012')).toBeNull();
    expect(parseAttemptId('99999999999')).toBeNull();
    expect(parseAttemptId('1e3')).toBeNull();
  });

  it('hands back a refusal with its details', async () => {
    const { client } = clientWith(() => json(409, { data: null, error: { status: 409, name: 'ConflictError', message: 'attempt 1 is still in progress', details: { code: 'attempt-in-progress', attemptId: 5 } } }));
    const outcome = await client.startAttempt('jwt', 'abc');
    expect(outcome).toMatchObject({ ok: false, status: 409, message: 'attempt 1 is still in progress' });
    expect(refusalDetails(outcome)).toEqual({ code: 'attempt-in-progress', attemptId: 5 });
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import Redis from 'ioredis';
import { decodeJwt } from 'jose';
import canvasSamples from '../fixtures/lti/canvas-lti13-launch-samples.json';
import lti11Vector from '../fixtures/lti/lti11-oauth1-hmac-sha1-vector.json';
import type { StartAttemptResponse, SubmitAttemptResponse } from '../../plugins/lms-grading/server/src/quizzes/contracts';
import type { Passback, Registration, ResourceLinkView, RosterSyncResult, ToolValues } from '../../plugins/lms-lti/server/src/contracts';
import { adminAuth, cmsUrl, getJson, sendJson } from '../harness/api';
import { connect, publishDoc } from '../harness/content';
import { createH5pCourse, draftH5pBlock, MULTICHOICE, publishLesson, uploadH5p } from '../harness/h5p';
import { AGS_SCOPES, oauthSignature, startLtiPlatform, verifyToolJwt, type LaunchSpec, type LtiPlatform } from '../harness/lti-platform';
import { TEST_REDIS_URL } from '../harness/db';
import { sql } from '../harness/pg';

/**
 * lms-lti against the real stack: a local LTI platform (tests/harness/lti-platform.ts) with its
 * own RSA keys and JWKS on loopback, registered through the admin API; every step over HTTP
 * (login → the platform's auth endpoint → form_post launch → hand-off), grades observed at the
 * platform's AGS and Outcomes endpoints, rows read back from PostgreSQL.
 */

const run = Date.now().toString(36);
const LEARNER = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner';
const INSTRUCTOR = 'http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor';

let admin: Record<string, string>;
let platform: LtiPlatform;
let registration: Registration;
let tool: ToolValues;
const content = { course: '', courseSlug: '', lesson: '', lessonSlug: '', quiz: '', quizTitle: '', other: '' };

// ─── small HTTP helpers ─────────────────────────────────────────────────────────────────────

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The first form of an HTML page: its action and fields (hidden inputs). */
function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = /<form[^>]*action="([^"]*)"/.exec(html)?.[1];
  if (!action) throw new Error(`no form in ${html.slice(0, 300)}`);
  const fields: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) fields[unescape(m[1] as string)] = unescape(m[2] as string);
  return { action: unescape(action), fields };
}

async function postForm(url: string, fields: Record<string, string | string[]>): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
}

/** Login initiation → the platform's auth endpoint → the form_post it answers with (not yet posted). */
async function loginAt(spec: LaunchSpec, login: Record<string, string> = {}): Promise<{ action: string; fields: Record<string, string> }> {
  const hint = `hint-${Math.random().toString(36).slice(2)}`;
  platform.launches.set(hint, spec);
  const params = new URLSearchParams({ iss: platform.issuer, login_hint: hint, target_link_uri: tool.launchUrl, lti_deployment_id: platform.deploymentId, client_id: platform.clientId, ...login });
  const res = await fetch(cmsUrl(`/api/lms-lti/login?${params}`), { redirect: 'manual' });
  expect(res.status, await res.clone().text()).toBe(303);
  const location = res.headers.get('location') as string;
  expect(location.startsWith(platform.authEndpoint)).toBe(true);
  const auth = await fetch(location);
  expect(auth.status).toBe(200);
  return formOf(await auth.text());
}

/** A full launch; returns the launch response (303 to the site, or a page). */
async function launch(spec: LaunchSpec, login: Record<string, string> = {}): Promise<Response> {
  const form = await loginAt(spec, login);
  expect(form.action).toBe(tool.launchUrl);
  return postForm(form.action, form.fields);
}

/** The learner's JWT from a successful launch (the site's hand-off, done here directly). */
async function handoff(res: Response): Promise<{ jwt: string; path: string; auth: Record<string, string> }> {
  expect(res.status, await res.clone().text()).toBe(303);
  const location = new URL(res.headers.get('location') as string);
  expect(location.pathname).toBe('/lti/launch');
  const redeemed = await sendJson<{ jwt: string; path: string }>('POST', '/api/lms-lti/handoff', { token: location.searchParams.get('token') });
  expect(redeemed.status).toBe(200);
  return { ...redeemed.body, auth: { authorization: `Bearer ${redeemed.body.jwt}` } };
}

async function errorPage(res: Response): Promise<{ status: number; code: string; message: string }> {
  const html = await res.text();
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
  return { status: res.status, code: /data-code="([^"]*)"/.exec(html)?.[1] ?? '', message: unescape(/role="alert"[^>]*>([^<]*)</.exec(html)?.[1] ?? '') };
}

const ltiUsers = async (subject: string) => sql<{ user_id: number }>('SELECT user_id FROM lms_lti_users WHERE issuer = $1 AND subject = $2', [platform.issuer, subject]);

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined> | T | null | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function takeQuiz(auth: Record<string, string>, right: boolean): Promise<SubmitAttemptResponse> {
  const started = await sendJson<StartAttemptResponse>('POST', `/api/lms-grading/quizzes/${content.quiz}/attempts`, {}, auth);
  expect(started.status, JSON.stringify(started.body)).toBe(201);
  const attempt = started.body.data;
  for (const q of attempt.paper.questions) {
    const answer = q.type === 'true-false' ? { value: right } : { optionId: (q.type === 'single-choice' ? q.options : []).find((o) => o.text === (right ? 'Paris' : 'Lyon'))?.id };
    const saved = await sendJson('PUT', `/api/lms-grading/attempts/${attempt.id}/answers/${q.id}`, { answer }, auth);
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  }
  const submitted = await sendJson<SubmitAttemptResponse>('POST', `/api/lms-grading/attempts/${attempt.id}/submit`, {}, auth);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return submitted.body;
}

beforeAll(async () => {
  admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
  // A course whose only lesson embeds a two-question quiz, and a second course.
  content.courseSlug = `lti-course-${run}`;
  content.course = await publishDoc(admin, 'api::course.course', { title: `LTI course ${run}`, slug: content.courseSlug, summary: 'LTI tests', level: 'beginner', language: 'en', pricingModel: 'one_time', priceAmount: 4900, currency: 'EUR' });
  content.other = await publishDoc(admin, 'api::course.course', { title: `LTI other ${run}`, slug: `lti-other-${run}`, summary: 'LTI tests', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 });
  content.quizTitle = `LTI quiz ${run}`;
  content.quiz = await publishDoc(admin, 'api::quiz.quiz', {
    title: content.quizTitle,
    course: connect(content.course),
    passingScore: 50,
    maxAttempts: 0,
    shuffleQuestions: false,
    shuffleOptions: false,
    feedbackMode: 'after_submit',
    attemptPolicy: 'last',
    questions: [
      { __component: 'question.single-choice', prompt: `Capital of France? ${run}`, points: 1, options: [{ text: 'Paris', correct: true }, { text: 'Lyon', correct: false }] },
      { __component: 'question.true-false', prompt: `The sky is blue. ${run}`, points: 1, correctAnswer: true },
    ],
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(content.course), dripType: 'none' });
  content.lessonSlug = `lti-lesson-${run}`;
  content.lesson = await publishDoc(admin, 'api::lesson.lesson', {
    title: `LTI lesson ${run}`,
    slug: content.lessonSlug,
    order: 0,
    freePreview: false,
    estimatedMinutes: 5,
    section: connect(section),
    blocks: [{ __component: 'blocks.quiz', quiz: connect(content.quiz), countsTowardCompletion: true }],
  });

  tool = (await getJson<ToolValues>('/lms-lti/tool', { headers: admin })).body;
  platform = await startLtiPlatform({ toolJwksUrl: tool.jwksUrl });
  const created = await sendJson<Registration>(
    'POST',
    '/lms-lti/registrations',
    {
      name: `Test platform ${run}`,
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentIds: [platform.deploymentId],
      authEndpoint: platform.authEndpoint,
      tokenEndpoint: platform.tokenEndpoint,
      jwksUrl: platform.jwksUrl,
      courseIds: [content.course],
    },
    admin,
  );
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  registration = created.body;
});

afterAll(async () => {
  await platform?.stop();
});

describe('tool values and registrations (admin API)', () => {
  it('shows the URLs to paste into a platform and publishes the tool key', async () => {
    expect(tool).toMatchObject({
      loginUrl: `${inject('cmsUrl')}/api/lms-lti/login`,
      launchUrl: `${inject('cmsUrl')}/api/lms-lti/launch`,
      jwksUrl: `${inject('cmsUrl')}/api/lms-lti/jwks`,
      configured: true,
    });
    expect(tool.jsonConfig).toMatchObject({ oidc_initiation_url: tool.loginUrl, public_jwk_url: tool.jwksUrl });
    const jwks = await getJson<{ keys: Array<Record<string, unknown>> }>('/api/lms-lti/jwks');
    expect(jwks.status).toBe(200);
    expect(jwks.body.keys.map((k) => k.kid)).toContain(tool.keys.find((k) => k.retiredAt === null)?.kid);
    expect(jwks.body.keys.every((k) => k.kty === 'RSA' && k.alg === 'RS256' && !('d' in k))).toBe(true);
    const stored = await sql<{ encrypted_private_key: string }>('SELECT encrypted_private_key FROM lms_lti_tool_keys');
    expect(stored.every((r) => r.encrypted_private_key.startsWith('v1.') && !r.encrypted_private_key.includes('"d"'))).toBe(true);
  });

  it('refuses a registration with a bad URL or an unknown course, naming the field, and writes nothing', async () => {
    const before = await sql('SELECT id FROM lms_lti_registrations');
    const bad = await sendJson<{ error: { message: string } }>('POST', '/lms-lti/registrations', { ...registration, clientId: 'x', jwksUrl: 'not a url' }, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^body\.jwksUrl: /);
    const unknownCourse = await sendJson<{ error: { message: string } }>('POST', '/lms-lti/registrations', { ...registration, clientId: 'y', courseIds: ['nope'] }, admin);
    expect(unknownCourse.status).toBe(409);
    expect(unknownCourse.body.error.message).toMatch(/course "nope" does not exist/);
    const duplicate = await sendJson<{ error: { message: string } }>('POST', '/lms-lti/registrations', { ...registration }, admin);
    expect(duplicate.status).toBe(409);
    expect(await sql('SELECT id FROM lms_lti_registrations')).toHaveLength(before.length);
  });
});

describe('LTI 1.3 login and launch', () => {
  it('sends the browser to the platform with the OIDC parameters, then launches, provisions, enrolls and hands off to the lesson', async () => {
    const res = await launch({ sub: `learner-a-${run}`, custom: { lms_course: content.course, lms_lesson: content.lesson }, email: `a-${run}@school.example` });
    const auth = platform.authRequests.at(-1) as Record<string, string>;
    expect(auth).toMatchObject({ response_type: 'id_token', scope: 'openid', response_mode: 'form_post', prompt: 'none', client_id: platform.clientId, redirect_uri: tool.launchUrl });
    expect(auth.state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.nonce).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const { path, auth: bearer } = await handoff(res);
    expect(path).toBe(`/learn/${content.courseSlug}/${content.lessonSlug}`);
    const me = await getJson<{ id: number; email: string }>('/api/users/me', { headers: bearer });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(`a-${run}@school.example`);
    const [user] = await ltiUsers(`learner-a-${run}`);
    expect(user?.user_id).toBe(me.body.id);
    // A paid course, enrolled without payment because the platform vouches for the learner.
    const enrollments = await sql<{ source: string; status: string }>('SELECT source, status FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2', [me.body.id, content.course]);
    expect(enrollments).toEqual([{ source: 'lti', status: 'active' }]);
    const lesson = await getJson(`/api/lms-enrollment/lessons/${content.lesson}`, { headers: bearer });
    expect(lesson.status).toBe(200);

    // The same person launching again is the same account.
    const again = await handoff(await launch({ sub: `learner-a-${run}`, custom: { lms_course: content.course } }));
    expect(again.path).toBe(`/learn/${content.courseSlug}`);
    expect((await getJson<{ id: number }>('/api/users/me', { headers: again.auth })).body.id).toBe(me.body.id);
  });

  it('redeems a hand-off token once', async () => {
    const res = await launch({ sub: `learner-b-${run}` });
    const token = new URL(res.headers.get('location') as string).searchParams.get('token');
    expect((await sendJson('POST', '/api/lms-lti/handoff', { token })).status).toBe(200);
    const second = await sendJson<{ error: { message: string } }>('POST', '/api/lms-lti/handoff', { token });
    expect(second.status).toBe(400);
    expect(second.body.error.message).toMatch(/already used/);
  });

  it('answers an auto-submitted form POST when the platform wants its auth request posted', async () => {
    const put = await sendJson('PUT', `/lms-lti/registrations/${registration.id}`, { ...registration, authRequestMethod: 'POST' }, admin);
    expect(put.status).toBe(200);
    try {
      const hint = `hint-post-${run}`;
      platform.launches.set(hint, { sub: `learner-post-${run}` });
      const res = await postForm(cmsUrl('/api/lms-lti/login'), { iss: platform.issuer, login_hint: hint, target_link_uri: tool.launchUrl, client_id: platform.clientId });
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors \*/);
      const form = formOf(html);
      expect(form.action).toBe(platform.authEndpoint);
      expect(form.fields).toMatchObject({ response_type: 'id_token', login_hint: hint, client_id: platform.clientId });
    } finally {
      await sendJson('PUT', `/lms-lti/registrations/${registration.id}`, { ...registration, authRequestMethod: 'GET' }, admin);
    }
  });

  it('refuses a login from an unknown issuer and a target off our origins', async () => {
    const unknown = await fetch(cmsUrl(`/api/lms-lti/login?${new URLSearchParams({ iss: 'https://unknown.example', login_hint: 'x', target_link_uri: tool.launchUrl })}`), { redirect: 'manual' });
    expect(await errorPage(unknown)).toMatchObject({ status: 400, code: 'unknown-issuer' });
    const openRedirect = await fetch(cmsUrl(`/api/lms-lti/login?${new URLSearchParams({ iss: platform.issuer, login_hint: 'x', target_link_uri: 'https://evil.example/' })}`), { redirect: 'manual' });
    expect(await errorPage(openRedirect)).toMatchObject({ status: 400, code: 'target-link-uri-not-allowed' });
  });

  it('parses the claims of real Canvas launches (re-signed by the test platform) and provisions by (issuer, sub)', async () => {
    const messages = canvasSamples.messages as unknown as Record<string, Record<string, unknown>>;
    const canvasStudent = messages['Decoded JWT in Redirect Message from Canvas - Student Account'] as Record<string, unknown>;
    const res = await launch({
      sub: 'ignored',
      mutate: (claims) => {
        const keep = { iss: claims.iss, aud: claims.aud, azp: claims.aud, nonce: claims.nonce, iat: claims.iat, exp: claims.exp };
        const target = claims['https://purl.imsglobal.org/spec/lti/claim/target_link_uri'];
        for (const k of Object.keys(claims)) delete claims[k];
        Object.assign(claims, structuredClone(canvasStudent), keep, {
          'https://purl.imsglobal.org/spec/lti/claim/deployment_id': platform.deploymentId,
          'https://purl.imsglobal.org/spec/lti/claim/target_link_uri': target,
        });
      },
    });
    const { auth } = await handoff(res);
    const me = await getJson<{ id: number }>('/api/users/me', { headers: auth });
    const [user] = await ltiUsers(String(canvasStudent.sub));
    expect(user?.user_id).toBe(me.body.id);
    const links = await sql<{ context_id: string; ags_line_item_url: string | null; nrps_memberships_url: string | null }>(
      'SELECT context_id, ags_line_item_url, nrps_memberships_url FROM lms_lti_resource_links WHERE resource_link_id = $1',
      [(canvasStudent['https://purl.imsglobal.org/spec/lti/claim/resource_link'] as { id: string }).id],
    );
    expect(links[0]?.context_id).toBe((canvasStudent['https://purl.imsglobal.org/spec/lti/claim/context'] as { id: string }).id);
    expect(links[0]?.nrps_memberships_url).toMatch(/names_and_roles$/);
  });
});

describe('LTI 1.3 launches that are refused (error page, nothing provisioned)', () => {
  const refused = async (label: string, spec: Omit<LaunchSpec, 'sub'>, login: Record<string, string> = {}) => {
    const sub = `refused-${label}-${run}`;
    const page = await errorPage(await launch({ sub, ...spec }, login));
    expect(await ltiUsers(sub)).toHaveLength(0);
    return page;
  };

  it('bad signature', async () => {
    expect(await refused('sig', { signWithUnpublishedKey: true })).toMatchObject({ status: 401, code: 'bad-signature' });
  });

  it('wrong aud', async () => {
    const page = await refused('aud', { mutate: (c) => void (c.aud = 'someone-else') });
    expect(page).toMatchObject({ status: 401, code: 'wrong-audience' });
    expect(page.message).toMatch(/^aud: /);
  });

  it('expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await refused('exp', { mutate: (c) => Object.assign(c, { iat: now - 3600, exp: now - 600 }) })).toMatchObject({ status: 401, code: 'token-expired' });
  });

  it('replayed launch: the same form post again, and the same id_token under a fresh state', async () => {
    const sub = `refused-replay-${run}`;
    const form = await loginAt({ sub });
    const first = await postForm(form.action, form.fields);
    await handoff(first);
    const replay = await errorPage(await postForm(form.action, form.fields));
    expect(replay).toMatchObject({ status: 400, code: 'invalid-login-request' });
    expect(replay.message).toMatch(/^state: .*used once/);
    const fresh = await loginAt({ sub });
    const reused = await errorPage(await postForm(fresh.action, { ...fresh.fields, id_token: form.fields.id_token as string }));
    expect(reused).toMatchObject({ status: 401, code: 'nonce-mismatch' });
  });

  it('replayed nonce: even when the login state is offered again, the id_token is used once', async () => {
    // The state is taken once, which already stops a replayed form post (above). Here the state
    // record is put back in Redis behind the tool's back, so only the nonce-once check remains.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const sub = `refused-nonce-${run}`;
      const form = await loginAt({ sub });
      const key = `${inject('redisPrefix')}:lti:state:${form.fields.state}`;
      const pending = await redis.get(key);
      expect(pending).not.toBeNull();
      await handoff(await postForm(form.action, form.fields));
      await redis.set(key, pending as string, 'EX', 60);
      expect(await errorPage(await postForm(form.action, form.fields))).toMatchObject({ status: 401, code: 'nonce-replayed' });
    } finally {
      redis.disconnect();
    }
  });

  it('unknown deployment', async () => {
    expect(await refused('dep', { mutate: (c) => void (c['https://purl.imsglobal.org/spec/lti/claim/deployment_id'] = 'deployment-unknown') })).toMatchObject({
      status: 401,
      code: 'unknown-deployment',
    });
  });

  it('wrong message type', async () => {
    expect(await refused('type', { mutate: (c) => void (c['https://purl.imsglobal.org/spec/lti/claim/message_type'] = 'LtiSubmissionReviewRequest') })).toMatchObject({
      status: 400,
      code: 'unsupported-message-type',
    });
  });

  it('a key rotated in at the platform is fetched once and accepted; a kid it never published is refused', async () => {
    await launch({ sub: `rotation-warmup-${run}` }); // the current key set is cached
    const fetches = platform.jwksFetches;
    await platform.rotateKey({ publish: true });
    await handoff(await launch({ sub: `rotation-${run}` }));
    expect(platform.jwksFetches).toBe(fetches + 1);
    const known = platform.currentKid();
    await platform.rotateKey({ publish: false });
    try {
      expect(await refused('kid', {})).toMatchObject({ status: 401, code: 'unknown-kid' });
    } finally {
      platform.useKey(known);
    }
  });

  it('a learner cannot open the deep-linking picker; a role we do not map is refused', async () => {
    expect(await refused('dl-learner', { messageType: 'LtiDeepLinkingRequest', roles: [LEARNER] })).toMatchObject({ status: 400, code: 'invalid-claim' });
    expect(await refused('mentor', { roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor'] })).toMatchObject({ status: 400, code: 'invalid-claim' });
  });

  it('a course that is not linked to the registration', async () => {
    const page = await refused('course', { custom: { lms_course: content.other } });
    expect(page).toMatchObject({ status: 400 });
    expect(page.message).toMatch(/not linked to the registration/);
  });
});

describe('Deep Linking', () => {
  it('shows an instructor the courses, lessons and quizzes, and returns a signed LtiDeepLinkingResponse with a line item for the quiz', async () => {
    const res = await launch({ sub: `teacher-${run}`, messageType: 'LtiDeepLinkingRequest', roles: [INSTRUCTOR], deepLinking: { data: `dl-${run}` } });
    expect(res.status).toBe(200);
    const picker = await res.text();
    expect(picker).toContain(`value="course:${content.course}"`);
    expect(picker).toContain(`value="lesson:${content.lesson}"`);
    expect(picker).toContain(`value="quiz:${content.quiz}"`);
    expect(picker).not.toContain(content.other);
    const session = /name="session" value="([^"]+)"/.exec(picker)?.[1] as string;

    const answer = await postForm(cmsUrl('/api/lms-lti/deep-linking'), { session, item: [`quiz:${content.quiz}`, `lesson:${content.lesson}`] });
    expect(answer.status).toBe(200);
    const form = formOf(await answer.text());
    expect(form.action).toBe(`${platform.url}/deep-link-return`);
    const { payload } = await verifyToolJwt(form.fields.JWT as string, tool.jwksUrl, { issuer: platform.clientId, audience: platform.issuer });
    expect(payload).toMatchObject({
      'https://purl.imsglobal.org/spec/lti/claim/message_type': 'LtiDeepLinkingResponse',
      'https://purl.imsglobal.org/spec/lti/claim/deployment_id': platform.deploymentId,
      'https://purl.imsglobal.org/spec/lti-dl/claim/data': `dl-${run}`,
    });
    const items = payload['https://purl.imsglobal.org/spec/lti-dl/claim/content_items'] as Array<Record<string, unknown>>;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ type: 'ltiResourceLink', url: tool.launchUrl, custom: { lms_course: content.course, lms_quiz: content.quiz }, lineItem: { resourceId: `quiz:${content.quiz}` } });
    expect(items[1]).toMatchObject({ type: 'ltiResourceLink', custom: { lms_course: content.course, lms_lesson: content.lesson } });
    expect(items[1]).not.toHaveProperty('lineItem');

    // The picker session is used once.
    const again = await errorPage(await postForm(cmsUrl('/api/lms-lti/deep-linking'), { session, item: `course:${content.course}` }));
    expect(again.status).toBe(400);
  });
});

describe('Assignment and Grade Services', () => {
  it('posts the score to the platform when a quiz launched from a deep-linked link is graded', async () => {
    const sub = `ags-${run}`;
    const lineItem = `${platform.url}/lineitems/coupled-${run}?type=quiz`;
    const { auth } = await handoff(await launch({ sub, resourceLinkId: `quiz-link-${run}`, custom: { lms_course: content.course, lms_quiz: content.quiz }, ags: { lineItem, scopes: [AGS_SCOPES.lineItem, AGS_SCOPES.score] } }));
    const scoresBefore = platform.scores.length;
    await takeQuiz(auth, true);
    const score = await waitFor('the score at the platform', () => platform.scores.slice(scoresBefore).find((s) => s.body.userId === sub));
    // Posted to {lineitem}/scores with the line item's query kept (the platform records the line item).
    expect(score.lineItemId).toBe(lineItem);
    expect(score.body).toMatchObject({ userId: sub, scoreGiven: 2, scoreMaximum: 2, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
    expect(score.contentType).toBe('application/vnd.ims.lis.v1.score+json');
    expect(platform.tokenRequests.at(-1)).toMatchObject({ ok: true });
    const rows = await sql<{ status: string; attempts: number }>("SELECT status, attempts FROM lms_lti_passbacks WHERE resource_id = $1 AND status = 'sent'", [`quiz:${content.quiz}`]);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('finds or creates the quiz column for a course link, retries when the platform fails, and shows the failure to admins meanwhile', async () => {
    const sub = `ags-course-${run}`;
    const { auth } = await handoff(await launch({ sub, resourceLinkId: `course-link-${run}`, custom: { lms_course: content.course } }));
    const scoresBefore = platform.scores.length;
    platform.failScores = 1;
    await takeQuiz(auth, false);
    const retrying = await waitFor('a retrying passback', async () => {
      const { body } = await getJson<{ passbacks: Passback[] }>('/lms-lti/passbacks?status=retrying', { headers: admin });
      return body.passbacks.find((p) => p.resourceId === `quiz:${content.quiz}`);
    });
    expect(retrying.lastError).toMatch(/answered 500/);
    const score = await waitFor('the score after a retry', () => platform.scores.slice(scoresBefore).find((s) => s.body.userId === sub));
    expect(score.body).toMatchObject({ scoreGiven: 0, scoreMaximum: 2 });
    const created = platform.lineItems.find((li) => li.resourceId === `quiz:${content.quiz}`);
    expect(created).toMatchObject({ label: content.quizTitle, tag: 'quiz' });
    expect(score.lineItemId.startsWith(created?.id.split('?')[0] as string)).toBe(true);
    const sent = await waitFor('the passback marked sent', async () => {
      const { body } = await getJson<{ passbacks: Passback[] }>(`/lms-lti/passbacks?status=sent`, { headers: admin });
      return body.passbacks.find((p) => p.id === retrying.id);
    });
    expect(sent.attempts).toBe(2);
  });

  it('marks a grade skipped (with why) when the launch offered no grade service; an admin may retry it', async () => {
    const sub = `ags-none-${run}`;
    const { auth } = await handoff(await launch({ sub, resourceLinkId: `no-ags-link-${run}`, custom: { lms_course: content.course }, ags: null }));
    await takeQuiz(auth, true);
    const skipped = await waitFor('a skipped passback', async () => {
      const { body } = await getJson<{ passbacks: Passback[] }>('/lms-lti/passbacks?status=skipped', { headers: admin });
      return body.passbacks.find((p) => p.lastError?.includes('no grade service'));
    });
    const retried = await sendJson<Passback>('POST', `/lms-lti/passbacks/${skipped.id}/retry`, {}, admin);
    expect(retried.status).toBe(200);
    const sentAlready = await sendJson<{ error: { message: string } }>('POST', `/lms-lti/passbacks/999999/retry`, {}, admin);
    expect(sentAlready.status).toBe(404);
  });

  it('posts a graded H5P activity’s best score (percent) to its own column of a course link, never to an LTI 1.1 outcome', async () => {
    const h5p = await createH5pCourse(admin, 'lti', run);
    const { block } = await draftH5pBlock(admin, h5p.lessonId);
    expect((await uploadH5p(admin, MULTICHOICE, 'multichoice.h5p', { lesson: h5p.lessonId, block: block.id })).status).toBe(201);
    await publishLesson(admin, h5p.lessonId);
    const linked = await sendJson('PUT', `/lms-lti/registrations/${registration.id}`, { ...registration, courseIds: [...registration.courseIds, h5p.courseId] }, admin);
    expect(linked.status, JSON.stringify(linked.body)).toBe(200);
    try {
      await h5pPassback(h5p);
    } finally {
      // The other tests launch links that name no course: the registration must reach one course only.
      await sendJson('PUT', `/lms-lti/registrations/${registration.id}`, registration, admin);
    }
  });
});

/** A learner launched from a course link answers the H5P activity; its score reaches the platform. */
async function h5pPassback(h5p: Awaited<ReturnType<typeof createH5pCourse>>): Promise<void> {
  const sub = `ags-h5p-${run}`;
  const { auth } = await handoff(await launch({ sub, resourceLinkId: `h5p-course-link-${run}`, custom: { lms_course: h5p.courseId } }));
  const opened = await getJson<{ data: { blocks: Array<{ __component: string; id: number }> } }>(`/api/lms-enrollment/lessons/${h5p.lessonId}`, { headers: auth });
  const blockId = opened.body.data.blocks.find((b) => b.__component === 'blocks.h5p')?.id as number;
  const scoresBefore = platform.scores.length;
  const statement = (scaled: number) => ({
    verb: { id: 'http://adlnet.gov/expapi/verbs/answered' },
    object: { id: 'http://localhost/h5p', objectType: 'Activity' },
    result: { score: { min: 0, max: 1, raw: scaled, scaled }, completion: true, success: scaled >= 1 },
  });
  expect((await sendJson('POST', '/api/lms-h5p/xapi', { lesson: h5p.lessonId, block: blockId, statement: statement(0.5) }, auth)).status).toBeLessThan(300);
  const score = await waitFor('the H5P score at the platform', () => platform.scores.slice(scoresBefore).find((s) => s.body.userId === sub));
  expect(score.body).toMatchObject({ userId: sub, scoreGiven: 50, scoreMaximum: 100, activityProgress: 'Completed', gradingProgress: 'FullyGraded' });
  const column = platform.lineItems.find((li) => li.resourceId === `h5p:${h5p.lessonId}:${blockId}`);
  expect(column).toMatchObject({ tag: 'h5p', scoreMaximum: 100 });
  expect(column?.label).toContain('(H5P activity)');
  const rows = await sql<{ kind: string }>('SELECT kind FROM lms_lti_passbacks WHERE resource_id = $1', [`h5p:${h5p.lessonId}:${blockId}`]);
  expect(rows.map((r) => r.kind)).toEqual(['ags']);
}

describe('Names and Role Provisioning', () => {
  it('reads the roster of a link on demand and enrolls its active learners', async () => {
    await handoff(await launch({ sub: `nrps-teacher-${run}`, roles: [INSTRUCTOR], resourceLinkId: `nrps-link-${run}`, nrps: true }));
    platform.members = [
      { user_id: `roster-1-${run}`, status: 'Active', roles: [LEARNER], name: 'Roster One' },
      { user_id: `roster-2-${run}`, status: 'Inactive', roles: [LEARNER] },
      { user_id: `roster-3-${run}`, roles: [INSTRUCTOR] },
    ];
    const { body: linksBody } = await getJson<{ links: ResourceLinkView[] }>('/lms-lti/links', { headers: admin });
    const link = linksBody.links.find((l) => l.resourceLinkId === `nrps-link-${run}`) as ResourceLinkView;
    expect(link.hasRoster).toBe(true);
    const synced = await sendJson<RosterSyncResult>('POST', `/lms-lti/links/${link.id}/roster`, {}, admin);
    expect(synced.status, JSON.stringify(synced.body)).toBe(200);
    expect(synced.body).toMatchObject({ members: 3, enrolled: 1, provisioned: 1 });
    const [user] = await ltiUsers(`roster-1-${run}`);
    const enrollment = await sql('SELECT id FROM lms_enrollments WHERE user_id = $1 AND course_document_id = $2 AND source = $3', [user?.user_id, content.course, 'lti']);
    expect(enrollment).toHaveLength(1);
    expect(await ltiUsers(`roster-2-${run}`)).toHaveLength(0);
  });
});

describe('LTI 1.1', () => {
  const consumerKey = `consumer-${run}`;
  const secret = `secret-${run}-0123456789`;

  it('reproduces the published HMAC-SHA1 test vector', () => {
    const fields = Object.entries(lti11Vector.body as Record<string, string>);
    expect(oauthSignature(lti11Vector.method, lti11Vector.url, fields, lti11Vector.consumer_secret)).toBe(lti11Vector.body.oauth_signature);
  });

  it('launches with a signed basic launch, refuses bad signatures, old timestamps and replayed nonces, and sends replaceResult when graded', async () => {
    const created = await sendJson('POST', '/lms-lti/consumers', { name: `Moodle 1.1 ${run}`, consumerKey, secret, courseIds: [content.course] }, admin);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sealed = await sql<{ encrypted_secret: string }>('SELECT encrypted_secret FROM lms_lti11_consumers WHERE consumer_key = $1', [consumerKey]);
    expect(sealed[0]?.encrypted_secret).not.toContain(secret);
    platform.lti11Secrets.set(consumerKey, secret);
    const url = tool.lti11LaunchUrl;
    const params = {
      user_id: `lti11-user-${run}`,
      roles: 'Learner',
      resource_link_id: `lti11-link-${run}`,
      lis_person_contact_email_primary: `lti11-${run}@school.example`,
      lis_outcome_service_url: `${platform.url}/outcomes`,
      lis_result_sourcedid: `sourced-${run}`,
      custom_lms_quiz: content.quiz,
      custom_lms_course: content.course,
    };

    const badSignature = platform.signLti11Launch(url, consumerKey, 'not-the-secret-at-all', params);
    expect(await errorPage(await postForm(url, badSignature))).toMatchObject({ status: 401 });
    const old = platform.signLti11Launch(url, consumerKey, secret, params, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
    expect(await errorPage(await postForm(url, old))).toMatchObject({ status: 401, code: 'timestamp-out-of-window' });
    expect(await sql('SELECT id FROM lms_lti_users WHERE subject = $1', [params.user_id])).toHaveLength(0);

    const signed = platform.signLti11Launch(url, consumerKey, secret, params);
    const { path, auth } = await handoff(await postForm(url, signed));
    expect(path).toBe(`/learn/${content.courseSlug}/${content.lessonSlug}`);
    expect(await errorPage(await postForm(url, signed))).toMatchObject({ status: 401, code: 'nonce-replayed' });

    await takeQuiz(auth, true);
    const outcome = await waitFor('replaceResult at the consumer', () => platform.outcomes.find((o) => o.sourcedId === `sourced-${run}`));
    expect(outcome).toEqual({ sourcedId: `sourced-${run}`, score: '1.0', verified: true });
  });
});

describe('hand-off JWT', () => {
  it('is a users-permissions token for the provisioned user', async () => {
    const { jwt } = await handoff(await launch({ sub: `jwt-${run}` }));
    const [user] = await ltiUsers(`jwt-${run}`);
    expect(decodeJwt(jwt).id).toBe(user?.user_id);
  });
});

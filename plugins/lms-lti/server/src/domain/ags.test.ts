import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CLIENT_ASSERTION_TYPE,
  type LineItem,
  type WantedLineItem,
  buildScore,
  lineItemsQueryUrl,
  nextPageUrl,
  parseLineItem,
  parseLineItems,
  parseTokenResponse,
  planLineItem,
  scoresUrl,
  signClientAssertion,
  tokenCovers,
  tokenRequestForm,
} from './ags';
import { AGS_SCOPE } from './claims';
import { type ToolKeyRecord, type ToolSigningKey, generateToolKey, publicJwks, toolSigningKey } from './keys';
import { type AgsEndpoint } from './launch';
import { canvasMessage } from '../testing/fixtures';

const NOW = new Date('2026-03-02T10:00:00Z');
const registration = {
  clientId: '10000000000003',
  tokenEndpoint: 'https://canvas.home.russfeld.me/login/oauth2/token',
  tokenAudience: null,
};

describe('client credentials assertion', () => {
  let record: ToolKeyRecord;
  let key: ToolSigningKey;

  beforeAll(async () => {
    const kek = randomBytes(32);
    record = await generateToolKey(NOW, kek);
    key = await toolSigningKey(record, kek);
  });

  it('round trip: the platform verifies it with our JWKS; the claims match what Canvas received', async () => {
    const assertion = await signClientAssertion(registration, key, { now: NOW });
    const { payload, protectedHeader } = await jwtVerify(assertion, createLocalJWKSet(publicJwks([record], NOW)), {
      issuer: registration.clientId,
      subject: registration.clientId,
      audience: registration.tokenEndpoint,
      currentDate: NOW,
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: record.kid });
    expect(payload.exp).toBe((payload.iat as number) + 300);
    // Same claim set as the assertion a real tool sent to Canvas (fixture).
    const canvas = canvasMessage('Decuded JWT in request:') as Record<string, unknown>;
    expect(Object.keys(payload).sort()).toEqual(Object.keys(canvas).sort());
    expect(payload.aud).toBe(canvas.aud);
  });

  it('uses a fresh jti each time, and the platform-specific audience when one is set', async () => {
    const a = decodeJwt(await signClientAssertion(registration, key, { now: NOW }));
    const b = decodeJwt(await signClientAssertion(registration, key, { now: NOW }));
    expect(a.jti).not.toBe(b.jti);
    const d2l = decodeJwt(await signClientAssertion({ ...registration, tokenAudience: 'https://api.brightspace.com/auth/token' }, key, { now: NOW }));
    expect(d2l.aud).toBe('https://api.brightspace.com/auth/token');
  });

  it('builds the token request form Canvas accepted, and reads its answer', () => {
    const form = Object.fromEntries(tokenRequestForm('header.payload.sig', [AGS_SCOPE.score, AGS_SCOPE.score, AGS_SCOPE.lineItem]));
    const canvasRequest = canvasMessage('Token request sent to LMS:') as Record<string, string>;
    expect(Object.keys(form).sort()).toEqual(Object.keys(canvasRequest).sort());
    expect(form).toEqual({
      grant_type: 'client_credentials',
      client_assertion_type: canvasRequest.client_assertion_type,
      client_assertion: 'header.payload.sig',
      scope: `${AGS_SCOPE.score} ${AGS_SCOPE.lineItem}`,
    });
    expect(CLIENT_ASSERTION_TYPE).toBe(canvasRequest.client_assertion_type);

    const token = parseTokenResponse(canvasMessage('Canvas Responds with a Token that looks like this:'), [AGS_SCOPE.score], NOW);
    expect(token.scopes).toEqual([AGS_SCOPE.score]);
    expect(token.expiresAt.getTime()).toBe(NOW.getTime() + 3600_000);
    expect(tokenCovers(token, [AGS_SCOPE.score], NOW)).toBe(true);
    expect(tokenCovers(token, [AGS_SCOPE.score, AGS_SCOPE.lineItem], NOW)).toBe(false);
    expect(tokenCovers(token, [AGS_SCOPE.score], new Date(NOW.getTime() + 3590_000))).toBe(false);
  });

  it('refuses token answers it cannot use', () => {
    expect(() => parseTokenResponse({ token_type: 'Bearer' }, [], NOW)).toThrowError(expect.objectContaining({ code: 'invalid-token-response', field: 'access_token' }));
    expect(() => parseTokenResponse({ access_token: 'x', token_type: 'mac' }, [], NOW)).toThrowError(expect.objectContaining({ field: 'token_type' }));
    expect(() => parseTokenResponse({ access_token: 'x', token_type: 'bearer', expires_in: -1 }, [], NOW)).toThrowError(expect.objectContaining({ field: 'expires_in' }));
    expect(parseTokenResponse({ access_token: 'x', token_type: 'bearer' }, [AGS_SCOPE.score], NOW)).toMatchObject({ scopes: [AGS_SCOPE.score], expiresAt: new Date(NOW.getTime() + 300_000) });
  });
});

describe('scores', () => {
  it('builds the score body with a millisecond timestamp', () => {
    expect(
      buildScore({
        userId: 'sub-1',
        scoreGiven: 8.5,
        scoreMaximum: 10,
        activityProgress: 'Completed',
        gradingProgress: 'FullyGraded',
        timestamp: new Date('2026-03-02T10:00:00.123Z'),
        comment: 'Well done',
      }),
    ).toEqual({
      userId: 'sub-1',
      scoreGiven: 8.5,
      scoreMaximum: 10,
      activityProgress: 'Completed',
      gradingProgress: 'FullyGraded',
      timestamp: '2026-03-02T10:00:00.123Z',
      comment: 'Well done',
    });
  });

  it('sends progress without a score, and allows extra credit', () => {
    expect(buildScore({ userId: 'u', activityProgress: 'Submitted', gradingProgress: 'PendingManual', timestamp: NOW })).toEqual({
      userId: 'u',
      activityProgress: 'Submitted',
      gradingProgress: 'PendingManual',
      timestamp: NOW.toISOString(),
    });
    expect(buildScore({ userId: 'u', scoreGiven: 11, scoreMaximum: 10, activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: NOW }).scoreGiven).toBe(11);
  });

  it.each([
    [{ userId: '' }, 'userId'],
    [{ scoreGiven: -1, scoreMaximum: 10 }, 'scoreGiven'],
    [{ scoreGiven: 5 }, 'scoreMaximum'],
    [{ scoreMaximum: 10 }, 'scoreGiven'],
    [{ scoreGiven: 1, scoreMaximum: 0 }, 'scoreMaximum'],
    [{ scoreGiven: Number.NaN, scoreMaximum: 1 }, 'scoreGiven'],
    [{ activityProgress: 'Done' }, 'activityProgress'],
    [{ gradingProgress: 'Graded' }, 'gradingProgress'],
    [{ timestamp: new Date('nope') }, 'timestamp'],
  ])('refuses %j naming %s', (change, field) => {
    const input = { userId: 'u', activityProgress: 'Completed', gradingProgress: 'FullyGraded', timestamp: NOW, ...change } as Parameters<typeof buildScore>[0];
    expect(() => buildScore(input)).toThrowError(expect.objectContaining({ code: 'invalid-score', field }));
  });

  it('appends /scores to the line item path, keeping its query', () => {
    expect(scoresUrl('https://canvas.test/api/lti/courses/3/line_items/1')).toBe('https://canvas.test/api/lti/courses/3/line_items/1/scores');
    expect(scoresUrl('https://moodle.test/mod/lti/services.php/2/lineitems/7/lineitem?type_id=1')).toBe(
      'https://moodle.test/mod/lti/services.php/2/lineitems/7/lineitem/scores?type_id=1',
    );
    expect(() => scoresUrl('not a url')).toThrowError(expect.objectContaining({ code: 'invalid-service-url' }));
  });
});

describe('line item find-or-create', () => {
  const ags: AgsEndpoint = {
    scopes: [AGS_SCOPE.lineItem, AGS_SCOPE.score],
    lineItemsUrl: 'https://p.test/api/courses/1/line_items?type_id=3',
    lineItemUrl: null,
  };
  const wanted: WantedLineItem = { resourceId: 'quiz:42', label: 'Quiz: generics', scoreMaximum: 10, resourceLinkId: 'link-1', linkItem: false };
  const item = (over: Partial<LineItem>): LineItem => ({
    id: 'https://p.test/api/courses/1/line_items/9',
    scoreMaximum: 10,
    label: 'Quiz: generics',
    resourceId: 'quiz:42',
    resourceLinkId: 'link-1',
    tag: null,
    ...over,
  });

  it('lists (filtered), then creates when nothing matches, then posts to what was created', () => {
    const list = planLineItem(ags, wanted);
    expect(list).toEqual({ step: 'list', url: 'https://p.test/api/courses/1/line_items?type_id=3&resource_id=quiz%3A42&resource_link_id=link-1' });
    const create = planLineItem(ags, wanted, { listed: [item({ resourceId: 'quiz:7' })] });
    expect(create).toEqual({
      step: 'create',
      url: ags.lineItemsUrl,
      body: { scoreMaximum: 10, label: 'Quiz: generics', resourceId: 'quiz:42', resourceLinkId: 'link-1' },
    });
    const created = parseLineItem({ ...(create.step === 'create' ? create.body : {}), id: 'https://p.test/api/courses/1/line_items/10' });
    expect(planLineItem(ags, wanted, { storedLineItemUrl: created.id })).toEqual({
      step: 'post-score',
      lineItemUrl: 'https://p.test/api/courses/1/line_items/10',
      scoresUrl: 'https://p.test/api/courses/1/line_items/10/scores',
      scoreMaximumDiffers: false,
    });
  });

  it('finds an existing line item (even when the platform ignored the filter) and flags a changed maximum', () => {
    const listed = [item({ resourceId: 'other', id: 'https://p.test/li/1' }), item({ scoreMaximum: 20 })];
    expect(planLineItem(ags, wanted, { listed })).toMatchObject({ step: 'post-score', lineItemUrl: 'https://p.test/api/courses/1/line_items/9', scoreMaximumDiffers: true });
  });

  it('posts to the line item coupled to the link when the link itself is graded', () => {
    const coupled = { ...ags, lineItemUrl: 'https://p.test/api/courses/1/line_items/1' };
    expect(planLineItem(coupled, { ...wanted, linkItem: true })).toMatchObject({ step: 'post-score', lineItemUrl: coupled.lineItemUrl });
    expect(planLineItem(coupled, wanted).step).toBe('list');
  });

  it('says why grades cannot be sent', () => {
    expect(planLineItem(null, wanted)).toMatchObject({ step: 'unavailable', reason: 'no-ags' });
    expect(planLineItem({ ...ags, scopes: [AGS_SCOPE.lineItem] }, wanted)).toMatchObject({ reason: 'no-score-scope' });
    expect(planLineItem({ ...ags, lineItemsUrl: null }, wanted)).toMatchObject({ reason: 'no-line-items-url' });
    expect(planLineItem({ ...ags, scopes: [AGS_SCOPE.score] }, wanted)).toMatchObject({ reason: 'no-line-item-scope' });
    const readOnly = { ...ags, scopes: [AGS_SCOPE.score, AGS_SCOPE.lineItemReadOnly] };
    expect(planLineItem(readOnly, wanted).step).toBe('list');
    expect(planLineItem(readOnly, wanted, { listed: [] })).toMatchObject({ step: 'unavailable', reason: 'no-line-item-scope' });
  });

  it('reads line item containers and paging links', () => {
    expect(parseLineItems([{ id: 'https://p.test/li/1', scoreMaximum: '10', label: 'A', resourceId: 'quiz:1' }])).toEqual([
      { id: 'https://p.test/li/1', scoreMaximum: 10, label: 'A', resourceId: 'quiz:1', resourceLinkId: null, tag: null },
    ]);
    expect(() => parseLineItems([{ id: 'https://p.test/li/1' }])).toThrowError(expect.objectContaining({ field: 'lineItems[0].scoreMaximum' }));
    expect(() => parseLineItems({})).toThrowError(expect.objectContaining({ code: 'invalid-line-item' }));
    expect(nextPageUrl('<https://p.test/li?page=2,3>; rel="next", <https://p.test/li?page=9>; rel="last"')).toBe('https://p.test/li?page=2,3');
    expect(nextPageUrl('<https://p.test/li?page=1>; rel="prev first"')).toBeNull();
    expect(nextPageUrl('<https://p.test/li?p=2>;rel=next')).toBe('https://p.test/li?p=2');
    expect(nextPageUrl(null)).toBeNull();
    expect(lineItemsQueryUrl('https://p.test/li', { tag: 'quiz', limit: 50 })).toBe('https://p.test/li?tag=quiz&limit=50');
  });
});

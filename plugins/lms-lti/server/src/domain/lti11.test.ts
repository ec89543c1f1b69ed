import { describe, expect, it } from 'vitest';
import {
  type VerifyLti11Options,
  formatOutcomeScore,
  hmacSha1Signature,
  oauthBodyHash,
  paramsFromRecord,
  parseOAuthAuthorizationHeader,
  parseOutcomeResponse,
  percentEncode,
  replaceResultXml,
  signOutcomeRequest,
  signatureBaseString,
  verifyLti11Launch,
  verifyOAuthSignature,
} from './lti11';
import { rejection } from '../testing/errors';
import { lti11Vector as vector } from '../testing/fixtures';

const vectorNow = new Date(Number(vector.body.oauth_timestamp) * 1000);

function options(extra: Partial<VerifyLti11Options> = {}): VerifyLti11Options {
  const seen = new Set<string>();
  return {
    now: vectorNow,
    findSecret: (key) => (key === vector.consumer_key ? vector.consumer_secret : null),
    consumeNonce: ({ consumerKey, nonce }) => {
      const id = `${consumerKey}:${nonce}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    },
    ...extra,
  };
}

describe('OAuth 1.0a HMAC-SHA1 (LTI 1.1 launch)', () => {
  it('reproduces the fixture signature, including the repeated query parameter', () => {
    const base = signatureBaseString(vector.method, vector.url, paramsFromRecord(vector.body));
    expect(base.startsWith('POST&http%3A%2F%2Fwww.imsglobal.org%2Fdevelopers%2FLTI%2Ftest%2Fv1p1%2Ftool.php&')).toBe(true);
    expect(base).toContain('foo%3D123%26foo%3Dbar');
    expect(base).not.toContain('oauth_signature%3D');
    expect(hmacSha1Signature(base, vector.consumer_secret)).toBe(vector.body.oauth_signature);
  });

  it('verifies the fixture launch and reads it', async () => {
    const launch = await verifyLti11Launch({ method: 'POST', url: vector.url, body: vector.body }, options());
    expect(launch).toMatchObject({
      consumerKey: '12345',
      userId: null,
      resourceLinkId: 'rsc1',
      outcome: { serviceUrl: vector.body.lis_outcome_service_url, sourcedId: 'feb-123-456-2929::28883' },
      returnUrl: vector.body.launch_presentation_return_url,
      roles: [],
      role: { primary: null },
    });
  });

  it('rejects an altered parameter, another URL and a wrong secret', async () => {
    const altered = await rejection(verifyLti11Launch({ method: 'POST', url: vector.url, body: { ...vector.body, resource_link_id: 'rsc2' } }, options()));
    expect(altered).toMatchObject({ code: 'bad-signature', field: 'oauth_signature', status: 401 });
    const url = vector.url.replace('foo=bar', 'foo=baz');
    expect(await rejection(verifyLti11Launch({ method: 'POST', url, body: vector.body }, options()))).toMatchObject({ code: 'bad-signature' });
    expect(await rejection(verifyLti11Launch({ method: 'POST', url: vector.url, body: vector.body }, options({ findSecret: () => 'other' })))).toMatchObject({
      code: 'bad-signature',
    });
  });

  it('rejects a timestamp outside the window, either way', async () => {
    for (const shift of [-301_000, 301_000]) {
      const error = await rejection(verifyLti11Launch({ method: 'POST', url: vector.url, body: vector.body }, options({ now: new Date(vectorNow.getTime() + shift) })));
      expect(error).toMatchObject({ code: 'timestamp-out-of-window', field: 'oauth_timestamp' });
    }
    await expect(verifyLti11Launch({ method: 'POST', url: vector.url, body: vector.body }, options({ now: new Date(vectorNow.getTime() + 299_000) }))).resolves.toBeDefined();
  });

  it('rejects a replayed nonce, and consumes it only after the signature checks out', async () => {
    const opts = options();
    await verifyLti11Launch({ method: 'POST', url: vector.url, body: vector.body }, opts);
    const replay = await rejection(verifyLti11Launch({ method: 'POST', url: vector.url, body: vector.body }, opts));
    expect(replay).toMatchObject({ code: 'nonce-replayed', field: 'oauth_nonce' });

    const fresh = options();
    await rejection(verifyLti11Launch({ method: 'POST', url: vector.url, body: { ...vector.body, user_id: 'forged' } }, fresh));
    await expect(verifyLti11Launch({ method: 'POST', url: vector.url, body: vector.body }, fresh)).resolves.toBeDefined();
  });

  it('rejects unknown consumers, other signature methods, missing OAuth fields and non-launch messages', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ oauth_consumer_key: 'nobody' }, 'unknown-consumer', 'oauth_consumer_key'],
      [{ oauth_signature_method: 'PLAINTEXT' }, 'invalid-oauth-request', 'oauth_signature_method'],
      [{ oauth_nonce: '' }, 'invalid-oauth-request', 'oauth_nonce'],
      [{ oauth_version: '2.0' }, 'invalid-oauth-request', 'oauth_version'],
      [{ resource_link_id: ['a', 'b'] }, 'invalid-oauth-request', 'resource_link_id'],
    ];
    for (const [change, code, field] of cases) {
      expect(await rejection(verifyLti11Launch({ method: 'POST', url: vector.url, body: { ...vector.body, ...change } }, options())), field).toMatchObject({ code, field });
    }
    // A correctly signed request that is not a basic launch.
    const body: Record<string, string> = { ...vector.body, lti_message_type: 'ContentItemSelectionRequest' };
    body.oauth_signature = hmacSha1Signature(signatureBaseString('POST', vector.url, paramsFromRecord(body)), vector.consumer_secret);
    expect(await rejection(verifyLti11Launch({ method: 'POST', url: vector.url, body }, options()))).toMatchObject({ code: 'invalid-lti11-launch', field: 'lti_message_type' });
  });

  it('reads roles, person, context and custom parameters of a signed launch', async () => {
    const body: Record<string, string> = {
      ...vector.body,
      user_id: 'u-1',
      roles: 'Instructor,urn:lti:instrole:ims/lis/Faculty',
      context_id: 'c-1',
      context_title: 'Course',
      lis_person_name_full: 'Grace Hopper',
      lis_person_contact_email_primary: 'grace@c.test',
      custom_lesson: 'l-9',
    };
    body.oauth_signature = hmacSha1Signature(signatureBaseString('POST', vector.url, paramsFromRecord(body)), vector.consumer_secret);
    const launch = await verifyLti11Launch({ method: 'POST', url: vector.url, body }, options());
    expect(launch).toMatchObject({
      userId: 'u-1',
      role: { primary: 'instructor', basis: 'context', institution: ['instructor'] },
      context: { id: 'c-1', title: 'Course', label: null },
      person: { name: 'Grace Hopper', email: 'grace@c.test' },
      custom: { lesson: 'l-9' },
    });
  });

  it('percent-encodes as RFC 3986 and normalises the base string URI', () => {
    expect(percentEncode("a b!*'()~._-/é")).toBe('a%20b%21%2A%27%28%29~._-%2F%C3%A9');
    const base = signatureBaseString('get', 'HTTPS://Tool.Test:443/Launch?b=2&a=1', [['c', '3']]);
    expect(base).toBe('GET&https%3A%2F%2Ftool.test%2FLaunch&a%3D1%26b%3D2%26c%3D3');
  });
});

describe('Basic Outcomes replaceResult', () => {
  it('builds the POX body with an escaped sourcedId and a 0–1 decimal score', () => {
    const xml = replaceResultXml({ messageIdentifier: 'msg-1', sourcedId: 'feb-123-456-2929::28883&<x>', score: 0.85 });
    expect(xml).toContain('<imsx_POXEnvelopeRequest xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">');
    expect(xml).toContain('<imsx_messageIdentifier>msg-1</imsx_messageIdentifier>');
    expect(xml).toContain('<sourcedId>feb-123-456-2929::28883&amp;&lt;x&gt;</sourcedId>');
    expect(xml).toContain('<language>en</language>');
    expect(xml).toContain('<textString>0.85</textString>');
    expect(xml.indexOf('<replaceResultRequest>')).toBeGreaterThan(xml.indexOf('<imsx_POXBody>'));
    expect([0, 1, 0.5, 2 / 3].map(formatOutcomeScore)).toEqual(['0.0', '1.0', '0.5', '0.666667']);
    for (const bad of [-0.1, 1.01, Number.NaN]) expect(() => formatOutcomeScore(bad)).toThrowError(expect.objectContaining({ code: 'invalid-outcome' }));
    expect(() => replaceResultXml({ messageIdentifier: 'm', sourcedId: '', score: 1 })).toThrowError(expect.objectContaining({ field: 'sourcedId' }));
  });

  it('computes the OAuth body hash', () => {
    expect(oauthBodyHash('')).toBe('2jmj7l5rSw0yVb/vlWAYkK/YBwk=');
    expect(oauthBodyHash('Hello World!')).toBe('Lve95gjOVATpfV8EL5X4nxwjKHE=');
  });

  it('round trip: the consumer verifies the signed POST and its body hash', () => {
    const body = replaceResultXml({ messageIdentifier: 'msg-2', sourcedId: vector.body.lis_result_sourcedid, score: 0.9 });
    const request = signOutcomeRequest(
      { url: vector.body.lis_outcome_service_url, consumerKey: vector.consumer_key, consumerSecret: vector.consumer_secret, body },
      { now: vectorNow, random: () => 'outcome-nonce' },
    );
    expect(request.headers['Content-Type']).toBe('application/xml');
    expect(request.headers.Authorization.startsWith('OAuth realm="", ')).toBe(true);
    const params = parseOAuthAuthorizationHeader(request.headers.Authorization);
    const get = (name: string) => params.find(([n]) => n === name)?.[1];
    expect(get('oauth_body_hash')).toBe(oauthBodyHash(request.body));
    expect(get('oauth_nonce')).toBe('outcome-nonce');
    expect(get('oauth_timestamp')).toBe(vector.body.oauth_timestamp);
    // The service URL carries a query (?b64=...): it is part of what is signed.
    expect(verifyOAuthSignature('POST', request.url, params, vector.consumer_secret)).toBe(true);
    expect(verifyOAuthSignature('POST', request.url.replace('b64=', 'b65='), params, vector.consumer_secret)).toBe(false);
    expect(verifyOAuthSignature('POST', request.url, params, 'not-the-secret')).toBe(false);
    expect(() => parseOAuthAuthorizationHeader('Bearer abc')).toThrowError(expect.objectContaining({ field: 'Authorization' }));
  });

  it("reads the consumer's answer", () => {
    const answer = `<?xml version="1.0" encoding="UTF-8"?>
<imsx_POXEnvelopeResponse xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">
  <imsx_POXHeader><imsx_POXResponseHeaderInfo><imsx_version>V1.0</imsx_version><imsx_messageIdentifier>4560</imsx_messageIdentifier>
    <imsx_statusInfo><imsx_codeMajor>failure</imsx_codeMajor><imsx_severity>status</imsx_severity>
    <imsx_description>Score &amp; sourcedId mismatch</imsx_description><imsx_messageRefIdentifier>msg-2</imsx_messageRefIdentifier>
    <imsx_operationRefIdentifier>replaceResult</imsx_operationRefIdentifier></imsx_statusInfo></imsx_POXResponseHeaderInfo></imsx_POXHeader>
  <imsx_POXBody><replaceResultResponse/></imsx_POXBody></imsx_POXEnvelopeResponse>`;
    expect(parseOutcomeResponse(answer)).toEqual({ codeMajor: 'failure', description: 'Score & sourcedId mismatch' });
    expect(parseOutcomeResponse('<html>502</html>')).toEqual({ codeMajor: null, description: null });
  });
});

import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LTI_CLAIM } from './claims';
import { PlatformKeyCache } from './jwks';
import { type LtiLaunch, type VerifyLaunchOptions, validateLaunchClaims, verifyLaunch } from './launch';
import { rejection } from '../testing/errors';
import { canvasMessage, canvasRegistration as canvas } from '../testing/fixtures';
import { TestPlatform, memoryNonceStore } from '../testing/platform';

const NOW = new Date('2026-03-02T10:00:00Z');
const V2 = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('launch verification against a test platform', () => {
  let platform: TestPlatform;
  let keys: PlatformKeyCache;
  let clock: number;
  let nonces: ReturnType<typeof memoryNonceStore>;
  let seq = 0;

  beforeAll(async () => {
    platform = await TestPlatform.create();
  });

  /** A fresh tool side (empty key cache, empty nonce store) for each scenario. */
  function tool(): void {
    clock = NOW.getTime();
    keys = new PlatformKeyCache({ fetchJwks: platform.fetchJwks, clock: () => clock });
    nonces = memoryNonceStore();
    platform.fetchCount = 0;
  }

  const nonce = () => `nonce-${(seq += 1)}`;

  function options(extra: Partial<VerifyLaunchOptions> = {}): VerifyLaunchOptions {
    return { registration: platform.registration(), now: new Date(clock), keys, consumeNonce: nonces.consume, ...extra };
  }

  it('accepts a valid resource link launch and reads it', async () => {
    tool();
    const n = nonce();
    const token = await platform.idToken(NOW, n);
    const launch = await verifyLaunch(token, options({ expectedNonce: n, expectedTargetLinkUri: platform.toolLaunchUrl }));
    expect(launch).toMatchObject({
      messageType: 'LtiResourceLinkRequest',
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentId: platform.deploymentId,
      nonce: n,
      targetLinkUri: platform.toolLaunchUrl,
      user: { subject: 'learner-sub-1', name: 'Ada Lovelace', email: 'ada@platform.test' },
      role: { primary: 'learner', basis: 'context' },
      context: { id: 'course-ctx-1', label: 'TS101', title: 'TypeScript 101' },
      resourceLink: { id: 'link-1', title: 'Intro to TypeScript', description: null },
      deepLinking: null,
      ags: { lineItemsUrl: `${platform.issuer}/api/courses/1/line_items`, lineItemUrl: null },
      nrps: null,
      custom: { lesson: 'intro' },
    } satisfies Partial<Record<keyof LtiLaunch, unknown>>);
    expect(launch.expiresAt.getTime()).toBe(NOW.getTime() + 300_000);
    expect(nonces.size()).toBe(1);
  });

  it('uses the cached key set: one JWKS fetch for many launches', async () => {
    tool();
    for (let i = 0; i < 5; i += 1) await verifyLaunch(await platform.idToken(NOW, nonce()), options());
    expect(platform.fetchCount).toBe(1);
  });

  it('rejects a bad signature (payload altered after signing)', async () => {
    tool();
    const token = await platform.idToken(NOW, nonce());
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...decodeJwt(token), sub: 'someone-else' })).toString('base64url');
    const error = await rejection(verifyLaunch(`${header}.${forged}.${signature}`, options()));
    expect(error).toMatchObject({ code: 'bad-signature', field: 'id_token', status: 401 });
    expect(nonces.size()).toBe(0);
  });

  it('rejects a token signed by another key under the platform kid', async () => {
    tool();
    const { privateKey } = await generateKeyPair('RS256');
    const [kid] = platform.jwks().keys.map((k) => k.kid);
    const token = await new SignJWT(platform.claims(NOW, nonce())).setProtectedHeader({ alg: 'RS256', kid: kid as string }).sign(privateKey);
    expect(await rejection(verifyLaunch(token, options()))).toMatchObject({ code: 'bad-signature' });
  });

  it('rejects alg none and HMAC tokens before looking for a key', async () => {
    tool();
    const claims = Buffer.from(JSON.stringify(platform.claims(NOW, nonce()))).toString('base64url');
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${claims}.`;
    expect(await rejection(verifyLaunch(none, options()))).toMatchObject({ code: 'unsupported-algorithm', field: 'alg' });
    const hs = await new SignJWT(platform.claims(NOW, nonce())).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(32)));
    expect(await rejection(verifyLaunch(hs, options()))).toMatchObject({ code: 'unsupported-algorithm' });
    expect(await rejection(verifyLaunch('not-a-jwt', options()))).toMatchObject({ code: 'malformed-token', status: 400 });
    expect(platform.fetchCount).toBe(0);
  });

  it('rejects a token for another tool (wrong aud)', async () => {
    tool();
    const token = await platform.idToken(NOW, nonce(), { aud: 'some-other-tool' });
    const error = await rejection(verifyLaunch(token, options()));
    expect(error).toMatchObject({ code: 'wrong-audience', field: 'aud' });
    expect(error.message).toContain('"tool-client-1"');
  });

  it('accepts aud as an array with azp naming us, and rejects it without azp', async () => {
    tool();
    const ok = await platform.idToken(NOW, nonce(), { aud: ['other', platform.clientId], azp: platform.clientId });
    await expect(verifyLaunch(ok, options())).resolves.toMatchObject({ clientId: platform.clientId });
    const noAzp = await platform.idToken(NOW, nonce(), { aud: ['other', platform.clientId] });
    expect(await rejection(verifyLaunch(noAzp, options()))).toMatchObject({ code: 'wrong-azp', field: 'azp' });
    const wrongAzp = await platform.idToken(NOW, nonce(), { azp: 'other' });
    expect(await rejection(verifyLaunch(wrongAzp, options()))).toMatchObject({ code: 'wrong-azp' });
  });

  it('rejects an expired token, but allows the small clock leeway', async () => {
    tool();
    const iat = Math.floor(NOW.getTime() / 1000) - 400;
    const expired = await platform.idToken(NOW, nonce(), { iat, exp: iat + 300 }); // expired 100 s ago
    const error = await rejection(verifyLaunch(expired, options()));
    expect(error).toMatchObject({ code: 'token-expired', field: 'exp' });
    expect(error.message).toContain('launch again from the platform');
    const justExpired = await platform.idToken(NOW, nonce(), { iat, exp: iat + 370 }); // 30 s ago
    await expect(verifyLaunch(justExpired, options())).resolves.toBeDefined();
  });

  it('rejects a token issued in the future beyond the leeway', async () => {
    tool();
    const iat = Math.floor(NOW.getTime() / 1000) + 600;
    const token = await platform.idToken(NOW, nonce(), { iat, exp: iat + 300 });
    expect(await rejection(verifyLaunch(token, options()))).toMatchObject({ code: 'token-not-yet-valid', field: 'iat' });
  });

  it('rejects a replayed nonce (the same id_token posted twice)', async () => {
    tool();
    const token = await platform.idToken(NOW, nonce());
    await verifyLaunch(token, options());
    const error = await rejection(verifyLaunch(token, options()));
    expect(error).toMatchObject({ code: 'nonce-replayed', field: 'nonce', status: 401 });
  });

  it('passes the nonce, issuer and expiry to the store, after every other check', async () => {
    tool();
    const seen: unknown[] = [];
    const consume: VerifyLaunchOptions['consumeNonce'] = async (use) => {
      seen.push(use);
      return true;
    };
    const n = nonce();
    await verifyLaunch(await platform.idToken(NOW, n), options({ consumeNonce: consume }));
    expect(seen).toEqual([{ issuer: platform.issuer, nonce: n, keepUntil: new Date(NOW.getTime() + 360_000) }]);
    await rejection(verifyLaunch(await platform.idToken(NOW, nonce(), { aud: 'x' }), options({ consumeNonce: consume })));
    expect(seen).toHaveLength(1);
  });

  it("rejects a nonce that is not this login's", async () => {
    tool();
    const token = await platform.idToken(NOW, nonce());
    expect(await rejection(verifyLaunch(token, options({ expectedNonce: 'the-stored-one' })))).toMatchObject({ code: 'nonce-mismatch' });
  });

  it('rejects an unknown deployment', async () => {
    tool();
    const token = await platform.idToken(NOW, nonce(), { [LTI_CLAIM.deploymentId]: 'deployment-unknown' });
    const error = await rejection(verifyLaunch(token, options()));
    expect(error).toMatchObject({ code: 'unknown-deployment', field: 'deployment_id' });
    expect(error.message).toContain("add it to the registration's deployment ids");
  });

  it('refetches the JWKS once for an unknown kid: a key the platform rotated in is accepted', async () => {
    tool();
    await verifyLaunch(await platform.idToken(NOW, nonce()), options());
    expect(platform.fetchCount).toBe(1);
    await platform.rotateKey();
    const launch = await verifyLaunch(await platform.idToken(NOW, nonce()), options());
    expect(launch.deploymentId).toBe(platform.deploymentId);
    expect(platform.fetchCount).toBe(2);
  });

  it('refetches once for an unknown kid, then rejects it; no more fetches within the cooldown', async () => {
    // Its own platform: this one ends up signing with a key it never publishes.
    const rogue = await TestPlatform.create();
    let now = NOW.getTime();
    const cache = new PlatformKeyCache({ fetchJwks: rogue.fetchJwks, clock: () => now });
    const opts = (): VerifyLaunchOptions => ({ registration: rogue.registration(), now: new Date(now), keys: cache, consumeNonce: () => true });
    await verifyLaunch(await rogue.idToken(NOW, nonce()), opts());
    const published = rogue.jwks().keys[0]?.kid as string;
    const hidden = await rogue.rotateKey({ publish: false });
    const error = await rejection(verifyLaunch(await rogue.idToken(NOW, nonce()), opts()));
    expect(error).toMatchObject({ code: 'unknown-kid', field: 'kid', status: 401 });
    expect(error.message).toContain(hidden);
    expect(rogue.fetchCount).toBe(2);
    await rejection(verifyLaunch(await rogue.idToken(NOW, nonce()), opts()));
    expect(rogue.fetchCount).toBe(2);
    // After the cooldown an unknown kid may cause one more refetch.
    now += 31_000;
    await rejection(verifyLaunch(await rogue.idToken(new Date(now), nonce()), opts()));
    expect(rogue.fetchCount).toBe(3);
    // Known keys keep working meanwhile.
    await expect(verifyLaunch(await rogue.sign(rogue.claims(new Date(now), nonce()), { kid: published }), opts())).resolves.toBeDefined();
  });

  it('rejects a message type this tool does not handle', async () => {
    tool();
    const token = await platform.idToken(NOW, nonce(), { [LTI_CLAIM.messageType]: 'LtiSubmissionReviewRequest' });
    const error = await rejection(verifyLaunch(token, options()));
    expect(error).toMatchObject({ code: 'unsupported-message-type', field: 'message_type', status: 400 });
  });

  it('rejects another LTI version', async () => {
    tool();
    const token = await platform.idToken(NOW, nonce(), { [LTI_CLAIM.version]: '1.1' });
    expect(await rejection(verifyLaunch(token, options()))).toMatchObject({ code: 'unsupported-version', field: 'version' });
  });

  it('rejects a wrong issuer, a foreign target_link_uri and missing required claims, naming them', async () => {
    tool();
    const cases: Array<[Record<string, unknown>, Partial<VerifyLaunchOptions>, string, string]> = [
      [{ iss: 'https://other.test' }, {}, 'wrong-issuer', 'iss'],
      [{ [LTI_CLAIM.targetLinkUri]: 'https://tool.test/elsewhere' }, { expectedTargetLinkUri: platform.toolLaunchUrl }, 'target-link-uri-mismatch', 'target_link_uri'],
      [{ [LTI_CLAIM.resourceLink]: undefined }, {}, 'missing-claim', 'resource_link'],
      [{ [LTI_CLAIM.resourceLink]: { title: 'no id' } }, {}, 'invalid-claim', 'resource_link.id'],
      [{ [LTI_CLAIM.roles]: undefined }, {}, 'missing-claim', 'roles'],
      [{ [LTI_CLAIM.roles]: 'Learner' }, {}, 'invalid-claim', 'roles'],
      [{ [LTI_CLAIM.deploymentId]: undefined }, {}, 'missing-claim', 'deployment_id'],
      [{ [LTI_CLAIM.targetLinkUri]: undefined }, {}, 'missing-claim', 'target_link_uri'],
      [{ sub: undefined }, {}, 'missing-claim', 'sub'],
      [{ exp: '2026-01-01' }, {}, 'invalid-claim', 'exp'],
      [{ nonce: undefined }, {}, 'missing-claim', 'nonce'],
    ];
    for (const [overrides, extra, code, field] of cases) {
      const token = await platform.idToken(NOW, nonce(), overrides);
      expect(await rejection(verifyLaunch(token, options(extra))), `${code} ${field}`).toMatchObject({ code, field });
    }
    expect(nonces.size()).toBe(0);
  });

  it('reads a deep linking request and requires its settings', async () => {
    tool();
    const settings = {
      deep_link_return_url: `${platform.issuer}/deep_links`,
      accept_types: ['ltiResourceLink'],
      accept_presentation_document_targets: ['iframe', 'window'],
      accept_multiple: true,
      accept_lineitem: true,
      data: 'opaque-123',
    };
    const dl = { [LTI_CLAIM.messageType]: 'LtiDeepLinkingRequest', [LTI_CLAIM.resourceLink]: undefined, [LTI_CLAIM.deepLinkingSettings]: settings };
    const launch = await verifyLaunch(await platform.idToken(NOW, nonce(), dl), options());
    expect(launch.resourceLink).toBeNull();
    expect(launch.deepLinking).toEqual({
      returnUrl: settings.deep_link_return_url,
      acceptTypes: ['ltiResourceLink'],
      acceptPresentationDocumentTargets: ['iframe', 'window'],
      acceptMediaTypes: null,
      acceptMultiple: true,
      acceptLineItem: true,
      autoCreate: false,
      title: null,
      text: null,
      data: 'opaque-123',
    });
    const missing = await platform.idToken(NOW, nonce(), { ...dl, [LTI_CLAIM.deepLinkingSettings]: undefined });
    expect(await rejection(verifyLaunch(missing, options()))).toMatchObject({ code: 'missing-claim', field: 'deep_linking_settings' });
    const badUrl = await platform.idToken(NOW, nonce(), { ...dl, [LTI_CLAIM.deepLinkingSettings]: { ...settings, deep_link_return_url: '/relative' } });
    expect(await rejection(verifyLaunch(badUrl, options()))).toMatchObject({ code: 'invalid-claim', field: 'deep_linking_settings.deep_link_return_url' });
  });

  it('reports an unreachable JWKS as the platform’s problem, and serves a stale key set when a refresh fails', async () => {
    let up = true;
    let now = NOW.getTime();
    const cache = new PlatformKeyCache({
      clock: () => now,
      maxAgeMs: 60_000,
      fetchJwks: async (url) => {
        if (!up) throw new Error('connect ECONNREFUSED');
        return platform.fetchJwks(url);
      },
    });
    const opts = (): VerifyLaunchOptions => ({ registration: platform.registration(), now: new Date(now), keys: cache, consumeNonce: () => true });
    up = false;
    expect(await rejection(verifyLaunch(await platform.idToken(NOW, nonce()), opts()))).toMatchObject({ code: 'jwks-unavailable', status: 502 });
    up = true;
    await verifyLaunch(await platform.idToken(NOW, nonce()), opts());
    up = false;
    now += 120_000; // the cached set is stale and the platform is down
    await expect(verifyLaunch(await platform.idToken(new Date(now), nonce()), opts())).resolves.toBeDefined();
  });

  it('refuses a JWKS answer that is not a key set', async () => {
    const cache = new PlatformKeyCache({ fetchJwks: async () => ({ keys: 'nope' }) });
    const error = await rejection(verifyLaunch(await platform.idToken(NOW, nonce()), { registration: platform.registration(), now: NOW, keys: cache, consumeNonce: () => true }));
    expect(error).toMatchObject({ code: 'invalid-jwks', status: 502 });
  });

  it('shares one fetch between concurrent launches', async () => {
    tool();
    const tokens = await Promise.all([1, 2, 3, 4].map(() => platform.idToken(NOW, nonce())));
    await Promise.all(tokens.map((t) => verifyLaunch(t, options())));
    expect(platform.fetchCount).toBe(1);
  });
});

describe('claims of real Canvas launches (fixture)', () => {
  const sample = (who: string) => canvasMessage(`Decoded JWT in Redirect Message from Canvas - ${who}`) as Record<string, unknown>;
  const at = (claims: Record<string, unknown>) => new Date(((claims.iat as number) + 30) * 1000);

  it('reads the teacher launch completely', () => {
    const claims = sample('Teacher Account');
    const launch = validateLaunchClaims(claims, { registration: canvas, now: at(claims), expectedNonce: 'BPpEE7xw1ie5ny_o-VA5G', expectedTargetLinkUri: 'https://lpp.home.russfeld.me/lti/provider/launch13' });
    expect(launch).toMatchObject({
      messageType: 'LtiResourceLinkRequest',
      deploymentId: '7:d3a2504bba5184799a38f141e8df2335cfa8206d',
      user: {
        subject: 'e77934e7-4e98-4055-b4b4-3a8431e4f22a',
        name: 'TeacherFirst TeacherLast',
        givenName: 'TeacherFirst',
        familyName: 'TeacherLast',
        email: 'canvasteacher@russfeld.me',
        locale: 'en',
        lti11UserId: 'c0ddd6c90cbe1ef0f32fbce5c3bf654204be186c',
      },
      role: { primary: 'instructor', basis: 'context' },
      context: { id: 'd3a2504bba5184799a38f141e8df2335cfa8206d', label: 'LTI13', title: 'LTI 1.3 Test Course' },
      resourceLink: { id: '8aa641d1-b4d4-4fea-8a9b-e9fedfb62b1e', title: 'Test LTI 1.3 Assignment Name', description: '<p>Assignment Description</p>' },
      ags: {
        lineItemUrl: 'https://canvas.home.russfeld.me/api/lti/courses/3/line_items/1',
        lineItemsUrl: 'http://canvas.home.russfeld.me/api/lti/courses/3/line_items',
      },
      nrps: { contextMembershipsUrl: 'https://canvas.home.russfeld.me/api/lti/courses/3/names_and_roles', serviceVersions: ['2.0'] },
      custom: { custom1: 'value1', custom2: 'value2' },
      launchPresentation: { documentTarget: 'iframe', returnUrl: 'https://canvas.home.russfeld.me/courses/3/assignments', locale: 'en' },
      toolPlatform: { productFamilyCode: 'canvas', name: 'ALT+CS Lab' },
    });
    expect(launch.ags?.scopes).toContain('https://purl.imsglobal.org/spec/lti-ags/scope/score');
    expect(launch.expiresAt.toISOString()).toBe(new Date((claims.exp as number) * 1000).toISOString());
  });

  it('maps the admin and student launches, and reads one without LTI Advantage services', () => {
    expect(validateLaunchClaims(sample('Admin Account'), { registration: canvas, now: at(sample('Admin Account')) }).role.primary).toBe('administrator');
    const student = validateLaunchClaims(sample('Student Account'), { registration: canvas, now: at(sample('Student Account')) });
    expect(student.role.primary).toBe('learner');
    const plain = sample('Student Account (All LTI Advatage Features Disabled)');
    const launch = validateLaunchClaims(plain, { registration: canvas, now: at(plain) });
    expect(launch).toMatchObject({ ags: null, nrps: null, role: { primary: 'learner' } });
  });

  it('refuses the samples today (they expired) and for a registration without their deployment', () => {
    const claims = sample('Student Account');
    expect(() => validateLaunchClaims(claims, { registration: canvas, now: NOW })).toThrowError(expect.objectContaining({ code: 'token-expired' }));
    expect(() => validateLaunchClaims(claims, { registration: { ...canvas, deploymentIds: ['5:d3a2504bba5184799a38f141e8df2335cfa8206d'] }, now: at(claims) })).toThrowError(
      expect.objectContaining({ code: 'unknown-deployment', field: 'deployment_id' }),
    );
  });

  it('decodes the captured id_token to the documented admin claims, and cannot verify it without Canvas keys', async () => {
    const idToken = (canvasMessage('Redirect Message from Canvas') as { id_token: string }).id_token;
    expect(decodeJwt(idToken)).toEqual(sample('Admin Account'));
    const platform = await TestPlatform.create({ issuer: canvas.issuer });
    const keys = new PlatformKeyCache({ fetchJwks: async () => platform.jwks() });
    const error = await rejection(verifyLaunch(idToken, { registration: canvas, now: at(sample('Admin Account')), keys, consumeNonce: () => true }));
    expect(error).toMatchObject({ code: 'unknown-kid' });
    expect(error.message).toContain('2018-06-18T22:33:20Z');
  });

  it('verifies the Canvas claims end to end when signed by a platform we hold the keys of', async () => {
    const platform = await TestPlatform.create({ issuer: canvas.issuer, clientId: canvas.clientId });
    const registration = { ...canvas, jwksUrl: platform.jwksUrl };
    const keys = new PlatformKeyCache({ fetchJwks: platform.fetchJwks });
    const iat = Math.floor(NOW.getTime() / 1000);
    const token = await platform.sign({ ...sample('Student Account'), iat, exp: iat + 3600, nonce: 'fresh' });
    const launch = await verifyLaunch(token, { registration, now: NOW, keys, consumeNonce: () => true, expectedNonce: 'fresh' });
    expect(launch).toMatchObject({ role: { primary: 'learner' }, user: { subject: '848b3a11-c7b6-4c05-9fb3-782a0c34ee43' } });
    expect(launch.roles).toContain(`${V2}membership#Learner`);
  });
});

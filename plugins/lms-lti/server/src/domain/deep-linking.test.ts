import { randomBytes } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { LTI_CLAIM } from './claims';
import { type DeepLinkingContext, deepLinkingContext, signDeepLinkingResponse } from './deep-linking';
import { type ToolKeyRecord, type ToolSigningKey, generateToolKey, publicJwks, toolSigningKey } from './keys';
import { PlatformKeyCache } from './jwks';
import { verifyLaunch } from './launch';
import { TestPlatform } from '../testing/platform';

const NOW = new Date('2026-03-02T10:00:00Z');

describe('deep linking response', () => {
  let platform: TestPlatform;
  let toolKey: ToolKeyRecord;
  let signing: ToolSigningKey;
  let context: DeepLinkingContext;

  beforeAll(async () => {
    const kek = randomBytes(32);
    [platform, toolKey] = await Promise.all([TestPlatform.create(), generateToolKey(NOW, kek)]);
    signing = await toolSigningKey(toolKey, kek);
    // The instructor's deep linking launch, verified like any other.
    const token = await platform.idToken(NOW, 'dl-nonce', {
      [LTI_CLAIM.messageType]: 'LtiDeepLinkingRequest',
      [LTI_CLAIM.resourceLink]: undefined,
      [LTI_CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
      [LTI_CLAIM.deepLinkingSettings]: {
        deep_link_return_url: `${platform.issuer}/deep_links/return`,
        accept_types: ['ltiResourceLink', 'link'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        accept_lineitem: true,
        data: 'csrf-ish-opaque',
      },
    });
    const launch = await verifyLaunch(token, {
      registration: platform.registration(),
      now: NOW,
      keys: new PlatformKeyCache({ fetchJwks: platform.fetchJwks }),
      consumeNonce: () => true,
    });
    context = deepLinkingContext(launch);
  });

  /** What the platform does with the posted JWT: verify it with the tool's public JWKS. */
  async function platformReceives(jwt: string) {
    const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(publicJwks([toolKey], NOW)), {
      issuer: platform.clientId,
      audience: platform.issuer,
      currentDate: NOW,
      algorithms: ['RS256'],
    });
    return { payload, protectedHeader };
  }

  it('round trip: a signed response the platform verifies, with the items, the line item and the data echoed', async () => {
    const response = await signDeepLinkingResponse(
      context,
      [
        {
          title: 'Quiz: generics',
          text: 'Ten questions',
          url: 'https://tool.test/api/lms-lti/launch',
          custom: { quiz: 'q-42' },
          lineItem: { scoreMaximum: 10, resourceId: 'quiz:q-42', tag: 'quiz' },
          iframe: { width: 800, height: 600 },
          submission: { endDateTime: new Date('2026-04-01T00:00:00Z') },
        },
        { title: 'Lesson: unions', custom: { lesson: 'l-7' } },
      ],
      signing,
      { now: NOW, response: { message: '2 items added' }, random: () => 'resp-nonce' },
    );
    expect(response.returnUrl).toBe(`${platform.issuer}/deep_links/return`);
    expect(response.formFields).toEqual([['JWT', response.jwt]]);
    const { payload, protectedHeader } = await platformReceives(response.jwt);
    expect(protectedHeader).toMatchObject({ alg: 'RS256', kid: toolKey.kid, typ: 'JWT' });
    expect(payload).toMatchObject({
      iss: platform.clientId,
      aud: platform.issuer,
      iat: NOW.getTime() / 1000,
      exp: NOW.getTime() / 1000 + 300,
      nonce: 'resp-nonce',
      [LTI_CLAIM.messageType]: 'LtiDeepLinkingResponse',
      [LTI_CLAIM.version]: '1.3.0',
      [LTI_CLAIM.deploymentId]: platform.deploymentId,
      [LTI_CLAIM.deepLinkingData]: 'csrf-ish-opaque',
      [LTI_CLAIM.deepLinkingMessage]: '2 items added',
    });
    expect(payload[LTI_CLAIM.contentItems]).toEqual([
      {
        type: 'ltiResourceLink',
        title: 'Quiz: generics',
        text: 'Ten questions',
        url: 'https://tool.test/api/lms-lti/launch',
        custom: { quiz: 'q-42' },
        lineItem: { scoreMaximum: 10, label: 'Quiz: generics', resourceId: 'quiz:q-42', tag: 'quiz' },
        submission: { endDateTime: '2026-04-01T00:00:00.000Z' },
        iframe: { width: 800, height: 600 },
      },
      { type: 'ltiResourceLink', title: 'Lesson: unions', custom: { lesson: 'l-7' } },
    ]);
  });

  it('answers a cancelled picker with no items and no data when the platform sent none', async () => {
    const response = await signDeepLinkingResponse({ ...context, settings: { ...context.settings, data: null } }, [], signing, { now: NOW });
    const { payload } = await platformReceives(response.jwt);
    expect(payload[LTI_CLAIM.contentItems]).toEqual([]);
    expect(payload).not.toHaveProperty([LTI_CLAIM.deepLinkingData]);
    expect(typeof payload.nonce).toBe('string');
  });

  it('is refused by a platform checking the signature with other keys', async () => {
    const other = await generateToolKey(NOW, randomBytes(32));
    const response = await signDeepLinkingResponse(context, [{ title: 'x' }], signing, { now: NOW });
    await expect(jwtVerify(response.jwt, createLocalJWKSet(publicJwks([other], NOW)))).rejects.toThrow();
  });

  it('respects what the platform accepts', async () => {
    const single = { ...context, settings: { ...context.settings, acceptMultiple: false } };
    await expect(signDeepLinkingResponse(single, [{ title: 'a' }, { title: 'b' }], signing, { now: NOW })).rejects.toMatchObject({
      code: 'deep-linking-not-accepted',
      field: 'items',
    });
    const noLineItems = { ...context, settings: { ...context.settings, acceptLineItem: false } };
    await expect(signDeepLinkingResponse(noLineItems, [{ title: 'a', lineItem: { scoreMaximum: 1 } }], signing, { now: NOW })).rejects.toMatchObject({
      code: 'deep-linking-not-accepted',
      field: 'items[0].lineItem',
    });
    const linksOnly = { ...context, settings: { ...context.settings, acceptTypes: ['link'] } };
    await expect(signDeepLinkingResponse(linksOnly, [{ title: 'a' }], signing, { now: NOW })).rejects.toMatchObject({ code: 'deep-linking-not-accepted' });
    const windowOnly = { ...context, settings: { ...context.settings, acceptPresentationDocumentTargets: ['window'] } };
    await expect(signDeepLinkingResponse(windowOnly, [{ title: 'a', iframe: {} }], signing, { now: NOW })).rejects.toMatchObject({ field: 'items[0].iframe' });
  });

  it('names the bad item and field', async () => {
    const bad = [
      [{ title: 'ok' }, { title: '  ' }],
      [{ title: 'ok', url: '/relative' }],
      [{ title: 'ok', lineItem: { scoreMaximum: 0 } }],
      [{ title: 'ok', available: { startDateTime: new Date('2026-05-01'), endDateTime: new Date('2026-04-01') } }],
    ];
    const fields = ['items[1].title', 'items[0].url', 'items[0].lineItem.scoreMaximum', 'items[0].available.endDateTime'];
    for (const [i, items] of bad.entries()) {
      await expect(signDeepLinkingResponse(context, items, signing, { now: NOW })).rejects.toMatchObject({ code: 'invalid-deep-linking-item', field: fields[i] });
    }
  });

  it('only answers deep linking launches', async () => {
    const token = await platform.idToken(NOW, 'plain');
    const launch = await verifyLaunch(token, { registration: platform.registration(), now: NOW, keys: new PlatformKeyCache({ fetchJwks: platform.fetchJwks }), consumeNonce: () => true });
    expect(() => deepLinkingContext(launch)).toThrowError(expect.objectContaining({ code: 'deep-linking-not-accepted', field: 'message_type' }));
  });
});

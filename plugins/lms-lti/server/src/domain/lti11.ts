import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { LtiError } from './errors';
import { type RoleMapping, mapRoles, splitLti11Roles } from './roles';
import { type RandomToken, httpUrl, nonEmptyString, optionalString, quote, randomToken } from './values';

/**
 * LTI 1.1: basic launch signed with OAuth 1.0a HMAC-SHA1 (RFC 5849 §3.4), and Basic Outcomes
 * `replaceResult` (a POX XML body, signed with an OAuth body hash) back to the consumer.
 */

export type OAuthParams = ReadonlyArray<readonly [string, string]>;

/** RFC 3986 percent-encoding, as OAuth wants it (encodeURIComponent leaves !'()* alone). */
export const percentEncode = (value: string): string =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Form fields as a body parser gives them (repeated names as arrays) → ordered pairs. */
export function paramsFromRecord(record: Readonly<Record<string, unknown>>): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(record)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (typeof v === 'string') pairs.push([name, v]);
      else if (typeof v === 'number' || typeof v === 'boolean') pairs.push([name, String(v)]);
    }
  }
  return pairs;
}

/** Base string URI (§3.4.1.2): lower-case scheme and host, default port dropped, no query. */
function baseStringUri(url: URL): string {
  // URL already lower-cases scheme and host and drops the scheme's default port.
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * The signature base string (§3.4.1): METHOD & uri & normalised parameters, where the
 * parameters are the URL's query plus `params` (form body and/or Authorization header), without
 * oauth_signature and realm, encoded then sorted by name and value.
 */
export function signatureBaseString(method: string, url: string, params: OAuthParams): string {
  const parsed = httpUrl(url);
  if (!parsed) throw new LtiError('invalid-oauth-request', 'url', `is ${quote(url)}; it must be an absolute http(s) URL`);
  const all: Array<[string, string]> = [...parsed.searchParams.entries()];
  for (const [name, value] of params) if (name !== 'oauth_signature' && name !== 'realm') all.push([name, value]);
  const encoded = all.map(([n, v]) => [percentEncode(n), percentEncode(v)] as const);
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  const normalised = encoded.map(([n, v]) => `${n}=${v}`).join('&');
  return [method.toUpperCase(), percentEncode(baseStringUri(parsed)), percentEncode(normalised)].join('&');
}

export function hmacSha1Signature(baseString: string, consumerSecret: string, tokenSecret = ''): string {
  return createHmac('sha1', `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`).update(baseString).digest('base64');
}

/** Constant-time comparison of the sent signature with the expected one. */
export function verifyOAuthSignature(method: string, url: string, params: OAuthParams, consumerSecret: string): boolean {
  const sent = params.find(([n]) => n === 'oauth_signature')?.[1];
  if (sent === undefined) return false;
  const expected = Buffer.from(hmacSha1Signature(signatureBaseString(method, url, params), consumerSecret));
  const given = Buffer.from(sent);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** `Authorization: OAuth realm="", oauth_…="…"` → pairs (realm dropped). */
export function parseOAuthAuthorizationHeader(header: string): Array<[string, string]> {
  const match = /^\s*OAuth\s+(.*)$/is.exec(header);
  if (!match) throw new LtiError('invalid-oauth-request', 'Authorization', 'is not an OAuth header');
  const pairs: Array<[string, string]> = [];
  for (const [, name, value] of (match[1] as string).matchAll(/([A-Za-z0-9_\-.~%]+)\s*=\s*"([^"]*)"/g)) {
    const key = decodeURIComponent(name as string);
    if (key !== 'realm') pairs.push([key, decodeURIComponent(value as string)]);
  }
  return pairs;
}

// ---------------------------------------------------------------------------------------------
// Launch

export const DEFAULT_TIMESTAMP_WINDOW_SECONDS = 300;

export interface Lti11Launch {
  consumerKey: string;
  /** Null for an anonymous launch (the consumer withheld user_id). */
  userId: string | null;
  roles: string[];
  role: RoleMapping;
  resourceLinkId: string;
  resourceLinkTitle: string | null;
  context: { id: string; title: string | null; label: string | null } | null;
  person: { name: string | null; givenName: string | null; familyName: string | null; email: string | null };
  /** Where and under which id to send the grade, when the consumer wants one. */
  outcome: { serviceUrl: string; sourcedId: string } | null;
  returnUrl: string | null;
  /** custom_* parameters, prefix removed. */
  custom: Record<string, string>;
  toolConsumerInstanceGuid: string | null;
  params: Record<string, string>;
}

export interface VerifyLti11Options {
  now: Date;
  /** The consumer's shared secret, or null when the key is unknown. */
  findSecret: (consumerKey: string) => Promise<string | null> | string | null;
  /** Records (consumerKey, nonce); false when already seen. Called after every other check. */
  consumeNonce: (use: { consumerKey: string; nonce: string; keepUntil: Date }) => Promise<boolean> | boolean;
  windowSeconds?: number;
}

export async function verifyLti11Launch(
  request: { method: string; url: string; body: Readonly<Record<string, unknown>> },
  options: VerifyLti11Options,
): Promise<Lti11Launch> {
  const pairs = paramsFromRecord(request.body);
  const params: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (name in params) throw new LtiError('invalid-oauth-request', name, 'is sent more than once in the form');
    params[name] = value;
  }
  for (const name of ['oauth_consumer_key', 'oauth_signature_method', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature']) {
    if (!nonEmptyString(params[name])) throw new LtiError('invalid-oauth-request', name, 'is missing; the consumer must sign the launch with OAuth 1.0a');
  }
  if (params.oauth_signature_method !== 'HMAC-SHA1') {
    throw new LtiError('invalid-oauth-request', 'oauth_signature_method', `is ${quote(params.oauth_signature_method)}; only HMAC-SHA1 is supported`);
  }
  if (params.oauth_version !== undefined && params.oauth_version !== '1.0') {
    throw new LtiError('invalid-oauth-request', 'oauth_version', `is ${quote(params.oauth_version)}; OAuth 1.0 is required`);
  }
  const consumerKey = params.oauth_consumer_key as string;
  const secret = await options.findSecret(consumerKey);
  if (secret === null) {
    throw new LtiError('unknown-consumer', 'oauth_consumer_key', `${quote(consumerKey)} is not a registered LTI 1.1 consumer`);
  }
  const windowSeconds = options.windowSeconds ?? DEFAULT_TIMESTAMP_WINDOW_SECONDS;
  const timestamp = Number(params.oauth_timestamp);
  const nowSeconds = Math.floor(options.now.getTime() / 1000);
  if (!/^\d+$/.test(params.oauth_timestamp as string) || Math.abs(nowSeconds - timestamp) > windowSeconds) {
    throw new LtiError(
      'timestamp-out-of-window',
      'oauth_timestamp',
      `is ${quote(params.oauth_timestamp)}, more than ${windowSeconds} s from now (${nowSeconds}); check the consumer's clock or launch again`,
    );
  }
  if (!verifyOAuthSignature(request.method, request.url, pairs, secret)) {
    throw new LtiError('bad-signature', 'oauth_signature', 'does not match; the consumer secret differs or the launch URL/parameters were altered');
  }
  if (params.lti_message_type !== 'basic-lti-launch-request') {
    throw new LtiError('invalid-lti11-launch', 'lti_message_type', `is ${quote(params.lti_message_type)}; expected basic-lti-launch-request`);
  }
  if (params.lti_version !== 'LTI-1p0' && params.lti_version !== 'LTI-1p2') {
    throw new LtiError('invalid-lti11-launch', 'lti_version', `is ${quote(params.lti_version)}; expected LTI-1p0`);
  }
  if (!nonEmptyString(params.resource_link_id)) {
    throw new LtiError('invalid-lti11-launch', 'resource_link_id', 'is missing; every basic launch names its resource link');
  }
  const serviceUrl = optionalString(params.lis_outcome_service_url);
  const sourcedId = optionalString(params.lis_result_sourcedid);
  if (serviceUrl !== null && !httpUrl(serviceUrl)) {
    throw new LtiError('invalid-lti11-launch', 'lis_outcome_service_url', `is ${quote(serviceUrl)}; it must be an absolute http(s) URL`);
  }
  const fresh = await options.consumeNonce({
    consumerKey,
    nonce: params.oauth_nonce as string,
    keepUntil: new Date((timestamp + windowSeconds) * 1000),
  });
  if (!fresh) throw new LtiError('nonce-replayed', 'oauth_nonce', 'was already used; this launch is a replay');

  const roles = splitLti11Roles(params.roles);
  const custom: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) if (name.startsWith('custom_')) custom[name.slice('custom_'.length)] = value;
  return {
    consumerKey,
    userId: optionalString(params.user_id),
    roles,
    role: mapRoles(roles),
    resourceLinkId: params.resource_link_id as string,
    resourceLinkTitle: optionalString(params.resource_link_title),
    context: nonEmptyString(params.context_id)
      ? { id: params.context_id, title: optionalString(params.context_title), label: optionalString(params.context_label) }
      : null,
    person: {
      name: optionalString(params.lis_person_name_full),
      givenName: optionalString(params.lis_person_name_given),
      familyName: optionalString(params.lis_person_name_family),
      email: optionalString(params.lis_person_contact_email_primary),
    },
    outcome: serviceUrl !== null && sourcedId !== null ? { serviceUrl, sourcedId } : null,
    returnUrl: optionalString(params.launch_presentation_return_url),
    custom,
    toolConsumerInstanceGuid: optionalString(params.tool_consumer_instance_guid),
    params,
  };
}

// ---------------------------------------------------------------------------------------------
// Basic Outcomes

const escapeXml = (text: string): string =>
  text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] as string);

/** 0.0–1.0 as the decimal Outcomes wants: at most 6 places, at least one ("1.0", "0.85"). */
export function formatOutcomeScore(score: number): string {
  if (!Number.isFinite(score) || score < 0 || score > 1) {
    throw new LtiError('invalid-outcome', 'score', `is ${quote(score)}; LTI 1.1 outcomes are a decimal from 0.0 to 1.0`);
  }
  const text = score.toFixed(6).replace(/0+$/, '');
  return text.endsWith('.') ? `${text}0` : text;
}

export function replaceResultXml(input: { messageIdentifier: string; sourcedId: string; score: number; language?: string }): string {
  if (!nonEmptyString(input.sourcedId)) throw new LtiError('invalid-outcome', 'sourcedId', 'is empty; use the launch\'s lis_result_sourcedid');
  if (!nonEmptyString(input.messageIdentifier)) throw new LtiError('invalid-outcome', 'messageIdentifier', 'is empty');
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<imsx_POXEnvelopeRequest xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0">',
    '<imsx_POXHeader><imsx_POXRequestHeaderInfo>',
    '<imsx_version>V1.0</imsx_version>',
    `<imsx_messageIdentifier>${escapeXml(input.messageIdentifier)}</imsx_messageIdentifier>`,
    '</imsx_POXRequestHeaderInfo></imsx_POXHeader>',
    '<imsx_POXBody><replaceResultRequest><resultRecord>',
    `<sourcedGUID><sourcedId>${escapeXml(input.sourcedId)}</sourcedId></sourcedGUID>`,
    '<result><resultScore>',
    `<language>${escapeXml(input.language ?? 'en')}</language>`,
    `<textString>${formatOutcomeScore(input.score)}</textString>`,
    '</resultScore></result>',
    '</resultRecord></replaceResultRequest></imsx_POXBody>',
    '</imsx_POXEnvelopeRequest>',
  ].join('\n');
}

/** oauth_body_hash (OAuth Request Body Hash 1.0): base64 SHA-1 of the exact body bytes. */
export const oauthBodyHash = (body: string | Uint8Array): string => createHash('sha1').update(body).digest('base64');

export interface SignedOutcomeRequest {
  method: 'POST';
  url: string;
  headers: { Authorization: string; 'Content-Type': 'application/xml' };
  body: string;
}

/** Signs the POX POST to lis_outcome_service_url (body hash in the signature, body not). */
export function signOutcomeRequest(
  input: { url: string; consumerKey: string; consumerSecret: string; body: string },
  options: { now: Date; random?: RandomToken },
): SignedOutcomeRequest {
  const oauth: Array<[string, string]> = [
    ['oauth_version', '1.0'],
    ['oauth_nonce', (options.random ?? randomToken)()],
    ['oauth_timestamp', String(Math.floor(options.now.getTime() / 1000))],
    ['oauth_consumer_key', input.consumerKey],
    ['oauth_body_hash', oauthBodyHash(input.body)],
    ['oauth_signature_method', 'HMAC-SHA1'],
  ];
  const signature = hmacSha1Signature(signatureBaseString('POST', input.url, oauth), input.consumerSecret);
  const header = [...oauth, ['oauth_signature', signature] as [string, string]]
    .map(([n, v]) => `${percentEncode(n)}="${percentEncode(v)}"`)
    .join(', ');
  return {
    method: 'POST',
    url: input.url,
    headers: { Authorization: `OAuth realm="", ${header}`, 'Content-Type': 'application/xml' },
    body: input.body,
  };
}

export interface OutcomeResponse {
  codeMajor: 'success' | 'processing' | 'failure' | 'unsupported' | null;
  description: string | null;
}

/** Reads imsx_codeMajor / imsx_description from the consumer's POX answer. */
export function parseOutcomeResponse(xml: string): OutcomeResponse {
  const text = (tag: string): string | null => {
    const m = new RegExp(`<(?:\\w+:)?${tag}>([\\s\\S]*?)</(?:\\w+:)?${tag}>`).exec(xml);
    return m ? (m[1] as string).trim().replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&') : null;
  };
  const major = text('imsx_codeMajor');
  const known = ['success', 'processing', 'failure', 'unsupported'] as const;
  return {
    codeMajor: known.includes(major as (typeof known)[number]) ? (major as OutcomeResponse['codeMajor']) : null,
    description: text('imsx_description'),
  };
}

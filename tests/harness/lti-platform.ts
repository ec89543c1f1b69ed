import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JWK, type KeyLike, SignJWT, createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';

/**
 * A local LTI platform driven by the tests, speaking the real protocols on loopback:
 *
 * - LTI 1.3: its own RSA keys and a JWKS (`/jwks`, keys can be rotated in, published or not);
 *   an OIDC authorization endpoint (`/auth`, GET or POST) that checks the tool's authentication
 *   request and answers with the form_post page carrying a real signed id_token and the state;
 *   a token endpoint (`/token`) that verifies the tool's client_credentials JWT assertion
 *   against the tool's JWKS; AGS line items (`/lineitems`, list with filters, create) and scores
 *   (`/lineitems/:id/scores`); NRPS memberships (`/memberships`).
 * - LTI 1.1: signs basic launches like a consumer (OAuth 1.0a HMAC-SHA1), and an outcomes
 *   endpoint (`/outcomes`) that verifies the OAuth signature and body hash of replaceResult.
 * - `/course-page?src=…`: the platform's page showing an activity in an iframe (browser tests).
 *
 * What each launch carries is set per login_hint (`launches.set(hint, spec)`), including
 * deliberate faults (another key, a changed claim) for the refusal tests. Everything the tool
 * sent is recorded.
 */

export interface LaunchSpec {
  sub: string;
  messageType?: 'LtiResourceLinkRequest' | 'LtiDeepLinkingRequest';
  roles?: string[];
  resourceLinkId?: string;
  contextId?: string;
  custom?: Record<string, string>;
  name?: string;
  email?: string;
  /** AGS claim (default: line items container + score/lineitem scopes; `lineitem` when set). */
  ags?: { scopes?: string[]; lineItem?: string } | null;
  nrps?: boolean;
  deepLinking?: { acceptMultiple?: boolean; acceptLineItem?: boolean; data?: string };
  /** Sign with a key that is not in the published JWKS, under this kid (default: the current kid). */
  signWithUnpublishedKey?: boolean;
  /** Changes the claims just before signing (wrong aud, expired, ...). */
  mutate?: (claims: Record<string, unknown>) => void;
}

export interface RecordedScore {
  lineItemId: string;
  body: Record<string, unknown>;
  authorization: string | undefined;
  contentType: string | undefined;
}

export interface LineItemRecord {
  id: string;
  scoreMaximum: number;
  label: string;
  resourceId?: string;
  resourceLinkId?: string;
  tag?: string;
}

interface PlatformKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
  published: boolean;
}

export const AGS_SCOPES = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
} as const;
const NRPS_SCOPE = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';
const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

export interface LtiPlatform {
  url: string;
  issuer: string;
  clientId: string;
  deploymentId: string;
  jwksUrl: string;
  authEndpoint: string;
  tokenEndpoint: string;
  lineItemsUrl: string;
  /** login_hint → what the launch carries. */
  launches: Map<string, LaunchSpec>;
  /** Auth requests received (the tool's parameters). */
  authRequests: Array<Record<string, string>>;
  tokenRequests: Array<{ scope: string; ok: boolean; error?: string }>;
  lineItems: LineItemRecord[];
  scores: RecordedScore[];
  /** The next N score posts answer 500 (to exercise retries). */
  failScores: number;
  members: Array<Record<string, unknown>>;
  /** How many times the tool fetched /jwks. */
  jwksFetches: number;
  /** LTI 1.1 outcomes received (verified), and the consumer secrets the endpoint knows. */
  outcomes: Array<{ sourcedId: string; score: string; verified: boolean }>;
  /** JWTs the tool posted back to the deep-linking return URL. */
  deepLinkReturns: string[];
  lti11Secrets: Map<string, string>;
  /** A new signing key; published now or only later (`publishAll`). */
  rotateKey(opts?: { publish?: boolean }): Promise<string>;
  publishAll(): void;
  currentKid(): string;
  /** Signs the next launches with this (earlier) key again. */
  useKey(kid: string): void;
  /** Signs an LTI 1.1 basic launch as a consumer would (form fields incl. oauth_signature). */
  signLti11Launch(url: string, consumerKey: string, secret: string, params: Record<string, string>, opts?: { timestamp?: number; nonce?: string }): Record<string, string>;
  stop(): Promise<void>;
}

// ─── OAuth 1.0a, written here independently of the tool's implementation ─────────────────────

const enc = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export function oauthSignature(method: string, url: string, params: Array<[string, string]>, secret: string): string {
  const u = new URL(url);
  const all: Array<[string, string]> = [...params.filter(([k]) => k !== 'oauth_signature'), ...[...u.searchParams.entries()]];
  const normalized = all
    .map(([k, v]) => [enc(k), enc(v)] as const)
    .sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const baseString = [method.toUpperCase(), enc(`${u.protocol}//${u.host.toLowerCase()}${u.pathname}`), enc(normalized)].join('&');
  return crypto.createHmac('sha1', `${enc(secret)}&`).update(baseString).digest('base64');
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export async function startLtiPlatform(opts: { toolJwksUrl: string; clientId?: string; deploymentId?: string; issuer?: string } ): Promise<LtiPlatform> {
  const keys: PlatformKey[] = [];
  let signingKid = '';
  const launches = new Map<string, LaunchSpec>();
  const toolKeys = createRemoteJWKSet(new URL(opts.toolJwksUrl), { cooldownDuration: 0, cacheMaxAge: 1000 });
  const tokens = new Set<string>();

  const server = http.createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String((error as Error).stack ?? error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuer = opts.issuer ?? url;

  async function newKey(published: boolean): Promise<PlatformKey> {
    const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    const kid = crypto.randomBytes(8).toString('hex');
    const key = { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }, published };
    keys.push(key);
    return key;
  }
  signingKid = (await newKey(true)).kid;

  const platform: LtiPlatform = {
    url,
    issuer,
    clientId: opts.clientId ?? `client-${crypto.randomBytes(4).toString('hex')}`,
    deploymentId: opts.deploymentId ?? 'deployment-1',
    jwksUrl: `${url}/jwks`,
    authEndpoint: `${url}/auth`,
    tokenEndpoint: `${url}/token`,
    lineItemsUrl: `${url}/lineitems`,
    launches,
    authRequests: [],
    tokenRequests: [],
    lineItems: [],
    scores: [],
    failScores: 0,
    members: [],
    jwksFetches: 0,
    outcomes: [],
    deepLinkReturns: [],
    lti11Secrets: new Map(),
    async rotateKey(o = {}) {
      const key = await newKey(o.publish ?? true);
      signingKid = key.kid;
      return key.kid;
    },
    publishAll() {
      for (const k of keys) k.published = true;
    },
    currentKid: () => signingKid,
    useKey(kid) {
      if (!keys.some((k) => k.kid === kid)) throw new Error(`no key ${kid}`);
      signingKid = kid;
    },
    signLti11Launch(launchUrl, consumerKey, secret, params, o = {}) {
      const fields: Record<string, string> = {
        lti_message_type: 'basic-lti-launch-request',
        lti_version: 'LTI-1p0',
        ...params,
        oauth_consumer_key: consumerKey,
        oauth_signature_method: 'HMAC-SHA1',
        oauth_timestamp: String(o.timestamp ?? Math.floor(Date.now() / 1000)),
        oauth_nonce: o.nonce ?? crypto.randomBytes(12).toString('hex'),
        oauth_version: '1.0',
        oauth_callback: 'about:blank',
      };
      fields.oauth_signature = oauthSignature('POST', launchUrl, Object.entries(fields), secret);
      return fields;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };

  async function idToken(params: Record<string, string>): Promise<string> {
    const spec = launches.get(params.login_hint ?? '');
    if (!spec) throw new Error(`no launch spec for login_hint ${params.login_hint}`);
    const now = Math.floor(Date.now() / 1000);
    const messageType = spec.messageType ?? 'LtiResourceLinkRequest';
    const claims: Record<string, unknown> = {
      iss: issuer,
      aud: platform.clientId,
      sub: spec.sub,
      iat: now,
      exp: now + 300,
      nonce: params.nonce,
      name: spec.name ?? `Learner ${spec.sub}`,
      email: spec.email,
      [`${LTI}message_type`]: messageType,
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: platform.deploymentId,
      [`${LTI}target_link_uri`]: params.__target ?? '',
      [`${LTI}roles`]: spec.roles ?? ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [`${LTI}context`]: { id: spec.contextId ?? 'context-1', title: 'Platform course', label: 'PC1', type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [`${LTI}tool_platform`]: { guid: 'platform-guid', name: 'Test Platform', product_family_code: 'test' },
      [`${LTI}custom`]: spec.custom ?? {},
    };
    if (messageType === 'LtiResourceLinkRequest') {
      claims[`${LTI}resource_link`] = { id: spec.resourceLinkId ?? 'link-1', title: 'Platform link' };
      if (spec.ags !== null) {
        claims['https://purl.imsglobal.org/spec/lti-ags/claim/endpoint'] = {
          scope: spec.ags?.scopes ?? [AGS_SCOPES.lineItem, AGS_SCOPES.score],
          lineitems: `${url}/lineitems`,
          ...(spec.ags?.lineItem ? { lineitem: spec.ags.lineItem } : {}),
        };
      }
      if (spec.nrps) {
        claims['https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice'] = { context_memberships_url: `${url}/memberships`, service_versions: ['2.0'] };
      }
    } else {
      claims['https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings'] = {
        deep_link_return_url: `${url}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: spec.deepLinking?.acceptMultiple ?? true,
        accept_lineitem: spec.deepLinking?.acceptLineItem ?? true,
        data: spec.deepLinking?.data ?? 'opaque-dl-data',
      };
    }
    spec.mutate?.(claims);
    let key = keys.find((k) => k.kid === signingKid) as PlatformKey;
    if (spec.signWithUnpublishedKey) {
      const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
      key = { ...key, privateKey };
    }
    return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
  }

  async function authenticate(req: http.IncomingMessage, res: http.ServerResponse, params: Record<string, string>) {
    platform.authRequests.push(params);
    const problems: string[] = [];
    if (params.response_type !== 'id_token') problems.push('response_type');
    if (params.scope !== 'openid') problems.push('scope');
    if (params.response_mode !== 'form_post') problems.push('response_mode');
    if (params.prompt !== 'none') problems.push('prompt');
    if (params.client_id !== platform.clientId) problems.push('client_id');
    if (!params.redirect_uri || !params.state || !params.nonce) problems.push('redirect_uri/state/nonce');
    if (problems.length > 0) {
      res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`bad authentication request: ${problems.join(', ')}`);
      return;
    }
    // The platform knows the target from its own launch (the login_hint); the test's spec may
    // override, otherwise it is the tool's launch URL the login named.
    const target = params.lti_message_hint?.startsWith('target:') ? params.lti_message_hint.slice(7) : params.redirect_uri;
    const token = await idToken({ ...params, __target: target as string });
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html><body><form id="f" method="post" action="${escapeHtml(params.redirect_uri as string)}">` +
        `<input type="hidden" name="id_token" value="${escapeHtml(token)}"><input type="hidden" name="state" value="${escapeHtml(params.state as string)}">` +
        `</form><script>document.getElementById('f').submit()</script></body></html>`,
    );
  }

  function bearer(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    return header.startsWith('Bearer ') && tokens.has(header.slice(7));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const u = new URL(req.url ?? '/', url);
    const json = (status: number, body: unknown, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(JSON.stringify(body));
    };
    if (u.pathname === '/jwks') {
      platform.jwksFetches++;
      return json(200, { keys: keys.filter((k) => k.published).map((k) => k.publicJwk) });
    }
    if (u.pathname === '/auth') {
      const params = req.method === 'POST' ? Object.fromEntries(new URLSearchParams(await readBody(req))) : Object.fromEntries(u.searchParams);
      return authenticate(req, res, params);
    }
    if (u.pathname === '/token' && req.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      try {
        if (form.grant_type !== 'client_credentials') throw new Error('grant_type');
        if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') throw new Error('client_assertion_type');
        await jwtVerify(form.client_assertion ?? '', toolKeys, { issuer: platform.clientId, subject: platform.clientId, audience: platform.tokenEndpoint });
        const token = crypto.randomBytes(16).toString('hex');
        tokens.add(token);
        platform.tokenRequests.push({ scope: form.scope ?? '', ok: true });
        return json(200, { access_token: token, token_type: 'Bearer', expires_in: 3600, scope: form.scope });
      } catch (error) {
        platform.tokenRequests.push({ scope: form.scope ?? '', ok: false, error: (error as Error).message });
        return json(401, { error: 'invalid_client', error_description: (error as Error).message });
      }
    }
    if (u.pathname === '/lineitems') {
      if (!bearer(req)) return json(401, { error: 'no token' });
      if (req.method === 'GET') {
        const rid = u.searchParams.get('resource_id');
        return json(200, platform.lineItems.filter((li) => !rid || li.resourceId === rid), 'application/vnd.ims.lis.v2.lineitemcontainer+json');
      }
      const body = JSON.parse(await readBody(req)) as Omit<LineItemRecord, 'id'>;
      const item: LineItemRecord = { ...body, id: `${url}/lineitems/${platform.lineItems.length + 1}?type=test` };
      platform.lineItems.push(item);
      return json(201, item, 'application/vnd.ims.lis.v2.lineitem+json');
    }
    const scores = /^\/lineitems\/([^/]+)\/scores$/.exec(u.pathname);
    if (scores && req.method === 'POST') {
      if (!bearer(req)) return json(401, { error: 'no token' });
      const body = JSON.parse(await readBody(req)) as Record<string, unknown>;
      if (platform.failScores > 0) {
        platform.failScores--;
        return json(500, { error: 'platform hiccup' });
      }
      platform.scores.push({ lineItemId: `${url}/lineitems/${scores[1]}?${u.searchParams.toString()}`, body, authorization: req.headers.authorization, contentType: req.headers['content-type'] });
      res.writeHead(204);
      return res.end();
    }
    if (u.pathname === '/memberships') {
      if (!bearer(req)) return json(401, { error: 'no token' });
      return json(200, { id: `${url}/memberships`, context: { id: 'context-1' }, members: platform.members }, 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json');
    }
    if (u.pathname === '/outcomes' && req.method === 'POST') {
      const body = await readBody(req);
      const header = req.headers.authorization ?? '';
      const params: Array<[string, string]> = [...header.replace(/^OAuth\s+/, '').matchAll(/([a-z_]+)="([^"]*)"/g)].map((m) => [decodeURIComponent(m[1] as string), decodeURIComponent(m[2] as string)]);
      const p = Object.fromEntries(params);
      const secret = platform.lti11Secrets.get(p.oauth_consumer_key ?? '');
      const bodyHash = crypto.createHash('sha1').update(body).digest('base64');
      const verified =
        secret !== undefined &&
        p.oauth_body_hash === bodyHash &&
        p.oauth_signature === oauthSignature('POST', `${url}/outcomes`, params.filter(([k]) => k !== 'realm'), secret);
      const sourcedId = /<sourcedId>([^<]*)<\/sourcedId>/.exec(body)?.[1] ?? '';
      const score = /<textString>([^<]*)<\/textString>/.exec(body)?.[1] ?? '';
      platform.outcomes.push({ sourcedId, score, verified });
      res.writeHead(200, { 'content-type': 'application/xml' });
      return res.end(
        `<?xml version="1.0" encoding="UTF-8"?><imsx_POXEnvelopeResponse xmlns="http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0"><imsx_POXHeader><imsx_POXResponseHeaderInfo><imsx_version>V1.0</imsx_version><imsx_messageIdentifier>1</imsx_messageIdentifier><imsx_statusInfo><imsx_codeMajor>${verified ? 'success' : 'failure'}</imsx_codeMajor><imsx_severity>status</imsx_severity><imsx_description>${verified ? 'Score recorded' : 'signature not valid'}</imsx_description></imsx_statusInfo></imsx_POXResponseHeaderInfo></imsx_POXHeader><imsx_POXBody><replaceResultResponse/></imsx_POXBody></imsx_POXEnvelopeResponse>`,
      );
    }
    if (u.pathname === '/course-page') {
      // The platform's own page embedding the tool, as an LMS shows an activity in an iframe.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      return res.end(`<!doctype html><html><head><title>Platform course</title></head><body><h1>Platform course</h1><iframe title="Activity" src="${escapeHtml(u.searchParams.get('src') ?? '')}" width="1000" height="700"></iframe></body></html>`);
    }
    if (u.pathname === '/deep-link-return' && req.method === 'POST') {
      const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
      platform.deepLinkReturns.push(form.JWT ?? '');
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<!doctype html><p>Content added.</p>');
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }

  return platform;
}

/** Verifies a JWT the tool signed (deep-linking response) against the tool's JWKS. */
export async function verifyToolJwt(jwt: string, toolJwksUrl: string, expected: { issuer: string; audience: string }) {
  return jwtVerify(jwt, createRemoteJWKSet(new URL(toolJwksUrl)), expected);
}

export type { JWK };
export { NRPS_SCOPE };

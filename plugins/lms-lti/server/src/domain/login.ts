import { LtiError } from './errors';
import { type PlatformRegistration } from './registration';
import { type RandomToken, httpUrl, isRecord, nonEmptyString, optionalString, quote, randomToken } from './values';

/**
 * OIDC third-party-initiated login (LTI 1.3 Core §5.1.1, Security Framework §5.1.1.1): the
 * platform sends the browser to our login URL (GET query or POST form) with iss, login_hint,
 * target_link_uri and optionally client_id, lti_deployment_id and lti_message_hint. We answer
 * with an authentication request to the platform carrying a fresh state and nonce.
 *
 * Two steps so the caller can load registrations between them:
 *   const request = parseLoginRequest(ctx.method === 'POST' ? body : query);
 *   const registrations = await repo.findByIssuer(request.issuer);
 *   const login = planLogin(request, registrations, { redirectUri });
 *   await stateStore.put(login.pending.state, login.pending, LOGIN_STATE_TTL_SECONDS);
 */

/** How long a state/nonce pair may wait for its launch. */
export const LOGIN_STATE_TTL_SECONDS = 600;

export interface LoginRequest {
  issuer: string;
  loginHint: string;
  targetLinkUri: string;
  clientId: string | null;
  deploymentId: string | null;
  messageHint: string | null;
}

export interface ToolLoginConfig {
  /** Our launch URL, registered with the platform as a redirect URI. */
  redirectUri: string;
  /**
   * Origins target_link_uri may point at (default: the origin of redirectUri). A launch only ever
   * lands on our own pages: anything else would make the login URL an open redirect.
   */
  targetLinkOrigins?: readonly string[];
}

/** What the caller stores under `state` (with a TTL) and checks at launch. */
export interface PendingLogin {
  state: string;
  nonce: string;
  issuer: string;
  clientId: string;
  deploymentId: string | null;
  targetLinkUri: string;
}

export interface AuthRequest {
  method: 'GET' | 'POST';
  /** The platform's auth endpoint (the form's action). */
  action: string;
  /** The parameters, in a stable order, for an auto-submitted form POST. */
  params: ReadonlyArray<readonly [string, string]>;
  /** The endpoint with the parameters added to its query, for a 302 when method is GET. */
  url: string;
}

export interface LoginInitiation {
  registration: PlatformRegistration;
  pending: PendingLogin;
  authRequest: AuthRequest;
}

function single(input: Record<string, unknown>, name: string): unknown {
  const value = input[name];
  // A repeated parameter is ambiguous: refuse rather than guess which one the platform meant.
  if (Array.isArray(value)) {
    throw new LtiError('invalid-login-request', name, `sent ${value.length} times; send it once`);
  }
  return value;
}

/** Validates the login initiation parameters (query for GET, form body for POST). */
export function parseLoginRequest(input: unknown): LoginRequest {
  if (!isRecord(input)) throw new LtiError('invalid-login-request', '', 'the login request has no parameters');
  const iss = single(input, 'iss');
  if (!nonEmptyString(iss)) throw new LtiError('invalid-login-request', 'iss', `is ${quote(iss)}; the platform must send its issuer`);
  const loginHint = single(input, 'login_hint');
  if (!nonEmptyString(loginHint)) {
    throw new LtiError('invalid-login-request', 'login_hint', `is ${quote(loginHint)}; the platform must send the user's login hint`);
  }
  const target = single(input, 'target_link_uri');
  if (!httpUrl(target)) {
    throw new LtiError('invalid-login-request', 'target_link_uri', `is ${quote(target)}; it must be an absolute http(s) URL`);
  }
  const optional = (name: string): string | null => {
    const value = single(input, name);
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw new LtiError('invalid-login-request', name, `is ${quote(value)}; it must be a string`);
    }
    return optionalString(value);
  };
  return {
    issuer: iss,
    loginHint,
    targetLinkUri: target as string,
    clientId: optional('client_id'),
    deploymentId: optional('lti_deployment_id'),
    messageHint: optional('lti_message_hint'),
  };
}

/** Picks the registration for a login: issuer, then client_id (required when the issuer has several). */
export function selectRegistration(
  issuer: string,
  clientId: string | null,
  registrations: readonly PlatformRegistration[],
): PlatformRegistration {
  const forIssuer = registrations.filter((r) => r.issuer === issuer);
  if (forIssuer.length === 0) {
    throw new LtiError('unknown-issuer', 'iss', `${quote(issuer)} is not a registered platform; add it in the LTI registrations`);
  }
  if (clientId !== null) {
    const match = forIssuer.find((r) => r.clientId === clientId);
    if (!match) {
      throw new LtiError('unknown-client', 'client_id', `${quote(clientId)} is not registered for issuer ${quote(issuer)}`);
    }
    return match;
  }
  if (forIssuer.length > 1) {
    throw new LtiError(
      'ambiguous-registration',
      'client_id',
      `issuer ${quote(issuer)} has ${forIssuer.length} registrations and the platform sent no client_id; configure it to send one`,
    );
  }
  return forIssuer[0] as PlatformRegistration;
}

export function planLogin(
  request: LoginRequest,
  registrations: readonly PlatformRegistration[],
  tool: ToolLoginConfig,
  random: RandomToken = randomToken,
): LoginInitiation {
  const registration = selectRegistration(request.issuer, request.clientId, registrations);
  if (request.deploymentId !== null && !registration.deploymentIds.includes(request.deploymentId)) {
    throw new LtiError(
      'unknown-deployment',
      'lti_deployment_id',
      `${quote(request.deploymentId)} is not registered for issuer ${quote(registration.issuer)} (client ${quote(registration.clientId)}); add it to the registration's deployment ids`,
    );
  }
  const redirect = httpUrl(tool.redirectUri);
  if (!redirect) throw new Error(`the tool's redirectUri ${quote(tool.redirectUri)} is not an absolute URL`);
  const allowed = (tool.targetLinkOrigins ?? [redirect.origin]).map((o) => new URL(o).origin);
  const target = new URL(request.targetLinkUri);
  if (!allowed.includes(target.origin)) {
    throw new LtiError(
      'target-link-uri-not-allowed',
      'target_link_uri',
      `${quote(request.targetLinkUri)} is not on this tool (${allowed.join(', ')}); check the launch URL in the platform's registration`,
    );
  }

  const state = random();
  const nonce = random();
  const params: Array<readonly [string, string]> = [
    ['response_type', 'id_token'],
    ['scope', 'openid'],
    ['response_mode', 'form_post'],
    ['prompt', 'none'],
    ['client_id', registration.clientId],
    ['redirect_uri', tool.redirectUri],
    ['login_hint', request.loginHint],
    ['state', state],
    ['nonce', nonce],
  ];
  // Opaque to us, but the platform needs it back to know which launch this is.
  if (request.messageHint !== null) params.push(['lti_message_hint', request.messageHint]);

  const url = new URL(registration.authEndpoint);
  for (const [name, value] of params) url.searchParams.set(name, value);
  return {
    registration,
    pending: {
      state,
      nonce,
      issuer: registration.issuer,
      clientId: registration.clientId,
      deploymentId: request.deploymentId,
      targetLinkUri: request.targetLinkUri,
    },
    authRequest: { method: registration.authRequestMethod ?? 'GET', action: registration.authEndpoint, params, url: url.toString() },
  };
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

/**
 * A page that POSTs `fields` to `action` as soon as it loads (auth request to a platform that
 * refuses GET; the deep-linking response back to the platform). The button is for browsers
 * without script. `scriptNonce` is the page's CSP nonce, when it has one.
 */
export function autoSubmitFormHtml(
  action: string,
  fields: ReadonlyArray<readonly [string, string]>,
  options: { title?: string; scriptNonce?: string } = {},
): string {
  const inputs = fields.map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`).join('');
  const nonce = options.scriptNonce ? ` nonce="${escapeHtml(options.scriptNonce)}"` : '';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(options.title ?? 'Continuing…')}</title></head>` +
    `<body><form id="lti-auto-submit" method="post" action="${escapeHtml(action)}">${inputs}` +
    `<noscript><button type="submit">Continue</button></noscript></form>` +
    `<script${nonce}>document.getElementById('lti-auto-submit').submit();</script></body></html>`
  );
}

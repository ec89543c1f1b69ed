import { LTI_CLAIM, LTI_VERSION, type LaunchMessageType, MESSAGE_TYPES, claimLabel } from './claims';
import { LtiError } from './errors';
import { type PlatformKeyCache } from './jwks';
import { RSA_JWS_ALGORITHMS, type RsaJwsAlgorithm, verifyCompactRsaJws } from './jws';
import { type PlatformRegistration } from './registration';
import { type RoleMapping, mapRoles } from './roles';
import { httpUrl, isRecord, nonEmptyString, optionalString, quote, stringArray } from './values';

/**
 * LTI 1.3 launch verification (Security Framework §5.1.3, Core §5.3–5.4, Deep Linking §4.4):
 * the id_token's signature against the platform's JWKS, then every required claim, then the
 * nonce is consumed. Nothing of the payload is used before the signature checks out.
 */

/** Signature algorithms accepted from platforms (LTI requires RS256; never `none` or HMAC). */
export const ID_TOKEN_ALGORITHMS = Object.keys(RSA_JWS_ALGORITHMS) as RsaJwsAlgorithm[];

/** Allowed clock difference with the platform for exp / iat / nbf. */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;

export interface ResourceLink {
  id: string;
  title: string | null;
  description: string | null;
}

export interface LaunchContext {
  id: string;
  label: string | null;
  title: string | null;
  type: string[];
}

export interface DeepLinkingSettings {
  returnUrl: string;
  acceptTypes: string[];
  acceptPresentationDocumentTargets: string[];
  acceptMediaTypes: string | null;
  acceptMultiple: boolean;
  /** null when the platform did not say (the spec's default is "may be ignored"). */
  acceptLineItem: boolean | null;
  autoCreate: boolean;
  title: string | null;
  text: string | null;
  /** Opaque; must be echoed in the response. */
  data: string | null;
}

export interface AgsEndpoint {
  scopes: string[];
  /** The line items container (find / create line items). */
  lineItemsUrl: string | null;
  /** The one line item coupled to this resource link, when the platform made it. */
  lineItemUrl: string | null;
}

export interface NrpsService {
  contextMembershipsUrl: string;
  serviceVersions: string[];
}

export interface LtiUser {
  /** `sub`: stable per issuer; the user is provisioned by (issuer, subject). */
  subject: string;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  picture: string | null;
  locale: string | null;
  /** LTI 1.1 user_id of the same person, for migrated links. */
  lti11UserId: string | null;
}

export interface LtiLaunch {
  messageType: LaunchMessageType;
  issuer: string;
  clientId: string;
  deploymentId: string;
  nonce: string;
  issuedAt: Date;
  expiresAt: Date;
  targetLinkUri: string;
  user: LtiUser;
  roles: string[];
  role: RoleMapping;
  context: LaunchContext | null;
  /** Present for LtiResourceLinkRequest (required there), optional for deep linking. */
  resourceLink: ResourceLink | null;
  /** Present exactly for LtiDeepLinkingRequest. */
  deepLinking: DeepLinkingSettings | null;
  ags: AgsEndpoint | null;
  nrps: NrpsService | null;
  custom: Record<string, string>;
  launchPresentation: { documentTarget: string | null; returnUrl: string | null; locale: string | null; width: number | null; height: number | null } | null;
  toolPlatform: { guid: string | null; name: string | null; productFamilyCode: string | null; version: string | null } | null;
  /** The whole verified payload, for claims not modelled here. */
  claims: Record<string, unknown>;
}

export interface ClaimExpectations {
  /** The registration the launch's state record points at (issuer and client_id come from it). */
  registration: PlatformRegistration;
  now: Date;
  /** The nonce stored with the state at login; the token's nonce must equal it. */
  expectedNonce?: string | null;
  /** target_link_uri from the login initiation; the token must name the same one. */
  expectedTargetLinkUri?: string | null;
  clockToleranceSeconds?: number;
}

const missing = (claim: string, what: string): LtiError =>
  new LtiError('missing-claim', claimLabel(claim), `is missing; the platform must send ${what}`);
const invalid = (claim: string, value: unknown, what: string): LtiError =>
  new LtiError('invalid-claim', claimLabel(claim), `is ${quote(value)}; ${what}`);

function numericDate(payload: Record<string, unknown>, claim: 'exp' | 'iat'): number {
  const value = payload[claim];
  if (value === undefined) throw missing(claim, claim === 'exp' ? 'an expiry time' : 'an issue time');
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(claim, value, 'it must be seconds since the epoch');
  return value;
}

function parseUrlOrNull(claim: string, field: string, value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (!httpUrl(value)) throw invalid(`${claim}.${field}`, value, `${field} must be an absolute http(s) URL`);
  return value as string;
}

function parseDeepLinkingSettings(value: unknown): DeepLinkingSettings {
  const claim = LTI_CLAIM.deepLinkingSettings;
  if (value === undefined) throw missing(claim, 'deep_linking_settings with an LtiDeepLinkingRequest');
  if (!isRecord(value)) throw invalid(claim, value, 'it must be an object');
  const returnUrl = value.deep_link_return_url;
  if (!httpUrl(returnUrl)) throw invalid(`${claim}.deep_link_return_url`, returnUrl, 'it must be an absolute http(s) URL');
  if (!stringArray(value.accept_types)) throw invalid(`${claim}.accept_types`, value.accept_types, 'it must be an array of strings');
  const targets = value.accept_presentation_document_targets;
  if (!stringArray(targets)) throw invalid(`${claim}.accept_presentation_document_targets`, targets, 'it must be an array of strings');
  const bool = (name: string, fallback: boolean | null): boolean | null => {
    const v = value[name];
    if (v === undefined || v === null) return fallback;
    // Some platforms send "true"/"false" strings.
    if (v === true || v === 'true') return true;
    if (v === false || v === 'false') return false;
    throw invalid(`${claim}.${name}`, v, 'it must be true or false');
  };
  return {
    returnUrl: returnUrl as string,
    acceptTypes: value.accept_types,
    acceptPresentationDocumentTargets: targets,
    acceptMediaTypes: optionalString(value.accept_media_types),
    acceptMultiple: bool('accept_multiple', false) as boolean,
    acceptLineItem: bool('accept_lineitem', null),
    autoCreate: bool('auto_create', false) as boolean,
    title: optionalString(value.title),
    text: optionalString(value.text),
    data: optionalString(value.data),
  };
}

function parseAgsEndpoint(value: unknown): AgsEndpoint | null {
  const claim = LTI_CLAIM.agsEndpoint;
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw invalid(claim, value, 'it must be an object');
  if (!stringArray(value.scope)) throw invalid(`${claim}.scope`, value.scope, 'it must be an array of scope URIs');
  return {
    scopes: value.scope,
    lineItemsUrl: parseUrlOrNull(claim, 'lineitems', value.lineitems),
    lineItemUrl: parseUrlOrNull(claim, 'lineitem', value.lineitem),
  };
}

function parseNrps(value: unknown): NrpsService | null {
  const claim = LTI_CLAIM.nrps;
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw invalid(claim, value, 'it must be an object');
  const url = value.context_memberships_url;
  if (!httpUrl(url)) throw invalid(`${claim}.context_memberships_url`, url, 'it must be an absolute http(s) URL');
  const versions = value.service_versions;
  if (!stringArray(versions)) throw invalid(`${claim}.service_versions`, versions, 'it must be an array of strings');
  return { contextMembershipsUrl: url as string, serviceVersions: versions };
}

function parseContext(value: unknown): LaunchContext | null {
  const claim = LTI_CLAIM.context;
  if (value === undefined || value === null) return null;
  if (!isRecord(value)) throw invalid(claim, value, 'it must be an object');
  if (!nonEmptyString(value.id)) throw invalid(`${claim}.id`, value.id, 'the context needs an id');
  return {
    id: value.id,
    label: optionalString(value.label),
    title: optionalString(value.title),
    type: stringArray(value.type) ? value.type : [],
  };
}

function parseResourceLink(value: unknown, required: boolean): ResourceLink | null {
  const claim = LTI_CLAIM.resourceLink;
  if (value === undefined || value === null) {
    if (required) throw missing(claim, 'resource_link with an LtiResourceLinkRequest');
    return null;
  }
  if (!isRecord(value)) throw invalid(claim, value, 'it must be an object');
  if (!nonEmptyString(value.id)) throw invalid(`${claim}.id`, value.id, 'the resource link needs an id');
  return { id: value.id, title: optionalString(value.title), description: optionalString(value.description) };
}

function parseCustom(value: unknown): Record<string, string> {
  if (!isRecord(value)) return {};
  const custom: Record<string, string> = {};
  // Custom values are strings by spec; numbers and booleans from lax platforms are stringified.
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') custom[key] = String(v);
  }
  return custom;
}

/**
 * Checks a signature-verified id_token payload against the registration and the login step,
 * and reads it into an `LtiLaunch`. Pure: the time is `now`, the nonce is *not* consumed here.
 */
export function validateLaunchClaims(payload: unknown, expect: ClaimExpectations): LtiLaunch {
  if (!isRecord(payload)) throw new LtiError('malformed-token', 'id_token', 'the payload is not a JSON object');
  const { registration } = expect;
  const tolerance = expect.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const nowSeconds = Math.floor(expect.now.getTime() / 1000);

  if (payload.iss !== registration.issuer) {
    throw new LtiError('wrong-issuer', 'iss', `is ${quote(payload.iss)}, but this launch was started by ${quote(registration.issuer)}`);
  }
  const aud = payload.aud;
  const audiences = typeof aud === 'string' ? [aud] : stringArray(aud) ? aud : null;
  if (audiences === null || audiences.length === 0) throw invalid('aud', aud, 'it must be a string or an array of strings');
  if (!audiences.includes(registration.clientId)) {
    throw new LtiError('wrong-audience', 'aud', `is ${quote(aud)}; the token is not for this tool's client_id ${quote(registration.clientId)}`);
  }
  // OIDC Core §3.1.3.7: with several audiences azp must name us; when present it must always.
  if (payload.azp !== undefined || audiences.length > 1) {
    if (payload.azp !== registration.clientId) {
      throw new LtiError('wrong-azp', 'azp', `is ${quote(payload.azp)}; with this aud it must be this tool's client_id ${quote(registration.clientId)}`);
    }
  }
  const exp = numericDate(payload, 'exp');
  if (nowSeconds > exp + tolerance) {
    throw new LtiError('token-expired', 'exp', `the id_token expired at ${new Date(exp * 1000).toISOString()} (now ${expect.now.toISOString()}); launch again from the platform`);
  }
  const iat = numericDate(payload, 'iat');
  if (iat > nowSeconds + tolerance) {
    throw new LtiError('token-not-yet-valid', 'iat', `the id_token was issued at ${new Date(iat * 1000).toISOString()}, in the future (now ${expect.now.toISOString()}); check the platform's clock`);
  }
  if (payload.nbf !== undefined) {
    if (typeof payload.nbf !== 'number') throw invalid('nbf', payload.nbf, 'it must be seconds since the epoch');
    if (payload.nbf > nowSeconds + tolerance) {
      throw new LtiError('token-not-yet-valid', 'nbf', `the id_token is not valid before ${new Date(payload.nbf * 1000).toISOString()}`);
    }
  }
  if (!nonEmptyString(payload.nonce)) throw missing('nonce', 'the nonce from the authentication request');
  if (expect.expectedNonce != null && payload.nonce !== expect.expectedNonce) {
    throw new LtiError('nonce-mismatch', 'nonce', 'does not match the nonce of this login; start the launch again from the platform');
  }
  if (!nonEmptyString(payload.sub)) {
    throw new LtiError('missing-claim', 'sub', 'is missing; anonymous launches are not supported (the platform must identify the user)');
  }

  const version = payload[LTI_CLAIM.version];
  if (version === undefined) throw missing(LTI_CLAIM.version, 'the LTI version');
  if (version !== LTI_VERSION) {
    throw new LtiError('unsupported-version', 'version', `is ${quote(version)}; this tool speaks LTI ${LTI_VERSION}`);
  }
  const messageType = payload[LTI_CLAIM.messageType];
  if (messageType === undefined) throw missing(LTI_CLAIM.messageType, 'the message type');
  if (!MESSAGE_TYPES.includes(messageType as LaunchMessageType)) {
    throw new LtiError('unsupported-message-type', 'message_type', `is ${quote(messageType)}; this tool accepts ${MESSAGE_TYPES.join(' and ')}`);
  }
  const deploymentId = payload[LTI_CLAIM.deploymentId];
  if (!nonEmptyString(deploymentId)) throw missing(LTI_CLAIM.deploymentId, 'the deployment id');
  if (!registration.deploymentIds.includes(deploymentId)) {
    throw new LtiError(
      'unknown-deployment',
      'deployment_id',
      `${quote(deploymentId)} is not registered for issuer ${quote(registration.issuer)} (client ${quote(registration.clientId)}); add it to the registration's deployment ids`,
    );
  }
  const targetLinkUri = payload[LTI_CLAIM.targetLinkUri];
  if (targetLinkUri === undefined) throw missing(LTI_CLAIM.targetLinkUri, 'the target link URI');
  if (!httpUrl(targetLinkUri)) throw invalid(LTI_CLAIM.targetLinkUri, targetLinkUri, 'it must be an absolute http(s) URL');
  if (expect.expectedTargetLinkUri != null && targetLinkUri !== expect.expectedTargetLinkUri) {
    throw new LtiError(
      'target-link-uri-mismatch',
      'target_link_uri',
      `is ${quote(targetLinkUri)}, but the login was for ${quote(expect.expectedTargetLinkUri)}`,
    );
  }
  const roles = payload[LTI_CLAIM.roles];
  if (roles === undefined) throw missing(LTI_CLAIM.roles, 'the roles (an empty array when the user has none)');
  if (!stringArray(roles)) throw invalid(LTI_CLAIM.roles, roles, 'it must be an array of role URIs');

  const type = messageType as LaunchMessageType;
  const resourceLink = parseResourceLink(payload[LTI_CLAIM.resourceLink], type === 'LtiResourceLinkRequest');
  const deepLinking = type === 'LtiDeepLinkingRequest' ? parseDeepLinkingSettings(payload[LTI_CLAIM.deepLinkingSettings]) : null;

  const presentation = payload[LTI_CLAIM.launchPresentation];
  const platform = payload[LTI_CLAIM.toolPlatform];
  const lti1p1 = payload[LTI_CLAIM.lti1p1];
  const dimension = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

  return {
    messageType: type,
    issuer: registration.issuer,
    clientId: registration.clientId,
    deploymentId,
    nonce: payload.nonce,
    issuedAt: new Date(iat * 1000),
    expiresAt: new Date(exp * 1000),
    targetLinkUri: targetLinkUri as string,
    user: {
      subject: payload.sub,
      name: optionalString(payload.name),
      givenName: optionalString(payload.given_name),
      familyName: optionalString(payload.family_name),
      email: optionalString(payload.email),
      picture: optionalString(payload.picture),
      locale: optionalString(payload.locale),
      lti11UserId:
        optionalString(payload[LTI_CLAIM.lti11LegacyUserId]) ?? (isRecord(lti1p1) ? optionalString(lti1p1.user_id) : null),
    },
    roles,
    role: mapRoles(roles),
    context: parseContext(payload[LTI_CLAIM.context]),
    resourceLink,
    deepLinking,
    ags: parseAgsEndpoint(payload[LTI_CLAIM.agsEndpoint]),
    nrps: parseNrps(payload[LTI_CLAIM.nrps]),
    custom: parseCustom(payload[LTI_CLAIM.custom]),
    launchPresentation: isRecord(presentation)
      ? {
          documentTarget: optionalString(presentation.document_target),
          returnUrl: optionalString(presentation.return_url),
          locale: optionalString(presentation.locale),
          width: dimension(presentation.width),
          height: dimension(presentation.height),
        }
      : null,
    toolPlatform: isRecord(platform)
      ? {
          guid: optionalString(platform.guid),
          name: optionalString(platform.name),
          productFamilyCode: optionalString(platform.product_family_code),
          version: optionalString(platform.version),
        }
      : null,
    claims: payload,
  };
}

export interface NonceUse {
  issuer: string;
  nonce: string;
  /** Keep the record at least until then: after it the token is refused as expired anyway. */
  keepUntil: Date;
}

export interface VerifyLaunchOptions extends ClaimExpectations {
  keys: PlatformKeyCache;
  /**
   * Records the nonce as used; returns false when it already was (a replayed id_token). Called
   * only after the signature and every other claim check passed, so forged tokens burn nothing.
   */
  consumeNonce: (use: NonceUse) => Promise<boolean> | boolean;
}

/** Verifies a launch's id_token (the `id_token` form field) end to end. */
export async function verifyLaunch(idToken: unknown, options: VerifyLaunchOptions): Promise<LtiLaunch> {
  const { jwksUrl } = options.registration;
  const { payload } = await verifyCompactRsaJws(idToken, 'id_token', (header) => options.keys.resolve(jwksUrl, header));
  const launch = validateLaunchClaims(payload, options);
  const tolerance = options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;
  const fresh = await options.consumeNonce({
    issuer: launch.issuer,
    nonce: launch.nonce,
    keepUntil: new Date(launch.expiresAt.getTime() + tolerance * 1000),
  });
  if (!fresh) {
    throw new LtiError('nonce-replayed', 'nonce', 'this id_token was already used; launch again from the platform');
  }
  return launch;
}

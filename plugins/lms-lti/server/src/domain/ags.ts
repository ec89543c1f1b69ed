import { SignJWT } from 'jose';
import { AGS_SCOPE } from './claims';
import { LtiError } from './errors';
import { type ToolSigningKey } from './keys';
import { type AgsEndpoint } from './launch';
import { type PlatformRegistration } from './registration';
import { type RandomToken, httpUrl, isRecord, nonEmptyString, optionalString, quote, randomToken } from './values';

/**
 * Assignment and Grade Services 2.0 and the OAuth 2 client-credentials grant (LTI Security
 * Framework §4.1): everything that goes on the wire, as data. The HTTP calls, the token cache and
 * the retries are the service's; the decisions here take what those calls returned.
 */

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Lifetime of the client assertion: it is exchanged at once. */
const ASSERTION_LIFETIME_SECONDS = 300;

/** The JWT the tool authenticates with at the platform's token endpoint. */
export async function signClientAssertion(
  registration: Pick<PlatformRegistration, 'clientId' | 'tokenEndpoint' | 'tokenAudience'>,
  key: ToolSigningKey,
  options: { now: Date; random?: RandomToken },
): Promise<string> {
  const iat = Math.floor(options.now.getTime() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(registration.clientId)
    .setSubject(registration.clientId)
    .setAudience(registration.tokenAudience ?? registration.tokenEndpoint)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ASSERTION_LIFETIME_SECONDS)
    .setJti((options.random ?? randomToken)())
    .sign(key.privateKey);
}

/** The form (application/x-www-form-urlencoded) POSTed to the token endpoint. */
export function tokenRequestForm(assertion: string, scopes: readonly string[]): Array<[string, string]> {
  if (scopes.length === 0) throw new RangeError('request at least one scope');
  return [
    ['grant_type', 'client_credentials'],
    ['client_assertion_type', CLIENT_ASSERTION_TYPE],
    ['client_assertion', assertion],
    ['scope', [...new Set(scopes)].join(' ')],
  ];
}

export interface AccessToken {
  accessToken: string;
  expiresAt: Date;
  /** Scopes granted (the platform may grant fewer than requested). */
  scopes: string[];
}

/** Platforms that omit expires_in get this: short, so a wrong guess costs one extra token request. */
const DEFAULT_TOKEN_SECONDS = 300;

export function parseTokenResponse(body: unknown, requestedScopes: readonly string[], now: Date): AccessToken {
  if (!isRecord(body)) throw new LtiError('invalid-token-response', 'body', 'the token endpoint did not answer with a JSON object');
  if (!nonEmptyString(body.access_token)) throw new LtiError('invalid-token-response', 'access_token', `is ${quote(body.access_token)}`);
  if (typeof body.token_type !== 'string' || body.token_type.toLowerCase() !== 'bearer') {
    throw new LtiError('invalid-token-response', 'token_type', `is ${quote(body.token_type)}; only Bearer tokens are supported`);
  }
  const expiresIn = body.expires_in === undefined ? DEFAULT_TOKEN_SECONDS : Number(body.expires_in);
  if (!Number.isFinite(expiresIn) || expiresIn <= 0) throw new LtiError('invalid-token-response', 'expires_in', `is ${quote(body.expires_in)}`);
  const scopes = typeof body.scope === 'string' ? body.scope.split(' ').filter((s) => s !== '') : [...requestedScopes];
  return { accessToken: body.access_token, expiresAt: new Date(now.getTime() + expiresIn * 1000), scopes };
}

/** Whether a cached token can be used for a call needing `scopes` (with a margin before expiry). */
export function tokenCovers(token: AccessToken, scopes: readonly string[], now: Date, marginSeconds = 30): boolean {
  return token.expiresAt.getTime() - marginSeconds * 1000 > now.getTime() && scopes.every((s) => token.scopes.includes(s));
}

// ---------------------------------------------------------------------------------------------
// Scores

export const ACTIVITY_PROGRESS = ['Initialized', 'Started', 'InProgress', 'Submitted', 'Completed'] as const;
export const GRADING_PROGRESS = ['FullyGraded', 'Pending', 'PendingManual', 'Failed', 'NotReady'] as const;
export type ActivityProgress = (typeof ACTIVITY_PROGRESS)[number];
export type GradingProgress = (typeof GRADING_PROGRESS)[number];

export interface ScoreInput {
  /** The learner's `sub` at the platform. */
  userId: string;
  /** Omit (with scoreMaximum) to report progress without a score. */
  scoreGiven?: number | null;
  scoreMaximum?: number | null;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  /** When the score was produced (not when it is sent): platforms drop scores older than the last. */
  timestamp: Date;
  comment?: string | null;
}

export interface ScorePayload {
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  timestamp: string;
  comment?: string;
}

/** The body of `POST {lineitem}/scores` (Content-Type `application/vnd.ims.lis.v1.score+json`). */
export function buildScore(input: ScoreInput): ScorePayload {
  if (!nonEmptyString(input.userId)) throw new LtiError('invalid-score', 'userId', 'is empty; send the platform user id (sub)');
  if (!ACTIVITY_PROGRESS.includes(input.activityProgress)) {
    throw new LtiError('invalid-score', 'activityProgress', `is ${quote(input.activityProgress)}; one of ${ACTIVITY_PROGRESS.join(', ')}`);
  }
  if (!GRADING_PROGRESS.includes(input.gradingProgress)) {
    throw new LtiError('invalid-score', 'gradingProgress', `is ${quote(input.gradingProgress)}; one of ${GRADING_PROGRESS.join(', ')}`);
  }
  if (!(input.timestamp instanceof Date) || Number.isNaN(input.timestamp.getTime())) {
    throw new LtiError('invalid-score', 'timestamp', 'is not a valid date');
  }
  const payload: ScorePayload = {
    userId: input.userId,
    activityProgress: input.activityProgress,
    gradingProgress: input.gradingProgress,
    // toISOString has millisecond precision, which AGS asks for (ordering of scores).
    timestamp: input.timestamp.toISOString(),
  };
  const given = input.scoreGiven ?? null;
  const maximum = input.scoreMaximum ?? null;
  if (given !== null || maximum !== null) {
    if (given === null || !Number.isFinite(given) || given < 0) {
      throw new LtiError('invalid-score', 'scoreGiven', `is ${quote(given)}; a number ≥ 0 is needed with scoreMaximum`);
    }
    if (maximum === null || !Number.isFinite(maximum) || maximum <= 0) {
      throw new LtiError('invalid-score', 'scoreMaximum', `is ${quote(maximum)}; a number > 0 is needed with scoreGiven`);
    }
    // scoreGiven above scoreMaximum is allowed by AGS (extra credit).
    payload.scoreGiven = given;
    payload.scoreMaximum = maximum;
  }
  if (input.comment != null && input.comment !== '') payload.comment = input.comment;
  return payload;
}

function serviceUrl(value: string, field: string): URL {
  const url = httpUrl(value);
  if (!url) throw new LtiError('invalid-service-url', field, `is ${quote(value)}; it must be an absolute http(s) URL`);
  return url;
}

/** `{lineitem}/scores`, keeping the line item URL's query (Moodle puts the type id there). */
export function scoresUrl(lineItemUrl: string): string {
  const url = serviceUrl(lineItemUrl, 'lineItemUrl');
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/scores`;
  return url.toString();
}

// ---------------------------------------------------------------------------------------------
// Line items

export interface LineItem {
  /** The line item's URL. */
  id: string;
  scoreMaximum: number;
  label: string;
  resourceId: string | null;
  resourceLinkId: string | null;
  tag: string | null;
}

export function parseLineItem(value: unknown, field = 'lineItem'): LineItem {
  if (!isRecord(value)) throw new LtiError('invalid-line-item', field, 'is not an object');
  if (!httpUrl(value.id)) throw new LtiError('invalid-line-item', `${field}.id`, `is ${quote(value.id)}; the platform must give the line item's URL`);
  const max = Number(value.scoreMaximum);
  if (!Number.isFinite(max) || max <= 0) throw new LtiError('invalid-line-item', `${field}.scoreMaximum`, `is ${quote(value.scoreMaximum)}`);
  return {
    id: value.id as string,
    scoreMaximum: max,
    label: typeof value.label === 'string' ? value.label : '',
    resourceId: optionalString(value.resourceId),
    resourceLinkId: optionalString(value.resourceLinkId),
    tag: optionalString(value.tag),
  };
}

/** A line item container page (`GET lineitems`, an array). */
export function parseLineItems(value: unknown): LineItem[] {
  if (!Array.isArray(value)) throw new LtiError('invalid-line-item', 'lineItems', 'the line items container is not an array');
  return value.map((item, i) => parseLineItem(item, `lineItems[${i}]`));
}

/** The container URL filtered as AGS allows (query kept, parameters added). */
export function lineItemsQueryUrl(
  lineItemsUrl: string,
  filter: { resourceId?: string | null; resourceLinkId?: string | null; tag?: string | null; limit?: number },
): string {
  const url = serviceUrl(lineItemsUrl, 'lineItemsUrl');
  if (filter.resourceId) url.searchParams.set('resource_id', filter.resourceId);
  if (filter.resourceLinkId) url.searchParams.set('resource_link_id', filter.resourceLinkId);
  if (filter.tag) url.searchParams.set('tag', filter.tag);
  if (filter.limit !== undefined) url.searchParams.set('limit', String(filter.limit));
  return url.toString();
}

/** The `rel="next"` URL of a Link header (paged containers), or null. */
export function nextPageUrl(linkHeader: string | null | undefined): string | null {
  if (!linkHeader) return null;
  // `<url>; rel="next", <url>; rel="last"`: URLs may contain commas, so match on the brackets.
  for (const [, url, params] of linkHeader.matchAll(/<([^>]*)>([^<]*)/g)) {
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params ?? '');
    const values = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/);
    if (url && values.includes('next')) return url;
  }
  return null;
}

/** The graded thing a score belongs to. */
export interface WantedLineItem {
  /** Our id for it (`quiz:42`, `course:7`), stored as the line item's resourceId. */
  resourceId: string;
  label: string;
  scoreMaximum: number;
  tag?: string | null;
  /** The resource link the learner launched from; ties a created line item to it. */
  resourceLinkId?: string | null;
  /**
   * The graded thing is what the resource link itself points at (a deep-linked quiz): the line
   * item the platform coupled to the link (`lineitem` in the claim) is the one to post to.
   */
  linkItem: boolean;
}

export type LineItemStep =
  | { step: 'post-score'; lineItemUrl: string; scoresUrl: string; scoreMaximumDiffers: boolean }
  | { step: 'list'; url: string }
  | { step: 'create'; url: string; body: Record<string, unknown> }
  | { step: 'unavailable'; reason: 'no-ags' | 'no-score-scope' | 'no-line-items-url' | 'no-line-item-scope'; message: string };

/**
 * Find-or-create, one decision at a time. Call with what is known (a line item URL stored from
 * earlier, the list the platform returned); do what the step says; call again with the result:
 *   list → GET url (all pages) → planLineItem(…, { listed })
 *   create → POST body → parseLineItem → store its id → post-score
 */
export function planLineItem(
  ags: AgsEndpoint | null,
  wanted: WantedLineItem,
  known: { storedLineItemUrl?: string | null; listed?: readonly LineItem[] | null } = {},
): LineItemStep {
  const post = (url: string, differs = false): LineItemStep => ({ step: 'post-score', lineItemUrl: url, scoresUrl: scoresUrl(url), scoreMaximumDiffers: differs });
  if (ags === null) {
    return { step: 'unavailable', reason: 'no-ags', message: 'the platform offered no grade service with this launch; enable Assignment and Grade Services for the tool' };
  }
  if (!ags.scopes.includes(AGS_SCOPE.score)) {
    return { step: 'unavailable', reason: 'no-score-scope', message: 'the platform did not grant the score scope; allow the tool to send scores' };
  }
  if (known.storedLineItemUrl) return post(known.storedLineItemUrl);
  if (wanted.linkItem && ags.lineItemUrl) return post(ags.lineItemUrl);
  if (!ags.lineItemsUrl) {
    return { step: 'unavailable', reason: 'no-line-items-url', message: 'the platform gave no line items URL, so no column can be found or created for this grade' };
  }
  const canRead = ags.scopes.includes(AGS_SCOPE.lineItem) || ags.scopes.includes(AGS_SCOPE.lineItemReadOnly);
  if (!canRead) {
    return { step: 'unavailable', reason: 'no-line-item-scope', message: 'the platform did not grant a line item scope; allow the tool to manage its gradebook columns' };
  }
  if (known.listed == null) {
    return { step: 'list', url: lineItemsQueryUrl(ags.lineItemsUrl, { resourceId: wanted.resourceId, resourceLinkId: wanted.resourceLinkId ?? null }) };
  }
  // Platforms may ignore the filters: match here on what we asked for.
  const found = known.listed.find(
    (li) =>
      li.resourceId === wanted.resourceId &&
      (wanted.resourceLinkId == null || li.resourceLinkId === null || li.resourceLinkId === wanted.resourceLinkId) &&
      (wanted.tag == null || li.tag === wanted.tag),
  );
  if (found) return post(found.id, found.scoreMaximum !== wanted.scoreMaximum);
  if (!ags.scopes.includes(AGS_SCOPE.lineItem)) {
    return { step: 'unavailable', reason: 'no-line-item-scope', message: 'no column exists for this grade and the platform granted read-only access to line items' };
  }
  if (!Number.isFinite(wanted.scoreMaximum) || wanted.scoreMaximum <= 0) {
    throw new LtiError('invalid-line-item', 'scoreMaximum', `is ${quote(wanted.scoreMaximum)}; it must be a number > 0`);
  }
  return {
    step: 'create',
    url: ags.lineItemsUrl,
    body: {
      scoreMaximum: wanted.scoreMaximum,
      label: wanted.label,
      resourceId: wanted.resourceId,
      ...(wanted.tag ? { tag: wanted.tag } : {}),
      ...(wanted.resourceLinkId ? { resourceLinkId: wanted.resourceLinkId } : {}),
    },
  };
}

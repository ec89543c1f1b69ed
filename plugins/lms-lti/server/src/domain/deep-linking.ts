import { SignJWT } from 'jose';
import { LTI_CLAIM, LTI_VERSION } from './claims';
import { LtiError } from './errors';
import { type ToolSigningKey } from './keys';
import { type DeepLinkingSettings, type LtiLaunch } from './launch';
import { type RandomToken, httpUrl, nonEmptyString, quote, randomToken } from './values';

/**
 * Deep Linking 2.0 response (§4.5): the instructor picked lessons/quizzes in our picker; we send
 * them back to the platform as ltiResourceLink items in a JWT signed with the tool's current key,
 * POSTed by the browser to deep_link_return_url in a form field named `JWT`.
 */

/** What the service keeps from the LtiDeepLinkingRequest launch until the instructor has picked. */
export interface DeepLinkingContext {
  issuer: string;
  clientId: string;
  deploymentId: string;
  settings: DeepLinkingSettings;
}

export function deepLinkingContext(launch: LtiLaunch): DeepLinkingContext {
  if (launch.messageType !== 'LtiDeepLinkingRequest' || launch.deepLinking === null) {
    throw new LtiError('deep-linking-not-accepted', 'message_type', `is ${quote(launch.messageType)}; only an LtiDeepLinkingRequest can be answered with content items`);
  }
  return { issuer: launch.issuer, clientId: launch.clientId, deploymentId: launch.deploymentId, settings: launch.deepLinking };
}

/** A line item the platform should create with the link (graded quizzes, assignments, H5P). */
export interface LineItemRequest {
  scoreMaximum: number;
  label?: string;
  /** Our id of the graded thing (e.g. `quiz:42`), to find the line item again. */
  resourceId?: string;
  tag?: string;
  gradesReleased?: boolean;
}

export interface ResourceLinkItem {
  title: string;
  text?: string;
  /** The launch URL; omitted = the tool's default target. */
  url?: string;
  /** Echoed as the custom claim of every launch of this link (e.g. `{ lesson: "abc" }`). */
  custom?: Record<string, string>;
  lineItem?: LineItemRequest;
  available?: { startDateTime?: Date; endDateTime?: Date };
  submission?: { startDateTime?: Date; endDateTime?: Date };
  iframe?: { width?: number; height?: number };
  window?: { targetName?: string; width?: number; height?: number; windowFeatures?: string };
}

export interface DeepLinkingResponse {
  /** Message shown to the instructor by the platform, e.g. "2 lessons added". */
  message?: string;
  log?: string;
  errorMessage?: string;
  errorLog?: string;
}

export interface SignedDeepLinkingResponse {
  jwt: string;
  returnUrl: string;
  /** POST these to returnUrl (see `autoSubmitFormHtml`). */
  formFields: ReadonlyArray<readonly [string, string]>;
}

/** Lifetime of the response JWT: the browser posts it at once. */
const RESPONSE_LIFETIME_SECONDS = 300;

const positive = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v > 0;

function dateRange(range: { startDateTime?: Date; endDateTime?: Date } | undefined, field: string): Record<string, string> | undefined {
  if (!range) return undefined;
  const { startDateTime: start, endDateTime: end } = range;
  for (const [name, d] of [['startDateTime', start], ['endDateTime', end]] as const) {
    if (d !== undefined && Number.isNaN(d.getTime())) throw new LtiError('invalid-deep-linking-item', `${field}.${name}`, 'is not a valid date');
  }
  if (start && end && start.getTime() > end.getTime()) {
    throw new LtiError('invalid-deep-linking-item', `${field}.endDateTime`, 'is before startDateTime');
  }
  return { ...(start ? { startDateTime: start.toISOString() } : {}), ...(end ? { endDateTime: end.toISOString() } : {}) };
}

/** The JSON of one content item, validated; `index` names it in errors. */
export function resourceLinkContentItem(item: ResourceLinkItem, index: number, settings: DeepLinkingSettings): Record<string, unknown> {
  const at = `items[${index}]`;
  if (!nonEmptyString(item.title)) throw new LtiError('invalid-deep-linking-item', `${at}.title`, 'is empty; every link needs a title');
  if (item.url !== undefined && !httpUrl(item.url)) {
    throw new LtiError('invalid-deep-linking-item', `${at}.url`, `is ${quote(item.url)}; it must be an absolute http(s) URL`);
  }
  for (const [key, value] of Object.entries(item.custom ?? {})) {
    if (typeof value !== 'string') throw new LtiError('invalid-deep-linking-item', `${at}.custom.${key}`, 'custom parameter values must be strings');
  }
  const content: Record<string, unknown> = { type: 'ltiResourceLink', title: item.title };
  if (item.text !== undefined) content.text = item.text;
  if (item.url !== undefined) content.url = item.url;
  if (item.custom && Object.keys(item.custom).length > 0) content.custom = item.custom;
  if (item.lineItem) {
    if (settings.acceptLineItem === false) {
      throw new LtiError('deep-linking-not-accepted', `${at}.lineItem`, 'the platform does not accept line items with this deep link; send the link without one');
    }
    const li = item.lineItem;
    if (!positive(li.scoreMaximum)) {
      throw new LtiError('invalid-deep-linking-item', `${at}.lineItem.scoreMaximum`, `is ${quote(li.scoreMaximum)}; it must be a number > 0`);
    }
    content.lineItem = {
      scoreMaximum: li.scoreMaximum,
      label: li.label ?? item.title,
      ...(li.resourceId !== undefined ? { resourceId: li.resourceId } : {}),
      ...(li.tag !== undefined ? { tag: li.tag } : {}),
      ...(li.gradesReleased !== undefined ? { gradesReleased: li.gradesReleased } : {}),
    };
  }
  const available = dateRange(item.available, `${at}.available`);
  if (available) content.available = available;
  const submission = dateRange(item.submission, `${at}.submission`);
  if (submission) content.submission = submission;
  const targets = settings.acceptPresentationDocumentTargets;
  if (item.iframe) {
    if (!targets.includes('iframe')) throw new LtiError('deep-linking-not-accepted', `${at}.iframe`, `the platform accepts only ${targets.join(', ')} presentation`);
    content.iframe = item.iframe;
  }
  if (item.window) {
    if (!targets.includes('window')) throw new LtiError('deep-linking-not-accepted', `${at}.window`, `the platform accepts only ${targets.join(', ')} presentation`);
    content.window = item.window;
  }
  return content;
}

/**
 * Builds and signs the LtiDeepLinkingResponse. An empty `items` is a valid answer (the
 * instructor cancelled). `data` from the request is echoed as the spec requires.
 */
export async function signDeepLinkingResponse(
  context: DeepLinkingContext,
  items: readonly ResourceLinkItem[],
  key: ToolSigningKey,
  options: { now: Date; response?: DeepLinkingResponse; random?: RandomToken },
): Promise<SignedDeepLinkingResponse> {
  const { settings } = context;
  if (items.length > 0 && !settings.acceptTypes.includes('ltiResourceLink')) {
    throw new LtiError('deep-linking-not-accepted', 'items', `the platform accepts ${settings.acceptTypes.join(', ') || 'no'} item types, not ltiResourceLink`);
  }
  if (items.length > 1 && !settings.acceptMultiple) {
    throw new LtiError('deep-linking-not-accepted', 'items', `${items.length} items picked, but the platform accepts one per deep link`);
  }
  const contentItems = items.map((item, i) => resourceLinkContentItem(item, i, settings));
  const iat = Math.floor(options.now.getTime() / 1000);
  const r = options.response ?? {};
  const payload: Record<string, unknown> = {
    nonce: (options.random ?? randomToken)(),
    [LTI_CLAIM.messageType]: 'LtiDeepLinkingResponse',
    [LTI_CLAIM.version]: LTI_VERSION,
    [LTI_CLAIM.deploymentId]: context.deploymentId,
    [LTI_CLAIM.contentItems]: contentItems,
  };
  if (settings.data !== null) payload[LTI_CLAIM.deepLinkingData] = settings.data;
  if (r.message !== undefined) payload[LTI_CLAIM.deepLinkingMessage] = r.message;
  if (r.log !== undefined) payload[LTI_CLAIM.deepLinkingLog] = r.log;
  if (r.errorMessage !== undefined) payload[LTI_CLAIM.deepLinkingErrorMessage] = r.errorMessage;
  if (r.errorLog !== undefined) payload[LTI_CLAIM.deepLinkingErrorLog] = r.errorLog;
  const jwt = await new SignJWT(payload)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(context.clientId)
    .setAudience(context.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + RESPONSE_LIFETIME_SECONDS)
    .sign(key.privateKey);
  return { jwt, returnUrl: settings.returnUrl, formFields: [['JWT', jwt]] };
}

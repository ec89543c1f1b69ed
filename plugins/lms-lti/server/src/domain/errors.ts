/**
 * The one error type of the LTI domain. `code` names the rule that was broken (tests and the
 * launch error page switch on it), `field` the claim or parameter in the wire's own terms
 * (`aud`, `deployment_id`, `nonce`, `kid`, `oauth_signature`, `items[1].url`), and the message
 * says what was wrong and, where it helps, what to fix in the platform registration.
 */
export type LtiErrorCode =
  // OIDC login initiation
  | 'invalid-login-request'
  | 'unknown-issuer'
  | 'unknown-client'
  | 'ambiguous-registration'
  | 'target-link-uri-not-allowed'
  // id_token envelope and keys
  | 'malformed-token'
  | 'unsupported-algorithm'
  | 'bad-signature'
  | 'unknown-kid'
  | 'ambiguous-key'
  | 'jwks-unavailable'
  | 'invalid-jwks'
  // id_token claims
  | 'wrong-issuer'
  | 'wrong-audience'
  | 'wrong-azp'
  | 'token-expired'
  | 'token-not-yet-valid'
  | 'missing-claim'
  | 'invalid-claim'
  | 'nonce-mismatch'
  | 'nonce-replayed'
  | 'unknown-deployment'
  | 'unsupported-message-type'
  | 'unsupported-version'
  | 'target-link-uri-mismatch'
  // tool keys
  | 'no-current-key'
  | 'invalid-tool-key'
  | 'invalid-encryption-key'
  | 'private-key-undecryptable'
  // deep linking, AGS
  | 'invalid-deep-linking-item'
  | 'deep-linking-not-accepted'
  | 'invalid-score'
  | 'invalid-line-item'
  | 'invalid-token-response'
  | 'invalid-service-url'
  // LTI 1.1
  | 'invalid-oauth-request'
  | 'unknown-consumer'
  | 'timestamp-out-of-window'
  | 'invalid-lti11-launch'
  | 'invalid-outcome';

/**
 * The HTTP status a route should answer with: the platform or browser sent something we refuse
 * (400/401), or a platform we depend on did not answer usefully (502). Tool-side configuration
 * problems (no key, wrong encryption key) are 500s: nothing the caller can fix.
 */
const STATUS: Record<LtiErrorCode, 400 | 401 | 500 | 502> = {
  'invalid-login-request': 400,
  'unknown-issuer': 400,
  'unknown-client': 400,
  'ambiguous-registration': 400,
  'target-link-uri-not-allowed': 400,
  'malformed-token': 400,
  'unsupported-algorithm': 401,
  'bad-signature': 401,
  'unknown-kid': 401,
  'ambiguous-key': 401,
  'jwks-unavailable': 502,
  'invalid-jwks': 502,
  'wrong-issuer': 401,
  'wrong-audience': 401,
  'wrong-azp': 401,
  'token-expired': 401,
  'token-not-yet-valid': 401,
  'missing-claim': 400,
  'invalid-claim': 400,
  'nonce-mismatch': 401,
  'nonce-replayed': 401,
  'unknown-deployment': 401,
  'unsupported-message-type': 400,
  'unsupported-version': 400,
  'target-link-uri-mismatch': 401,
  'no-current-key': 500,
  'invalid-tool-key': 500,
  'invalid-encryption-key': 500,
  'private-key-undecryptable': 500,
  'invalid-deep-linking-item': 400,
  'deep-linking-not-accepted': 400,
  'invalid-score': 400,
  'invalid-line-item': 502,
  'invalid-token-response': 502,
  'invalid-service-url': 400,
  'invalid-oauth-request': 400,
  'unknown-consumer': 401,
  'timestamp-out-of-window': 401,
  'invalid-lti11-launch': 400,
  'invalid-outcome': 400,
};

export class LtiError extends Error {
  readonly status: 400 | 401 | 500 | 502;

  constructor(
    readonly code: LtiErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(field ? `${field}: ${message}` : message);
    this.name = 'LtiError';
    this.status = STATUS[code];
  }
}

export const isLtiError = (error: unknown): error is LtiError => error instanceof LtiError;

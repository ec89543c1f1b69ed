/**
 * What the tool knows about one LTI 1.3 platform (one row of the registrations table, entered
 * in the admin panel). An issuer may have several registrations (one per client_id); a
 * registration has one or more deployments.
 */
export interface PlatformRegistration {
  /** The platform's `iss`, e.g. `https://canvas.instructure.com`. Compared exactly. */
  issuer: string;
  /** The client_id the platform gave this tool; the id_token's `aud`. */
  clientId: string;
  /** deployment_ids this registration accepts launches from. */
  deploymentIds: readonly string[];
  /** The platform's OIDC authorization endpoint (where the login step sends the browser). */
  authEndpoint: string;
  /**
   * How the browser goes to authEndpoint: GET (a redirect) or POST (an auto-submitted form) for
   * platforms whose endpoint does not accept GET. Default GET.
   */
  authRequestMethod?: 'GET' | 'POST';
  /** OAuth 2 token endpoint for AGS/NRPS access tokens. */
  tokenEndpoint: string;
  /**
   * The `aud` of the client_credentials assertion when the platform wants something other than
   * the token endpoint (Brightspace: `https://api.brightspace.com/auth/token`). Null = tokenEndpoint.
   */
  tokenAudience?: string | null;
  /** The platform's public key set URL. */
  jwksUrl: string;
}

import type { Core } from '@strapi/strapi';
import { type AccessToken, parseTokenResponse, signClientAssertion, tokenCovers, tokenRequestForm } from '../domain';
import { platformJson } from './http';
import type { StoredRegistration } from './registrations';
import { getService } from '../utils';

/**
 * OAuth 2 access tokens for AGS and NRPS (client_credentials with a JWT assertion signed by the
 * tool's key), cached per registration and scope set until shortly before they expire.
 */
export const createPlatformTokensService = ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = new Map<string, AccessToken>();
  return {
    async accessToken(registration: StoredRegistration, scopes: readonly string[]): Promise<AccessToken> {
      const key = `${registration.id}|${[...scopes].sort().join(' ')}`;
      const now = new Date();
      const cached = cache.get(key);
      if (cached && tokenCovers(cached, scopes, now)) return cached;
      const assertion = await signClientAssertion(registration, await getService(strapi, 'toolKeys').signingKey(), { now });
      const { json } = await platformJson(registration.tokenEndpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams(tokenRequestForm(assertion, scopes)).toString(),
      });
      const token = parseTokenResponse(json, scopes, now);
      cache.set(key, token);
      return token;
    },
  };
};

export type PlatformTokensService = ReturnType<typeof createPlatformTokensService>;

import { type PlatformRegistration } from '../domain/registration';
import canvas from './fixtures/canvas-lti13-launch-samples.json';
import lti11Vector from './fixtures/lti11-oauth1-hmac-sha1-vector.json';

/** The copied public fixtures (see fixtures/README.md for provenance). */
const canvasMessages = canvas.messages as unknown as Record<string, Record<string, unknown>>;

/** One captured Canvas message by its title in the fixture; a typo fails loudly. */
export function canvasMessage(title: string): Record<string, unknown> {
  const message = canvasMessages[title];
  if (!message) throw new Error(`no Canvas sample titled ${JSON.stringify(title)}; have: ${Object.keys(canvasMessages).join(' | ')}`);
  return message;
}

export { lti11Vector };

/** The registration the Canvas samples were captured under (its deployments 5 and 7). */
export const canvasRegistration = {
  issuer: 'https://canvas.home.russfeld.me',
  clientId: '10000000000002',
  deploymentIds: ['5:d3a2504bba5184799a38f141e8df2335cfa8206d', '7:d3a2504bba5184799a38f141e8df2335cfa8206d'],
  authEndpoint: 'https://canvas.home.russfeld.me/api/lti/authorize_redirect',
  tokenEndpoint: 'https://canvas.home.russfeld.me/login/oauth2/token',
  jwksUrl: 'https://canvas.home.russfeld.me/api/lti/security/jwks',
} as const satisfies PlatformRegistration;

import { type JWK, type KeyLike, SignJWT, exportJWK, generateKeyPair } from 'jose';
import { LTI_CLAIM } from '../domain/claims';
import { type FetchJwks } from '../domain/jwks';
import { type PlatformRegistration } from '../domain/registration';

/**
 * A test LTI 1.3 platform: its own RSA keys (jose), a JWKS it publishes, and real signed
 * id_tokens. Used by the domain tests with an in-process fetcher; the integration tests serve
 * `jwks()` on loopback.
 */

interface PlatformKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
  published: boolean;
}

export interface TestPlatformOptions {
  issuer?: string;
  clientId?: string;
  deploymentId?: string;
  /** Our tool's launch URL (target_link_uri of the launches). */
  toolLaunchUrl?: string;
}

let counter = 0;

export class TestPlatform {
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly toolLaunchUrl: string;
  readonly jwksUrl: string;
  /** How many times the tool fetched our JWKS. */
  fetchCount = 0;
  private keys: PlatformKey[] = [];
  private signingKid = '';

  private constructor(options: TestPlatformOptions) {
    this.issuer = options.issuer ?? 'https://platform.test';
    this.clientId = options.clientId ?? 'tool-client-1';
    this.deploymentId = options.deploymentId ?? 'deployment-1';
    this.toolLaunchUrl = options.toolLaunchUrl ?? 'https://tool.test/api/lms-lti/launch';
    this.jwksUrl = `${this.issuer}/.well-known/jwks.json`;
  }

  static async create(options: TestPlatformOptions = {}): Promise<TestPlatform> {
    const platform = new TestPlatform(options);
    await platform.rotateKey();
    return platform;
  }

  registration(overrides: Partial<PlatformRegistration> = {}): PlatformRegistration {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      authEndpoint: `${this.issuer}/auth`,
      tokenEndpoint: `${this.issuer}/token`,
      jwksUrl: this.jwksUrl,
      ...overrides,
    };
  }

  /** The published key set, as the platform's JWKS URL serves it. */
  jwks(): { keys: JWK[] } {
    return { keys: this.keys.filter((k) => k.published).map((k) => ({ ...k.publicJwk })) };
  }

  /** A fetcher for PlatformKeyCache that answers for this platform's JWKS URL only. */
  readonly fetchJwks: FetchJwks = async (url) => {
    this.fetchCount += 1;
    if (url !== this.jwksUrl) throw new Error(`no such JWKS: ${url}`);
    return this.jwks();
  };

  /** A new key pair becomes the signing key; `publish: false` keeps it out of the JWKS. */
  async rotateKey(options: { publish?: boolean } = {}): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    counter += 1;
    const kid = `platform-key-${counter}`;
    const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
    this.keys.push({ kid, privateKey, publicJwk, published: options.publish ?? true });
    this.signingKid = kid;
    return kid;
  }

  /** A complete, valid LtiResourceLinkRequest payload at `now`, with overrides (undefined deletes). */
  claims(now: Date, nonce: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      sub: 'learner-sub-1',
      iat,
      exp: iat + 300,
      nonce,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      email: 'ada@platform.test',
      [LTI_CLAIM.messageType]: 'LtiResourceLinkRequest',
      [LTI_CLAIM.version]: '1.3.0',
      [LTI_CLAIM.deploymentId]: this.deploymentId,
      [LTI_CLAIM.targetLinkUri]: this.toolLaunchUrl,
      [LTI_CLAIM.resourceLink]: { id: 'link-1', title: 'Intro to TypeScript' },
      [LTI_CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [LTI_CLAIM.context]: { id: 'course-ctx-1', label: 'TS101', title: 'TypeScript 101', type: ['http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering'] },
      [LTI_CLAIM.custom]: { lesson: 'intro' },
      [LTI_CLAIM.agsEndpoint]: {
        scope: ['https://purl.imsglobal.org/spec/lti-ags/scope/lineitem', 'https://purl.imsglobal.org/spec/lti-ags/scope/score'],
        lineitems: `${this.issuer}/api/courses/1/line_items`,
      },
    };
    for (const [name, value] of Object.entries(overrides)) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return claims;
  }

  /** Signs any payload with the current (or the named) key, as the platform would. */
  async sign(payload: Record<string, unknown>, options: { kid?: string; header?: Record<string, unknown> } = {}): Promise<string> {
    const kid = options.kid ?? this.signingKid;
    const key = this.keys.find((k) => k.kid === kid);
    if (!key) throw new Error(`test platform has no key ${kid}`);
    return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT', ...options.header }).sign(key.privateKey);
  }

  async idToken(now: Date, nonce: string, overrides: Record<string, unknown> = {}): Promise<string> {
    return this.sign(this.claims(now, nonce, overrides));
  }
}

/** A nonce store as the service would keep one (Redis SET NX with TTL), in memory. */
export function memoryNonceStore(): { consume: (use: { nonce: string }) => boolean; size: () => number } {
  const seen = new Set<string>();
  return {
    consume: ({ nonce }) => {
      if (seen.has(nonce)) return false;
      seen.add(nonce);
      return true;
    },
    size: () => seen.size,
  };
}

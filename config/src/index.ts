import fs from 'node:fs';
import path from 'node:path';
import { envSchema, settings, type SettingName } from './schema';

export { settings, envSchema } from './schema';
export type { SettingName } from './schema';

/** A setting is missing or malformed. `message` is the one line printed at start-up. */
export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    readonly expectation: string,
  ) {
    super(`Invalid setting ${setting}: ${expectation}`);
    this.name = 'ConfigError';
  }
}

export type DatabaseConfig =
  | { client: 'postgres'; url: string; ssl: boolean; poolMax: number }
  | { client: 'sqlite'; filename: string };

export type UploadConfig =
  | { provider: 'local' }
  | {
      provider: 's3';
      bucket: string;
      region: string;
      endpoint?: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
      publicUrl?: string;
    };

/**
 * Where private files (certificates, assignment uploads) are kept: a folder outside any public
 * one, or an S3 bucket (the upload bucket under a prefix, or a bucket of its own) without a
 * public ACL. Either way they are only handed out through signed, expiring links.
 */
export type PrivateFilesConfig =
  | { driver: 'local'; dir: string }
  | {
      driver: 's3';
      bucket: string;
      /** Key prefix ("private/" in the shared upload bucket, "" in a bucket of its own). */
      prefix: string;
      region: string;
      endpoint?: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      forcePathStyle: boolean;
    };

/** Where outgoing email goes: an SMTP server, or (no SMTP_HOST) the cms log. */
export interface EmailConfig {
  smtp: { host: string; port: number; secure: boolean; auth: { user: string; pass: string } | null } | null;
  /** The sender, split for templates that want name and address apart. */
  from: { name: string | null; address: string; formatted: string };
}

/** Stripe: the SDK's key and API endpoint (a local double in tests), and the webhook signing secret. */
export interface StripeConfig {
  /** null: paid checkout is unavailable (503 naming STRIPE_SECRET_KEY). */
  secretKey: string | null;
  /** null: the webhook endpoint answers 503 naming STRIPE_WEBHOOK_SECRET. */
  webhookSecret: string | null;
  /** Where the SDK sends API calls; null: Stripe's own API. */
  api: { host: string; port: number | undefined; protocol: 'https' | 'http' } | null;
}

export interface CmsSecrets {
  appKeys: string[];
  apiTokenSalt: string;
  adminJwtSecret: string;
  transferTokenSalt: string;
  jwtSecret: string;
  encryptionKey: string;
}

export interface LmsConfig {
  nodeEnv: 'development' | 'production' | 'test';
  host: string;
  port: number;
  sitePort: number;
  publicUrl: string;
  /** True when PUBLIC_URL was set; otherwise the admin panel talks to its own origin. */
  publicUrlConfigured: boolean;
  siteUrl: string;
  cmsUrl: string;
  database: DatabaseConfig;
  redis: { url: string; prefix: string } | null;
  redisPrefix: string;
  /** cms: HTTP + relay (+ inline handlers without Redis); worker: consumes the queue. */
  processRole: 'cms' | 'worker';
  upload: UploadConfig;
  privateFiles: PrivateFilesConfig;
  seed: { password: string; adminEmail: string; demo: boolean };
  email: EmailConfig;
  stripe: StripeConfig;
  site: { cacheSeconds: number };
  logLevel: string;
  /** Raw secret values; use {@link cmsSecrets} where they are required. */
  secrets: Partial<CmsSecrets>;
  /**
   * LMS_INTERNAL_SECRET: proves to the cms that a request comes from the site server, which may
   * then name the learner's address for rate limiting. null: the cms trusts no forwarded address.
   */
  internalSecret: string | null;
  /** lms-payouts' settings. */
  payouts: {
    /** LMS_PAYOUTS_ENCRYPTION_KEY as given (base64 or hex of 32 bytes); null only outside production. */
    encryptionKey: string | null;
    /** STRIPE_CONNECT_WEBHOOK_SECRET split (transfers, payouts, connected accounts); empty: that endpoint answers 503. */
    stripeWebhookSecrets: string[];
  };
  /** LTI_KEY_ENCRYPTION_KEY (base64 or hex of 32 bytes); null: LTI is not available (503). */
  lti: { keyEncryptionKey: string | null };
  repoRoot: string;
}

/** The repository root: the nearest folder above this package holding the workspace package.json. */
export function findRepoRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) {
      try {
        const pkg = JSON.parse(fs.readFileSync(candidate, 'utf8')) as { workspaces?: unknown };
        if (Array.isArray(pkg.workspaces)) return dir;
      } catch {
        // not a readable package.json; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** Reads KEY=VALUE lines of a .env file (quotes stripped, # comments skipped). */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2] ?? '';
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'"))) {
      value = value.slice(1, -1);
    }
    out[match[1] as string] = value;
  }
  return out;
}

/** The environment with the repository's .env underneath it (real variables win). */
export function environmentWithDotenv(env: NodeJS.ProcessEnv, repoRoot: string): Record<string, string | undefined> {
  const file = path.join(repoRoot, '.env');
  const fromFile = fs.existsSync(file) ? parseDotenv(fs.readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...env };
}

const secretSettings: Array<[keyof CmsSecrets, SettingName]> = [
  ['appKeys', 'APP_KEYS'],
  ['apiTokenSalt', 'API_TOKEN_SALT'],
  ['adminJwtSecret', 'ADMIN_JWT_SECRET'],
  ['transferTokenSalt', 'TRANSFER_TOKEN_SALT'],
  ['jwtSecret', 'JWT_SECRET'],
  ['encryptionKey', 'ENCRYPTION_KEY'],
];

/**
 * Validates the environment and returns the typed configuration.
 * Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
 * @throws ConfigError naming the first bad setting.
 */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { repoRoot?: string; readDotenv?: boolean } = {},
): LmsConfig {
  const repoRoot = options.repoRoot ?? findRepoRoot();
  const merged = options.readDotenv === false ? { ...env } : environmentWithDotenv(env, repoRoot);
  const input: Record<string, string> = {};
  for (const name of Object.keys(settings)) {
    const value = merged[name];
    if (value !== undefined && value !== '') input[name] = value;
  }

  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    // Report the first problem in schema order, so the line is stable.
    const order = Object.keys(settings);
    const issue = [...parsed.error.issues].sort(
      (a, b) => order.indexOf(String(a.path[0])) - order.indexOf(String(b.path[0])),
    )[0];
    const setting = String(issue?.path[0] ?? 'environment');
    const raw = input[setting];
    const shown = raw !== undefined && !/SECRET|KEY|SALT|PASS/.test(setting) ? ` (got ${JSON.stringify(raw)})` : '';
    throw new ConfigError(setting, `${issue?.message ?? 'invalid value'}${shown}`);
  }
  const e = parsed.data;

  const database: DatabaseConfig = e.DATABASE_URL
    ? { client: 'postgres', url: e.DATABASE_URL, ssl: e.DATABASE_SSL, poolMax: e.DATABASE_POOL_MAX }
    : { client: 'sqlite', filename: path.resolve(repoRoot, e.DATABASE_FILENAME) };

  const upload: UploadConfig = e.S3_BUCKET
    ? {
        provider: 's3',
        bucket: e.S3_BUCKET,
        region: e.S3_REGION,
        endpoint: e.S3_ENDPOINT,
        accessKeyId: e.S3_ACCESS_KEY_ID,
        secretAccessKey: e.S3_SECRET_ACCESS_KEY,
        forcePathStyle: e.S3_FORCE_PATH_STYLE,
        publicUrl: e.S3_PUBLIC_URL,
      }
    : { provider: 'local' };

  const privateFiles: PrivateFilesConfig =
    upload.provider === 's3'
      ? {
          driver: 's3',
          bucket: e.S3_PRIVATE_BUCKET ?? upload.bucket,
          prefix: e.S3_PRIVATE_BUCKET ? '' : 'private/',
          region: upload.region,
          endpoint: upload.endpoint,
          accessKeyId: upload.accessKeyId,
          secretAccessKey: upload.secretAccessKey,
          forcePathStyle: upload.forcePathStyle,
        }
      : { driver: 'local', dir: path.resolve(repoRoot, e.PRIVATE_FILES_DIR) };

  if (privateFiles.driver === 'local') {
    const publicDir = path.resolve(repoRoot, 'cms', 'public');
    const relative = path.relative(publicDir, privateFiles.dir);
    if (relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))) {
      throw new ConfigError('PRIVATE_FILES_DIR', `is inside cms/public, which the cms serves to everyone; choose a folder outside it (got ${JSON.stringify(e.PRIVATE_FILES_DIR)})`);
    }
  }

  if (upload.provider === 's3' && Boolean(upload.accessKeyId) !== Boolean(upload.secretAccessKey)) {
    throw new ConfigError(
      upload.accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID',
      'expected both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither (instance credentials)',
    );
  }

  if (!e.SMTP_HOST && (e.SMTP_USER || e.SMTP_PASS)) {
    throw new ConfigError('SMTP_HOST', 'is not set; SMTP_USER/SMTP_PASS are set, so expected the SMTP server they belong to');
  }
  if (Boolean(e.SMTP_USER) !== Boolean(e.SMTP_PASS)) {
    throw new ConfigError(e.SMTP_USER ? 'SMTP_PASS' : 'SMTP_USER', 'expected both SMTP_USER and SMTP_PASS, or neither (no authentication)');
  }

  if (!e.STRIPE_API_HOST && (e.STRIPE_API_PORT !== undefined || e.STRIPE_API_PROTOCOL !== undefined)) {
    throw new ConfigError('STRIPE_API_HOST', 'is not set; STRIPE_API_PORT/STRIPE_API_PROTOCOL only apply together with it');
  }

  if (e.NODE_ENV === 'production' && !e.LMS_PAYOUTS_ENCRYPTION_KEY) {
    throw new ConfigError(
      'LMS_PAYOUTS_ENCRYPTION_KEY',
      'is not set; production needs the key instructors\' bank details are encrypted with (32 random bytes as base64, e.g. `openssl rand -base64 32`; keep it: changing it makes stored details unreadable)',
    );
  }

  const trimSlash = (u: string) => u.replace(/\/+$/, '');
  const siteUrl = trimSlash(e.SITE_URL ?? `http://localhost:${e.SITE_PORT}`);
  return {
    nodeEnv: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    sitePort: e.SITE_PORT,
    publicUrl: trimSlash(e.PUBLIC_URL ?? `http://localhost:${e.PORT}`),
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    siteUrl,
    cmsUrl: trimSlash(e.CMS_URL ?? `http://127.0.0.1:${e.PORT}`),
    database,
    redis: e.REDIS_URL ? { url: e.REDIS_URL, prefix: e.REDIS_PREFIX } : null,
    redisPrefix: e.REDIS_PREFIX,
    processRole: e.LMS_PROCESS_ROLE,
    upload,
    privateFiles,
    seed: { password: e.SEED_PASSWORD, adminEmail: e.SEED_ADMIN_EMAIL.toLowerCase(), demo: e.SEED_DEMO },
    email: {
      smtp: e.SMTP_HOST
        ? {
            host: e.SMTP_HOST,
            port: e.SMTP_PORT,
            secure: e.SMTP_SECURE,
            auth: e.SMTP_USER && e.SMTP_PASS ? { user: e.SMTP_USER, pass: e.SMTP_PASS } : null,
          }
        : null,
      from: parseSender(e.EMAIL_FROM ?? `LMS <no-reply@${new URL(siteUrl).hostname}>`),
    },
    stripe: {
      secretKey: e.STRIPE_SECRET_KEY ?? null,
      webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? null,
      api: e.STRIPE_API_HOST ? { host: e.STRIPE_API_HOST, port: e.STRIPE_API_PORT, protocol: e.STRIPE_API_PROTOCOL ?? 'https' } : null,
    },
    site: { cacheSeconds: e.SITE_CACHE_SECONDS },
    logLevel: e.LOG_LEVEL,
    secrets: {
      appKeys: e.APP_KEYS,
      apiTokenSalt: e.API_TOKEN_SALT,
      adminJwtSecret: e.ADMIN_JWT_SECRET,
      transferTokenSalt: e.TRANSFER_TOKEN_SALT,
      jwtSecret: e.JWT_SECRET,
      encryptionKey: e.ENCRYPTION_KEY,
    },
    internalSecret: e.LMS_INTERNAL_SECRET ?? null,
    payouts: { encryptionKey: e.LMS_PAYOUTS_ENCRYPTION_KEY ?? null, stripeWebhookSecrets: e.STRIPE_CONNECT_WEBHOOK_SECRET ? e.STRIPE_CONNECT_WEBHOOK_SECRET.split(',') : [] },
    lti: { keyEncryptionKey: e.LTI_KEY_ENCRYPTION_KEY ?? null },
    repoRoot,
  };
}

/** "Name <address>" or a bare address (the schema has checked the shape). */
function parseSender(value: string): EmailConfig['from'] {
  const named = /^(.+?)\s*<([^<>]+)>$/.exec(value.trim());
  if (named) return { name: named[1] ?? null, address: named[2] ?? '', formatted: `${named[1]} <${named[2]}>` };
  return { name: null, address: value.trim(), formatted: value.trim() };
}

/** The Strapi secrets, each required. @throws ConfigError naming the first missing one. */
export function cmsSecrets(config: LmsConfig): CmsSecrets {
  for (const [key, setting] of secretSettings) {
    if (config.secrets[key] === undefined) {
      throw new ConfigError(
        setting,
        'is not set; expected a random secret (`npm run up` writes fresh ones into .env, or set it in the environment)',
      );
    }
  }
  return config.secrets as CmsSecrets;
}

export const secretSettingNames = secretSettings.map(([, name]) => name);

/** Markdown table of every setting, its default and meaning (for the README). */
export function configurationTable(): string {
  const rows = Object.entries(settings).map(([name, { schema, doc }]) => {
    const def = (schema as { _def?: { defaultValue?: () => unknown } })._def?.defaultValue;
    const shown = typeof def === 'function' ? `\`${String(def())}\`` : '';
    return `| \`${name}\` | ${shown} | ${doc} |`;
  });
  return ['| setting | default | meaning |', '|---|---|---|', ...rows].join('\n');
}

/** The text of config/.env.example: every setting, commented, with its meaning and default. */
export function envExample(): string {
  const lines = ['# Every setting of the LMS (generated by `npm run docs:config` from config/src/schema.ts).', '# Copy what you need into .env at the repository root; unset settings take the default.', ''];
  for (const [name, { schema, doc }] of Object.entries(settings)) {
    const def = (schema as { _def?: { defaultValue?: () => unknown } })._def?.defaultValue;
    lines.push(`# ${doc}`);
    lines.push(`# ${name}=${typeof def === 'function' ? String(def()) : ''}`);
    lines.push('');
  }
  return lines.join('\n');
}

import { describe, expect, it } from 'vitest';
import { cmsSecrets, ConfigError, configurationTable, loadConfig, parseDotenv, settings } from './index';

const load = (env: Record<string, string>) => loadConfig(env, { repoRoot: '/srv/lms', readDotenv: false });

const secrets = {
  APP_KEYS: 'aaaaaaaaaaaaaaaa1,bbbbbbbbbbbbbbbb2',
  API_TOKEN_SALT: 'x'.repeat(16),
  ADMIN_JWT_SECRET: 'y'.repeat(16),
  TRANSFER_TOKEN_SALT: 'z'.repeat(16),
  JWT_SECRET: 'w'.repeat(16),
  ENCRYPTION_KEY: 'v'.repeat(16),
};

describe('loadConfig', () => {
  it('defaults to SQLite under the repo, inline jobs and the standard ports', () => {
    const c = load({});
    expect(c.port).toBe(1337);
    expect(c.sitePort).toBe(4321);
    expect(c.database).toEqual({ client: 'sqlite', filename: '/srv/lms/data/lms.sqlite' });
    expect(c.redis).toBeNull();
    expect(c.upload).toEqual({ provider: 'local' });
    expect(c.publicUrl).toBe('http://localhost:1337');
    expect(c.cmsUrl).toBe('http://127.0.0.1:1337');
    expect(c.seed.password).toBe('LearnDemo2026!');
  });

  it('uses PostgreSQL and Redis when their URLs are set', () => {
    const c = load({ DATABASE_URL: 'postgres://u@db:5432/lms', REDIS_URL: 'redis://cache:6379', REDIS_PREFIX: 'run1' });
    expect(c.database).toMatchObject({ client: 'postgres', url: 'postgres://u@db:5432/lms', ssl: false });
    expect(c.redis).toEqual({ url: 'redis://cache:6379', prefix: 'run1' });
  });

  it('follows PORT and SITE_PORT in derived URLs', () => {
    const c = load({ PORT: '2000', SITE_PORT: '3000' });
    expect(c.publicUrl).toBe('http://localhost:2000');
    expect(c.siteUrl).toBe('http://localhost:3000');
    expect(c.publicUrlConfigured).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, 'Invalid setting PORT: expected an integer from 1 to 65535 (got "abc")'],
    [{ PORT: '70000' }, 'Invalid setting PORT: expected an integer from 1 to 65535 (got "70000")'],
    [{ DATABASE_URL: 'mysql://x' }, 'Invalid setting DATABASE_URL: expected a postgres:// connection URL (got "mysql://x")'],
    [{ REDIS_URL: 'http://x' }, 'Invalid setting REDIS_URL: expected a redis:// URL (got "http://x")'],
    [{ SEED_ADMIN_EMAIL: 'nobody' }, 'Invalid setting SEED_ADMIN_EMAIL: expected an email address (got "nobody")'],
    [{ DATABASE_SSL: 'maybe' }, 'Invalid setting DATABASE_SSL: expected true or false (got "maybe")'],
  ])('rejects %j with one line naming the setting', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    try {
      load(env);
    } catch (error) {
      expect((error as Error).message).toBe(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('never echoes secret values in its message', () => {
    expect(() => load({ SEED_PASSWORD: 'short' })).toThrow(/^Invalid setting SEED_PASSWORD: expected at least 8 characters/);
    expect(() => load({ SEED_PASSWORD: 'short' })).not.toThrow(/short/);
    expect(() => load({ JWT_SECRET: 'tiny' })).toThrow('Invalid setting JWT_SECRET: expected a secret of at least 16 characters');
  });

  it('reports the first bad setting in schema order when several are wrong', () => {
    expect(() => load({ SITE_PORT: 'x', PORT: 'y' })).toThrow(/^Invalid setting PORT:/);
  });

  it('treats empty values as unset', () => {
    expect(load({ PORT: '', DATABASE_URL: '' }).port).toBe(1337);
  });

  it('requires both S3 keys or neither', () => {
    expect(() => load({ S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'AK' })).toThrow(/^Invalid setting S3_SECRET_ACCESS_KEY:/);
    const c = load({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'true' });
    expect(c.upload).toMatchObject({ provider: 's3', bucket: 'media', forcePathStyle: true });
  });

  it('keeps private files in a folder outside cms/public, or privately in S3', () => {
    expect(load({}).privateFiles).toEqual({ driver: 'local', dir: '/srv/lms/data/private-files' });
    expect(() => load({ PRIVATE_FILES_DIR: 'cms/public/uploads/private' })).toThrow(/^Invalid setting PRIVATE_FILES_DIR: is inside cms\/public/);
    expect(load({ S3_BUCKET: 'media' }).privateFiles).toMatchObject({ driver: 's3', bucket: 'media', prefix: 'private/' });
    expect(load({ S3_BUCKET: 'media', S3_PRIVATE_BUCKET: 'vault' }).privateFiles).toMatchObject({ driver: 's3', bucket: 'vault', prefix: '' });
  });

  it('logs email instead of sending it when SMTP_HOST is unset, from an address on the site host', () => {
    const c = load({ SITE_URL: 'https://learn.example.org' });
    expect(c.email.smtp).toBeNull();
    expect(c.email.from).toEqual({ name: 'LMS', address: 'no-reply@learn.example.org', formatted: 'LMS <no-reply@learn.example.org>' });
  });

  it('reads the SMTP server, its credentials and the sender', () => {
    const c = load({
      SMTP_HOST: 'smtp.example.org',
      SMTP_PORT: '465',
      SMTP_SECURE: 'true',
      SMTP_USER: 'mailer',
      SMTP_PASS: 'p4ss',
      EMAIL_FROM: 'Demo Academy <hello@example.org>',
    });
    expect(c.email.smtp).toEqual({ host: 'smtp.example.org', port: 465, secure: true, auth: { user: 'mailer', pass: 'p4ss' } });
    expect(c.email.from).toEqual({ name: 'Demo Academy', address: 'hello@example.org', formatted: 'Demo Academy <hello@example.org>' });
    expect(load({ SMTP_HOST: '127.0.0.1', EMAIL_FROM: 'a@b.c' }).email).toMatchObject({
      smtp: { host: '127.0.0.1', port: 587, secure: false, auth: null },
      from: { name: null, address: 'a@b.c' },
    });
  });

  it.each([
    [{ SMTP_HOST: 'smtp://mail.example.org' }, /^Invalid setting SMTP_HOST: expected a host name or IP address/],
    [{ SMTP_HOST: 'mail', SMTP_PORT: '0' }, /^Invalid setting SMTP_PORT: expected an integer from 1 to 65535/],
    [{ SMTP_HOST: 'mail', SMTP_SECURE: 'tls' }, /^Invalid setting SMTP_SECURE: expected true or false/],
    [{ SMTP_HOST: 'mail', SMTP_USER: 'u' }, /^Invalid setting SMTP_PASS: expected both SMTP_USER and SMTP_PASS, or neither/],
    [{ SMTP_PASS: 'secret-value' }, /^Invalid setting SMTP_HOST: is not set; SMTP_USER\/SMTP_PASS are set/],
    [{ EMAIL_FROM: 'not an address' }, /^Invalid setting EMAIL_FROM: expected an address such as/],
  ])('rejects bad email settings %j', (env, message) => {
    expect(() => load(env)).toThrow(message);
    expect(() => load(env)).not.toThrow(/secret-value/);
  });
});

describe('Stripe settings', () => {
  it('leaves Stripe off when unset, and reads key, secret and a local API endpoint', () => {
    expect(load({}).stripe).toEqual({ secretKey: null, webhookSecret: null, api: null });
    const c = load({
      STRIPE_SECRET_KEY: 'sk_test_abcdefgh12345678',
      STRIPE_WEBHOOK_SECRET: 'whsec_abcdefgh12345678',
      STRIPE_API_HOST: '127.0.0.1',
      STRIPE_API_PORT: '12111',
      STRIPE_API_PROTOCOL: 'http',
    });
    expect(c.stripe).toEqual({
      secretKey: 'sk_test_abcdefgh12345678',
      webhookSecret: 'whsec_abcdefgh12345678',
      api: { host: '127.0.0.1', port: 12111, protocol: 'http' },
    });
    expect(load({ STRIPE_API_HOST: 'stripe.internal' }).stripe.api).toEqual({ host: 'stripe.internal', port: undefined, protocol: 'https' });
  });

  it.each([
    [{ STRIPE_SECRET_KEY: 'pk_test_abcdefgh12345678' }, /^Invalid setting STRIPE_SECRET_KEY: expected a Stripe secret key such as sk_test_/],
    [{ STRIPE_WEBHOOK_SECRET: 'abcdefgh12345678' }, /^Invalid setting STRIPE_WEBHOOK_SECRET: expected a webhook signing secret such as whsec_/],
    [{ STRIPE_API_HOST: 'h', STRIPE_API_PROTOCOL: 'ftp' }, /^Invalid setting STRIPE_API_PROTOCOL: expected https or http \(got "ftp"\)$/],
    [{ STRIPE_API_HOST: 'h', STRIPE_API_PORT: '0' }, /^Invalid setting STRIPE_API_PORT: expected an integer from 1 to 65535/],
    [{ STRIPE_API_PORT: '12111' }, /^Invalid setting STRIPE_API_HOST: is not set; STRIPE_API_PORT\/STRIPE_API_PROTOCOL only apply together with it$/],
  ])('rejects bad Stripe settings %j with one line naming the setting', (env, message) => {
    expect(() => load(env)).toThrow(message);
    expect(() => load(env)).not.toThrow(/abcdefgh/);
  });
});

describe('LMS_INTERNAL_SECRET', () => {
  it('is optional, and read as is when set', () => {
    expect(load({}).internalSecret).toBeNull();
    expect(load({ LMS_INTERNAL_SECRET: 'k'.repeat(32) }).internalSecret).toBe('k'.repeat(32));
  });

  it.each([['s3cret-but-only-31-characters!!'], ['contains a space but is long enough ok'], ['unicode-is-not-a-header-value-\u00e9\u00e9\u00e9']])(
    'rejects %j with one line naming the setting, not echoing the value',
    (value) => {
      expect(() => load({ LMS_INTERNAL_SECRET: value })).toThrow(
        /^Invalid setting LMS_INTERNAL_SECRET: expected a random secret of at least 32 printable characters without spaces$/,
      );
    },
  );
});

describe('LTI_KEY_ENCRYPTION_KEY', () => {
  it('is optional, and read as base64 or hex of 32 bytes', () => {
    expect(load({}).lti.keyEncryptionKey).toBeNull();
    const base64 = Buffer.alloc(32, 1).toString('base64');
    expect(load({ LTI_KEY_ENCRYPTION_KEY: base64 }).lti.keyEncryptionKey).toBe(base64);
    expect(load({ LTI_KEY_ENCRYPTION_KEY: 'ab'.repeat(32) }).lti.keyEncryptionKey).toBe('ab'.repeat(32));
  });

  it.each([['too-short'], [Buffer.alloc(24, 1).toString('base64')], ['zz'.repeat(32)]])('rejects %j with one line naming the setting, not echoing it', (value) => {
    expect(() => load({ LTI_KEY_ENCRYPTION_KEY: value })).toThrow(/^Invalid setting LTI_KEY_ENCRYPTION_KEY: expected 32 random bytes as base64 \(44 characters, e\.g\. `openssl rand -base64 32`\) or hex \(64 characters\)$/);
  });
});

describe('cmsSecrets', () => {
  it('names the first missing secret', () => {
    expect(() => cmsSecrets(load({}))).toThrow(/^Invalid setting APP_KEYS: is not set/);
    expect(() => cmsSecrets(load({ ...secrets, ENCRYPTION_KEY: '' }))).toThrow(/^Invalid setting ENCRYPTION_KEY:/);
  });
  it('returns them when all are set', () => {
    expect(cmsSecrets(load(secrets)).appKeys).toHaveLength(2);
  });
});

describe('parseDotenv', () => {
  it('reads KEY=VALUE lines, strips quotes and skips comments', () => {
    expect(parseDotenv('# c\nA=1\nexport B="two words"\nC=\'x=y\'\n\nbad line')).toEqual({ A: '1', B: 'two words', C: 'x=y' });
  });
});

describe('configurationTable', () => {
  it('lists every setting once, with defaults', () => {
    const table = configurationTable();
    for (const name of Object.keys(settings)) expect(table).toContain(`| \`${name}\` |`);
    expect(table).toContain('| `PORT` | `1337` |');
  });
});

describe('LMS_PAYOUTS_ENCRYPTION_KEY', () => {
  const key = Buffer.alloc(32, 7).toString('base64');
  it('accepts 32 bytes as base64 or hex and hands it to lms-payouts', () => {
    expect(load({ LMS_PAYOUTS_ENCRYPTION_KEY: key }).payouts.encryptionKey).toBe(key);
    expect(load({ LMS_PAYOUTS_ENCRYPTION_KEY: 'ab'.repeat(32) }).payouts.encryptionKey).toBe('ab'.repeat(32));
    expect(load({}).payouts).toEqual({ encryptionKey: null, stripeWebhookSecrets: [] });
    expect(load({ STRIPE_CONNECT_WEBHOOK_SECRET: 'whsec_aaaaaaaaaa,whsec_bbbbbbbbbb' }).payouts.stripeWebhookSecrets).toEqual(['whsec_aaaaaaaaaa', 'whsec_bbbbbbbbbb']);
  });

  it('refuses a key of another length without echoing it, and a missing key in production', () => {
    expect(() => load({ LMS_PAYOUTS_ENCRYPTION_KEY: Buffer.alloc(24, 7).toString('base64') })).toThrow(/^Invalid setting LMS_PAYOUTS_ENCRYPTION_KEY: expected 32 random bytes as base64/);
    expect(() => load({ LMS_PAYOUTS_ENCRYPTION_KEY: 'not-a-key-at-all' })).not.toThrow(/not-a-key/);
    expect(() => load({ NODE_ENV: 'production', ...secrets })).toThrow(/^Invalid setting LMS_PAYOUTS_ENCRYPTION_KEY: is not set; production needs/);
    expect(load({ NODE_ENV: 'production', ...secrets, LMS_PAYOUTS_ENCRYPTION_KEY: key }).payouts.encryptionKey).toBe(key);
  });
});

import { cmsSecrets, lmsConfig } from '../src/lms-config';

export default () => {
  const config = lmsConfig();
  const secrets = cmsSecrets(config);
  return {
    auth: { secret: secrets.adminJwtSecret },
    apiToken: { salt: secrets.apiTokenSalt },
    transfer: { token: { salt: secrets.transferTokenSalt } },
    secrets: { encryptionKey: secrets.encryptionKey },
    flags: { nps: false, promoteEE: false },
    // Strapi limits admin logins per email and address (5 in 5 minutes); the test suites sign
    // the seeded admin in from one address far more often than that. Only NODE_ENV=test lifts it.
    rateLimit: { enabled: config.nodeEnv !== 'test' },
    // The admin panel is served by the cms itself; the site has its own origin.
    url: '/admin',
  };
};

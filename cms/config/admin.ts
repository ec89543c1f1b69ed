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
    // The admin panel is served by the cms itself; the site has its own origin.
    url: '/admin',
  };
};

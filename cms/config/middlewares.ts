import { lmsConfig } from '../src/lms-config';

export default () => {
  const config = lmsConfig();
  const uploadOrigin = config.upload.provider === 's3' ? [config.upload.publicUrl ?? config.upload.endpoint ?? ''].filter(Boolean) : [];
  return [
    'strapi::logger',
    'strapi::errors',
    // The learner's address as the site names it (with LMS_INTERNAL_SECRET), before the rate
    // limiters read ctx.request.ip; also strips the two headers so nothing later sees the secret.
    'global::client-ip',
    {
      name: 'strapi::security',
      config: {
        contentSecurityPolicy: {
          useDefaults: true,
          directives: {
            'connect-src': ["'self'", 'https:'],
            'img-src': ["'self'", 'data:', 'blob:', ...uploadOrigin],
            'media-src': ["'self'", 'data:', 'blob:', ...uploadOrigin],
            upgradeInsecureRequests: null,
          },
        },
      },
    },
    {
      name: 'strapi::cors',
      config: { origin: [config.siteUrl, config.publicUrl], credentials: true },
    },
    'strapi::poweredBy',
    'strapi::query',
    {
      name: 'strapi::body',
      config: {
        formLimit: '10mb',
        jsonLimit: '2mb',
        textLimit: '2mb',
        formidable: { maxFileSize: 200 * 1024 * 1024 },
        // Keeps the exact request bytes beside the parsed body (ctx.request.body[Symbol.for('unparsedBody')]):
        // the Stripe webhook verifies its signature over them (plugins/lms-enrollment payments).
        includeUnparsed: true,
      },
    },
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};

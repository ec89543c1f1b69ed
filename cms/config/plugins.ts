import { createLogTransport } from '../src/email/log-transport';
import { cmsSecrets, lmsConfig } from '../src/lms-config';

export default () => {
  const config = lmsConfig();
  const { upload, email } = config;
  return {
    // Outgoing email (password resets, ...) through nodemailer: to the SMTP server when one is
    // configured, otherwise into the log (bootstrap says so once).
    email: {
      config: {
        provider: 'nodemailer',
        providerOptions: email.smtp
          ? {
              host: email.smtp.host,
              port: email.smtp.port,
              secure: email.smtp.secure,
              ...(email.smtp.auth ? { auth: email.smtp.auth } : {}),
            }
          : createLogTransport({
              includeBody: config.nodeEnv !== 'production',
              log: (line) => (globalThis.strapi ? globalThis.strapi.log.info(line) : console.info(line)),
            }),
        settings: { defaultFrom: email.from.formatted, defaultReplyTo: email.from.formatted },
      },
    },
    'users-permissions': {
      config: {
        jwtSecret: cmsSecrets(config).jwtSecret,
        jwt: { expiresIn: '7d' },
        // The full name printed on certificates (cms/src/extensions/users-permissions) may be given at sign-up.
        register: { allowedFields: ['fullName'] },
      },
    },
    upload:
      upload.provider === 's3'
        ? {
            config: {
              provider: 'aws-s3',
              providerOptions: {
                baseUrl: upload.publicUrl,
                s3Options: {
                  region: upload.region,
                  endpoint: upload.endpoint,
                  forcePathStyle: upload.forcePathStyle,
                  // S3-compatible servers (MinIO, R2, ...) often lack the SDK's newer default
                  // checksum trailers; send checksums only where the API requires them.
                  ...(upload.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
                  ...(upload.accessKeyId && upload.secretAccessKey
                    ? { credentials: { accessKeyId: upload.accessKeyId, secretAccessKey: upload.secretAccessKey } }
                    : {}),
                  params: { Bucket: upload.bucket },
                },
              },
              actionOptions: { upload: {}, uploadStream: {}, delete: {} },
            },
          }
        : { config: { sizeLimit: 200 * 1024 * 1024 } },
    'lms-core': { enabled: true },
    'lms-enrollment': { enabled: true },
    'lms-grading': { enabled: true },
    'lms-revenue': { enabled: true },
    'lms-notifications': { enabled: true },
    'lms-payouts': { enabled: true },
    'lms-lti': { enabled: true },
    'lms-h5p': { enabled: true },
    'lms-gamification': { enabled: true },
    'lms-live': { enabled: true },
    'lms-analytics': { enabled: true },
  };
};

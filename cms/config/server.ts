import { cmsSecrets, lmsConfig } from '../src/lms-config';

export default () => {
  const config = lmsConfig();
  return {
    host: config.host,
    port: config.port,
    // Unset unless configured: the admin panel then calls its own origin, so one build works on any port.
    ...(config.publicUrlConfigured ? { url: config.publicUrl } : {}),
    app: { keys: cmsSecrets(config).appKeys },
    // Behind a TLS-terminating proxy in production.
    proxy: config.nodeEnv === 'production',
  };
};

import { cmsSecrets, loadConfig, type LmsConfig } from '@lms/config';

// Every Strapi config file reads the one validated environment; a bad setting stops start-up
// here with the line "Invalid setting NAME: ...".
let cached: LmsConfig | undefined;
export function lmsConfig(): LmsConfig {
  cached ??= loadConfig();
  return cached;
}

export { cmsSecrets };

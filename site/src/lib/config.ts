import { loadConfig, type LmsConfig } from '@lms/config';

let loaded: LmsConfig | undefined;

/** The shared settings, read once per process (a bad setting throws a ConfigError naming it). */
export function siteConfig(): LmsConfig {
  loaded ??= loadConfig();
  return loaded;
}

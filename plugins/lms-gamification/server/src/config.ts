import { parseTimeZone } from './domain';

/** Plugin settings (cms/config/plugins.ts under 'lms-gamification': { config: {...} }). */
export interface LmsGamificationConfig {
  /**
   * The zone weeks and months are cut in (everyone's board resets at the same instant), and the
   * streak zone of a learner who has not set one. Changing it needs a leaderboard rebuild.
   */
  platformTimeZone: string;
}

export const config = {
  default: (): LmsGamificationConfig => ({ platformTimeZone: 'UTC' }),
  validator(value: LmsGamificationConfig) {
    parseTimeZone(value.platformTimeZone, 'lms-gamification config platformTimeZone');
  },
};

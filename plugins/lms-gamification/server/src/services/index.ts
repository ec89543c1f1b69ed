import { createSettingsService } from './settings';
import { createAwardsService } from './awards';
import { createLeaderboardsService } from './leaderboards';
import { createLearnersService } from './learners';

export const services = {
  settings: createSettingsService,
  awards: createAwardsService,
  leaderboards: createLeaderboardsService,
  learners: createLearnersService,
};

export type LmsGamificationServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { SettingsService, GamificationSettings, StoredBadge, BadgeImage } from './settings';
export type { AwardsService, AwardOutcome } from './awards';
export type { LeaderboardsService } from './leaderboards';
export type { LearnersService, Overview, BadgeView, Profile } from './learners';

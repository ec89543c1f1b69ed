/**
 * Request/response shapes of lms-gamification's API, shared by the controllers (`satisfies`),
 * the admin panel, the site and the tests. Points are whole numbers; instants ISO 8601 UTC.
 */

export interface LevelView {
  number: number;
  name: string;
  minPoints: number;
  next: { number: number; name: string; minPoints: number } | null;
  pointsToNext: number | null;
  /** Progress to the next level in basis points (0–10000). */
  progress: number;
}

export interface BadgeView {
  id: string;
  name: string;
  description: string;
  imageUrl: string | null;
  earned: boolean;
  earnedAt: string | null;
  /** False until the learner has been shown it (POST /me/badges/seen). */
  seen: boolean;
  /** Progress in the criterion's unit (lessons, days, points…); current = target once earned. */
  current: number;
  target: number;
}

export interface StreakView {
  /** Current run (0 when a date was missed). */
  length: number;
  longest: number;
  visitedToday: boolean;
  atRisk: boolean;
  startDay: string | null;
}

export interface MeResponse {
  data: {
    learnerId: number;
    points: number;
    level: LevelView;
    badges: BadgeView[];
    /** Earned badges the learner has not been shown yet (the site's toast). */
    newBadges: BadgeView[];
    streak: StreakView;
    /** The zone streaks are counted in (the learner's, else the platform's). */
    timeZone: string;
    preferences: PreferencesView;
  };
}

export interface PreferencesView {
  timeZone: string | null;
  hidden: boolean;
  displayName: string | null;
}

export interface PreferencesResponse {
  data: PreferencesView;
}

export interface PointEventView {
  rule: string;
  subject: string;
  points: number;
  courseId: string | null;
  occurredAt: string;
}

export interface HistoryResponse {
  data: PointEventView[];
  meta: { learnerId: number; points: number; pagination: { page: number; pageSize: number; total: number } };
}

export interface LeaderboardEntryView {
  rank: number;
  learnerId: number;
  displayName: string;
  points: number;
}

export interface LeaderboardResponse {
  data: LeaderboardEntryView[];
  meta: {
    scope: string;
    period: 'all' | 'week' | 'month';
    periodKey: string;
    /** When a week or month board resets; null for all time. */
    periodEnds: string | null;
    me: { rank: number | null; points: number; hidden: boolean } | null;
  };
}

export interface SettingsView {
  rules: Record<string, unknown>;
  badges: Array<{ id: string; name: string; description: string; criterion: Record<string, unknown>; image: { id: number; url: string } | null }>;
  levels: Array<{ name: string; minPoints: number }>;
}

export interface SettingsResponse {
  data: SettingsView;
  meta: { ruleDescriptions: Record<string, string>; leaderboardStore: 'redis' | 'database'; platformTimeZone: string };
}

export interface RebuildResponse {
  data: { boards: number; pointEvents: number; store: 'redis' | 'database'; tookMs: number };
}

export interface ApiErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details: Record<string, unknown> };
}

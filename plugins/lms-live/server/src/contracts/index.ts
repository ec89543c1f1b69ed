/**
 * Request and response shapes of lms-live's routes, shared by the server controllers, the admin
 * page and the site (`@contracts/live`). Instants are ISO 8601 strings in UTC.
 */

export type JoinStateView = { state: 'not-yet'; opensAt: string } | { state: 'open'; closesAt: string } | { state: 'ended'; endedAt: string };

export interface LearnerSessionView {
  id: number;
  courseId: string;
  courseTitle: string;
  courseSlug: string;
  title: string;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  /** The zone the instructor scheduled in. */
  timeZone: string;
  /** When it starts, as the learner reads it in `meta.timeZone` ("Tue 5 May 2026, 15:00 (BST)"). */
  startsAtLocal: string;
  /** The same in the session's own zone. */
  startsAtSessionLocal: string;
  capacity: number;
  seatsTaken: number;
  seatsLeft: number;
  reserved: boolean;
  attended: boolean;
  provider: 'zoom' | 'meet' | 'jitsi' | 'other';
  join: JoinStateView;
}

export interface LearnerSessionsResponse {
  data: LearnerSessionView[];
  meta: { timeZone: string; timeZoneSource: 'preference' | 'session' | 'utc'; liveAttendanceRequired: number | null; attended: number | null };
}

export interface LearnerSessionResponse {
  data: LearnerSessionView;
  meta: { timeZone: string };
}

export type JoinResponse =
  | { data: { state: 'open'; joinUrl: string; attendanceRecorded: boolean; sessionId: number; title: string } }
  | { data: { state: 'not-yet'; opensAt: string; opensAtLocal: string; sessionId: number; title: string; timeZone: string } }
  | { data: { state: 'ended'; endedAt: string; sessionId: number; title: string } };

export interface TimeZonePreferenceResponse {
  data: { timeZone: string | null };
}

export interface AdminSessionView {
  id: number;
  courseId: string;
  courseTitle: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  seatsTaken: number;
  joinUrl: string;
  timeZone: string;
  startsAtSessionLocal: string;
  attended: number;
}

export interface AdminSessionsResponse {
  data: AdminSessionView[];
  meta: { courses: Array<{ documentId: string; title: string }> };
}

export interface AdminSessionResponse {
  data: AdminSessionView;
}

export interface SessionInputBody {
  courseId: string;
  title: string;
  startsAt: string;
  durationMinutes: number;
  capacity: number;
  joinUrl: string;
  timeZone: string;
}

export interface RosterEntry {
  learner: { id: number; name: string; email: string | null };
  reservedAt: string | null;
  attendance: { present: boolean; source: 'join' | 'instructor'; recordedAt: string } | null;
}

export interface RosterResponse {
  data: RosterEntry[];
  meta: { session: AdminSessionView };
}

export interface SweepResponse {
  data: { reminders: number };
}

export interface ApiErrorBody {
  data: null;
  error: { status: number; name: string; message: string; details?: Record<string, unknown> };
}

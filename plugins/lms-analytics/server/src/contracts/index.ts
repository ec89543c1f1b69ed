import type { FunnelStep, RevenueMonthDelta } from '../domain';

/**
 * Request and response shapes of lms-analytics, shared by the server controllers, the admin panel
 * and the site. Money is integer minor units with its ISO currency; shares and
 * rates are basis points (10000 = 100 %); days and months are UTC (`YYYY-MM-DD`, `YYYY-MM`).
 */

export interface CourseFigures {
  course: { documentId: string; title: string | null };
  enrollments: number;
  /** Enrollments with access now (active or completed). */
  active: number;
  completions: number;
  completionRateBp: number;
  lessonsCompleted: number;
}

export interface DayPoint {
  day: string;
  enrollments: number;
  completions: number;
  lessonsCompleted: number;
}

/** One lesson of the completion funnel (domain/figures.ts). */
export type FunnelStepView = FunnelStep;

export interface QuizFigures {
  quiz: { documentId: string; title: string | null };
  course: { documentId: string };
  attempts: number;
  learners: number;
  averageScoreBp: number | null;
  passRateBp: number;
}

export interface HardQuestion {
  quiz: { documentId: string; title: string | null };
  questionId: string;
  position: number;
  prompt: string;
  /** Share of learners answering right (0–1), from lms-grading's item analysis. */
  facility: number | null;
  discrimination: number | null;
  n: number;
}

export interface BacklogItem {
  course: { documentId: string };
  assignment: { documentId: string; title: string | null };
  waiting: number;
  oldestSubmittedAt: string | null;
}

/** One month of revenue in one currency, minor units (the ledger fold's figures without the course). */
export type RevenueMonthView = Omit<RevenueMonthDelta, 'courseId'>;

export interface InstructorDashboard {
  at: string;
  from: string;
  to: string;
  /** Whose figures: the caller's courses, or (read-all) one instructor's or every course. */
  scope: { kind: 'own' | 'instructor' | 'all'; instructor: { documentId: string; name: string | null } | null; course: { documentId: string; title: string | null } | null };
  courses: CourseFigures[];
  days: DayPoint[];
  active: { last7: number; last30: number };
  funnel: { course: { documentId: string; title: string | null } | null; learners: number; steps: FunnelStepView[] };
  quizzes: QuizFigures[];
  hardestQuestions: HardQuestion[];
  backlog: BacklogItem[];
  revenue: RevenueMonthView[];
  /** The instructor's own share by month (when the scope is one instructor). */
  earnings: Array<{ month: string; currency: string; earned: number }>;
  /** When the ledger summaries were last brought up to date. */
  ledgerRefreshedAt: string | null;
}

export interface CurrencyTotals {
  currency: string;
  gross: number;
  returned: number;
  vat: number;
  fees: number;
  platform: number;
  instructors: number;
  /** Instructor liabilities now: earned and not yet paid out (earnings + requested accounts). */
  liabilities: number;
}

export interface InstructorPerformance {
  instructor: { documentId: string; name: string | null };
  courses: number;
  enrollments: number;
  completions: number;
  completionRateBp: number;
  earned: Array<{ currency: string; amount: number }>;
}

export interface AdminDashboard {
  at: string;
  users: number;
  courses: number;
  enrollments: number;
  activeEnrollments: number;
  completions: number;
  completionRateBp: number;
  active: { last7: number; last30: number };
  revenue: CurrencyTotals[];
  months: RevenueMonthView[];
  topCourses: CourseFigures[];
  instructors: InstructorPerformance[];
  failedJobs: { total: number; recent: Array<{ id: number; name: string; eventType: string | null; error: string; failedAt: string }> };
  webhooks: { failed: number; unprocessed: number; oldestUnprocessedAt: string | null };
  ledgerRefreshedAt: string | null;
}

export interface LearnerCourseView {
  course: { documentId: string; slug: string | null; title: string | null };
  status: 'active' | 'completed' | 'ended';
  enrolledAt: string;
  completedAt: string | null;
  lessonsCompleted: number;
  lessonsTotal: number;
  progressBp: number;
  lastActiveAt: string | null;
}

export interface LearnerAnalytics {
  courses: LearnerCourseView[];
  timeline: Array<{ at: string; course: { documentId: string; title: string | null }; lesson: { documentId: string; title: string | null } }>;
  quizzes: { attempts: number; averageScoreBp: number | null; passed: number };
}

export interface InstructorDashboardResponse {
  data: InstructorDashboard;
}
export interface AdminDashboardResponse {
  data: AdminDashboard;
}
export interface LearnerAnalyticsResponse {
  data: LearnerAnalytics;
}
export interface RefreshResponse {
  data: { ledgerEntries: number; refreshedAt: string };
}
export interface RebuildResponse {
  data: { learnerCourses: number; lessonCompletions: number; ledgerEntries: number; rebuiltAt: string };
}

/** The CSV reports of the instructor dashboard (`GET /lms-analytics/instructor/csv/:report`). */
export const INSTRUCTOR_REPORTS = ['courses', 'enrollments', 'funnel', 'quizzes', 'questions', 'backlog', 'revenue'] as const;
export type InstructorReport = (typeof INSTRUCTOR_REPORTS)[number];

export interface ApiErrorBody {
  error: { status: number; name: string; message: string; details?: Record<string, unknown> };
}

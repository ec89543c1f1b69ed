// lms-live's domain events (declaration merging on lms-core's payload map).
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /**
     * One per learner and session, from the 24 hours before the start (decision 035); lms-notifications
     * mails and lists it (decision 033). `sessionId` is the session's id in lms_live_sessions.
     */
    'live-session.reminder': {
      sessionId: number;
      learnerId: number;
      courseId: string;
      title: string;
      startsAt: string;
      timeZone: string;
      joinUrl: string;
    };
    /** A learner first counted as present: joined in the window, or marked by the instructor. */
    'live-session.attended': {
      sessionId: number;
      learnerId: number;
      courseId: string;
      source: 'join' | 'instructor';
      attendedAt: string;
    };
  }
}

export {};

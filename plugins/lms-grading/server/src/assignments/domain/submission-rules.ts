/**
 * When a learner may hand in (again), when a submission is late, and which grading actions a
 * submission's state allows. Pure; the service applies these inside its transaction.
 */

export const SUBMISSION_STATUSES = ['submitted', 'graded', 'returned'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];

/** A learner's attempts at one assignment are capped so repeated resubmissions cannot fill storage. */
export const MAX_ATTEMPTS = 20;

export interface CurrentSubmission {
  attempt: number;
  status: SubmissionStatus;
}

export type SubmitDecision =
  | { ok: true; attempt: number }
  | { ok: false; code: 'already-submitted' | 'already-graded' | 'max-attempts-reached'; message: string };

/**
 * A first submission is always allowed; another one when the instructor returned the current one,
 * or when the assignment allows resubmission (the new attempt becomes current; earlier ones stay
 * as history with their grades).
 */
export function decideSubmission(current: CurrentSubmission | null, allowResubmission: boolean): SubmitDecision {
  if (!current) return { ok: true, attempt: 1 };
  if (current.attempt >= MAX_ATTEMPTS) {
    return { ok: false, code: 'max-attempts-reached', message: `you have made ${current.attempt} attempts, the most this assignment keeps; ask your instructor` };
  }
  if (current.status === 'returned' || allowResubmission) return { ok: true, attempt: current.attempt + 1 };
  if (current.status === 'graded') {
    return { ok: false, code: 'already-graded', message: 'this assignment is graded and does not allow resubmission' };
  }
  return {
    ok: false,
    code: 'already-submitted',
    message: 'you have already submitted this assignment and it does not allow resubmission; your instructor can return it to you for another attempt',
  };
}

/** Late when handed in strictly after the due date (none: never late). */
export function isLate(dueDate: Date | null, submittedAt: Date): boolean {
  return dueDate !== null && submittedAt.getTime() > dueDate.getTime();
}

export type GradingAction = 'grade' | 'return';

/**
 * Grading acts on the learner's current attempt only: a submitted one can be graded or returned;
 * a graded one re-graded (a correction) or returned for another attempt; a returned one waits for
 * the learner. Returns null when allowed, else the reason.
 */
export function gradingBlocked(action: GradingAction, submission: { status: SubmissionStatus; isCurrent: boolean; attempt: number }): string | null {
  if (!submission.isCurrent) return `attempt ${submission.attempt} has been replaced by a newer attempt; grade the newest one`;
  if (submission.status === 'returned') {
    return action === 'grade'
      ? 'this submission was returned for resubmission; grade the learner’s next attempt'
      : 'this submission has already been returned';
  }
  return null;
}

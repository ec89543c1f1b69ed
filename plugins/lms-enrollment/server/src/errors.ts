import { errors } from '@strapi/utils';
import { StatusError } from '@lms/plugin-lms-core/server';
import type { LessonLock, PaymentRequiredDetails } from './contracts';

/** 402: the course is sold or needs a subscription (written by lms-core's withVisibleErrors). */
export class PaymentRequiredError extends StatusError<PaymentRequiredDetails & Record<string, unknown>> {
  constructor(message: string, details: PaymentRequiredDetails) {
    super(402, 'PaymentRequiredError', message, details as PaymentRequiredDetails & Record<string, unknown>);
  }
}

/** 403 for a locked lesson: the message says why, the details are the lock (reason, lessons, date). */
export function lessonLocked(lock: LessonLock): errors.ForbiddenError {
  return new errors.ForbiddenError(lock.message, lock);
}

export { withVisibleErrors } from '@lms/plugin-lms-core/server';

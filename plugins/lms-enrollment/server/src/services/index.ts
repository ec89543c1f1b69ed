import { createAdminService } from './admin';
import { createClockService } from './clock';
import { createContentService } from './content';
import { createEnrollmentsService } from './enrollments';
import { createLearningService } from './learning';
import { paymentServices } from '../payments';

export const services = {
  enrollments: createEnrollmentsService,
  learning: createLearningService,
  content: createContentService,
  clock: createClockService,
  admin: createAdminService,
  // Stripe checkout, webhooks, refunds and subscriptions (payments/).
  ...paymentServices,
};

export type LmsEnrollmentServices = { [K in keyof typeof services]: ReturnType<(typeof services)[K]> };
export type { EnrollmentsService, GrantEnrollmentInput, GrantEnrollmentResult, EndEnrollmentInput, CompletionRequirement } from './enrollments';
export type { LearningService } from './learning';
export type { ContentService } from './content';
export type { ClockService } from './clock';
export type { AdminService } from './admin';

import type { Core } from '@strapi/strapi';
import { forbidden, money, notFound } from '@lms/plugin-lms-core/server';
import { decideSelfEnrollment, quotedList } from '../../domain/enrollment';
import { getService } from '../../utils';
import type { CheckoutResponse } from '../contracts';
import { checkoutSessionParams } from '../domain/checkout';
import { chargeProblem } from '../domain/stripe-money';
import { badGateway, conflict, notConfigured } from '../errors';

const ENROLL_ROUTE = 'POST /api/lms-enrollment/enrollments';

/**
 * Starts paying for a course: checks the learner may (and must) pay for it, then asks Stripe for a
 * Checkout Session. Nothing is written here; the purchase exists once Stripe's webhook says so.
 */
export const createCheckoutService = ({ strapi }: { strapi: Core.Strapi }) => ({
  async startCheckout(userId: number, courseDocumentId: string): Promise<CheckoutResponse> {
    const stripeService = getService(strapi, 'stripe');
    const stripe = stripeService.client();
    if (!stripe) throw notConfigured('STRIPE_SECRET_KEY', 'Paid checkout');

    const enrollments = getService(strapi, 'enrollments');
    const course = await getService(strapi, 'content').getCourseStructure(courseDocumentId);
    if (!course) throw notFound('course', courseDocumentId, 'it does not exist or is not published');

    const db = strapi.db.connection;
    const [existing, completedCourses, hasActiveSubscription] = await Promise.all([
      enrollments.findEnrollment(userId, courseDocumentId),
      enrollments.completedCourses(db, userId, course.prerequisites.map((p) => p.documentId)),
      course.pricingModel === 'subscription' ? enrollments.hasActiveSubscription(userId) : Promise.resolve(false),
    ]);
    const decision = decideSelfEnrollment({ pricingModel: course.pricingModel, prerequisites: course.prerequisites, existing, completedCourses, hasActiveSubscription });
    switch (decision.kind) {
      case 'already-enrolled':
        throw conflict(`you are already enrolled in "${course.title}"; there is nothing to pay`, { course: courseDocumentId });
      case 'grant':
        throw conflict(
          decision.source === 'free'
            ? `"${course.title}" is free; enroll directly with ${ENROLL_ROUTE}`
            : `your subscription already includes "${course.title}"; enroll directly with ${ENROLL_ROUTE}`,
          { course: courseDocumentId, enroll: ENROLL_ROUTE },
        );
      case 'revoked':
        throw forbidden(`your enrollment in "${course.title}" was revoked${decision.reason ? ` (${decision.reason})` : ''}; contact support to restore it`, {
          course: courseDocumentId,
        });
      case 'prerequisites-missing':
        throw forbidden(`complete ${decision.missing.length > 1 ? 'courses' : 'course'} ${quotedList(decision.missing.map((m) => m.title))} before buying "${course.title}"`, {
          course: courseDocumentId,
          missing: decision.missing,
        });
      case 'payment-required':
        break;
    }

    const pricingModel = decision.pricingModel;
    const problem = course.currency ? chargeProblem(money(course.priceAmount, course.currency)) : 'it has no currency';
    if (problem || !course.currency) {
      throw conflict(`"${course.title}" cannot be bought right now: ${problem}; its instructor must fix the price`, { course: courseDocumentId });
    }
    const user = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: userId }, select: ['email'] })) as { email?: string | null } | null;
    const params = checkoutSessionParams({
      course: { documentId: course.documentId, slug: course.slug, title: course.title, pricingModel, priceAmount: course.priceAmount, currency: course.currency },
      userId,
      email: user?.email ?? null,
      siteUrl: stripeService.siteUrl(),
    });

    let session;
    try {
      session = await stripe.checkout.sessions.create(params);
    } catch (error) {
      strapi.log.error(`lms-enrollment: Stripe refused a Checkout Session for course ${courseDocumentId}: ${error instanceof Error ? error.message : String(error)}`);
      throw badGateway(`Stripe could not start the payment (${error instanceof Error ? error.message : 'no answer'}); try again in a moment`, { course: courseDocumentId });
    }
    if (!session.url) throw badGateway('Stripe created the checkout session without a payment page URL; try again in a moment');
    return { url: session.url, sessionId: session.id, mode: pricingModel === 'one_time' ? 'payment' : 'subscription' };
  },
});

export type CheckoutService = ReturnType<typeof createCheckoutService>;

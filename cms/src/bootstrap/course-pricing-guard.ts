import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { checkCoursePricing, type CoursePricing } from '../domain/course-pricing';

const COURSE = 'api::course.course';

/**
 * Rejects a course whose price contradicts its pricing model, whichever way it is written
 * (admin panel, content API, seed). Runs as a Document Service middleware so every path is covered.
 */
export function registerCoursePricingGuard(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (context.uid !== COURSE || (context.action !== 'create' && context.action !== 'update')) {
      return next();
    }
    const params = context.params as { documentId?: string; data?: CoursePricing; locale?: string };
    const incoming = params.data ?? {};
    const touchesPricing = ['pricingModel', 'priceAmount', 'currency'].some((k) => k in incoming);
    if (!touchesPricing && context.action === 'update') return next();

    let current: CoursePricing = {};
    if (context.action === 'update' && params.documentId) {
      const existing = await strapi.db.query(COURSE).findOne({
        where: { documentId: params.documentId, publishedAt: null },
        select: ['pricingModel', 'priceAmount', 'currency'],
      });
      current = (existing ?? {}) as CoursePricing;
    }
    const merged: CoursePricing = { ...current, ...incoming };
    if (merged.priceAmount !== undefined && merged.priceAmount !== null) {
      merged.priceAmount = Number(merged.priceAmount);
    }
    const problem = checkCoursePricing(merged);
    if (problem) {
      throw new errors.ValidationError(problem.message, {
        errors: [{ path: [problem.field], message: problem.message, name: 'ValidationError', value: merged[problem.field] }],
      });
    }
    return next();
  });
}

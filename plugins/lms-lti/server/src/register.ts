import type { Core } from '@strapi/strapi';
import { type DomainEvent, getLmsCoreService } from '@lms/plugin-lms-core/server';
import { actionDefinitions } from './permissions';
import { PLAN_CONSUMER, SEND_CONSUMER } from './services/grades';
import { getService } from './utils';
import { registerLtiPrivacy } from './privacy';
import './events';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  registerLtiPrivacy(strapi);
  const events = getLmsCoreService(strapi, 'events');
  const grades = () => getService(strapi, 'grades');
  // Grade passback: plan one row per platform target in the event's transaction, then send each
  // through its own event so one slow or failing platform does not hold the others back.
  events.subscribe(PLAN_CONSUMER, 'quiz.graded', (event, { trx }) => grades().onQuizGraded(event, trx));
  events.subscribe(PLAN_CONSUMER, 'course.completed', (event, { trx }) => grades().onCourseCompleted(event, trx));
  // lms-h5p's graded activities (the event is declared by lms-h5p; its payload is checked on arrival).
  events.subscribe(PLAN_CONSUMER, 'h5p.scored' as never, (event, { trx }) => grades().onH5pScored(event as DomainEvent, trx));
  events.subscribe(SEND_CONSUMER, 'lti.passback-queued', (event, { trx, attempt }) => grades().send(event.payload.passbackId, trx, attempt));
};

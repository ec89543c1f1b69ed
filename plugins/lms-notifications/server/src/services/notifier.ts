import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loadConfig } from '@lms/config';
import type { DomainEvent } from '@lms/plugin-lms-core/server';
import {
  displayName,
  isEssential,
  parsePayload,
  platformName,
  renderNotification,
  type Platform,
  type TemplateInput,
  type WatchedEventType,
} from '../domain';
import { findAssignment, findCourse, findInstructorContact, findLearner } from '../adapters/strapi';
import { getService } from '../utils';

type Delivery = 'notified' | 'notified-in-app-only' | 'skipped';

/**
 * Turns one domain event into what people are told: the in-app notification (site users) and the
 * email (unless the learner switched that kind off), both written in the consumer's transaction.
 */
export const createNotifierService = ({ strapi }: { strapi: Core.Strapi }) => {
  let platform: Platform | undefined;
  // Read once: loadConfig re-reads and re-validates the whole environment.
  const platformOf = (): Platform => {
    if (!platform) {
      const config = loadConfig();
      platform = { name: platformName(config.email.from.name), siteUrl: config.siteUrl.replace(/\/+$/, '') };
    }
    return platform;
  };
  const courseOf = async (documentId: string) => (await findCourse(strapi, documentId)) ?? { title: 'your course', slug: null };

  /** A learner (users-permissions user): in-app always, email when essential or allowed. */
  async function toLearner(trx: Knex.Transaction, event: DomainEvent, learnerId: number, build: (name: string) => TemplateInput): Promise<Delivery> {
    const learner = await findLearner(strapi, learnerId);
    if (!learner) {
      strapi.log.warn(`[lms-notifications] ${event.type} ${event.id}: learner ${learnerId} no longer exists; nothing sent`);
      return 'skipped';
    }
    const rendered = renderNotification(build(displayName(learner)), platformOf());
    const now = new Date();
    await getService(strapi, 'inbox').add(trx, { userId: learner.id, kind: rendered.kind, title: rendered.title, body: rendered.body, link: rendered.link, eventId: event.id, now });
    if (learner.blocked) return 'notified-in-app-only';
    const wantsMail = isEssential(rendered.kind) || (await getService(strapi, 'preferences').get(learner.id, trx)).emailNonEssential;
    if (!wantsMail) return 'notified-in-app-only';
    await getService(strapi, 'mailer').queue(trx, { eventId: event.id, kind: rendered.kind, to: learner.email, recipientId: learner.id, recipientType: 'user', rendered, now });
    return 'notified';
  }

  /** An instructor (admin user behind the profile): email only, every payout mail is essential. */
  async function toInstructor(trx: Knex.Transaction, event: DomainEvent, instructorId: string, build: (name: string) => TemplateInput): Promise<Delivery> {
    const contact = await findInstructorContact(strapi, instructorId);
    if (!contact) {
      strapi.log.warn(`[lms-notifications] ${event.type} ${event.id}: instructor ${instructorId} has no admin user with an email; nothing sent`);
      return 'skipped';
    }
    const rendered = renderNotification(build(displayName({ ...contact, fullName: contact.name })), platformOf());
    await getService(strapi, 'mailer').queue(trx, { eventId: event.id, kind: rendered.kind, to: contact.email, recipientId: contact.adminUserId, recipientType: 'admin', rendered, now: new Date() });
    return 'notified';
  }

  const handlers: { [T in WatchedEventType]: (trx: Knex.Transaction, event: DomainEvent) => Promise<Delivery> } = {
    'user.registered': async (trx, event) => {
      const p = parsePayload('user.registered', event.payload);
      return toLearner(trx, event, p.userId, (recipientName) => ({ kind: 'welcome', recipientName }));
    },
    'enrollment.granted': async (trx, event) => {
      const p = parsePayload('enrollment.granted', event.payload);
      const course = await courseOf(p.courseId);
      return toLearner(trx, event, p.learnerId, (recipientName) => ({ kind: 'enrollment-confirmation', recipientName, courseTitle: course.title, courseSlug: course.slug }));
    },
    'payment.succeeded': async (trx, event) => {
      const p = parsePayload('payment.succeeded', event.payload);
      const course = await courseOf(p.courseId);
      return toLearner(trx, event, p.learnerId, (recipientName) => ({
        kind: 'receipt',
        recipientName,
        courseTitle: course.title,
        amount: p.gross,
        tax: p.tax,
        paidAt: p.paidAt,
        reference: p.providerReference,
        paymentId: p.paymentId,
      }));
    },
    'assignment.graded': async (trx, event) => {
      const p = parsePayload('assignment.graded', event.payload);
      const [course, assignment] = await Promise.all([courseOf(p.courseId), findAssignment(strapi, p.assignmentId)]);
      return toLearner(trx, event, p.learnerId, (recipientName) => ({
        kind: 'assignment-graded',
        recipientName,
        courseTitle: course.title,
        assignmentTitle: assignment?.title ?? 'your assignment',
        scoreMillipoints: p.scoreMillipoints,
        maxMillipoints: p.maxMillipoints,
        passed: p.passed,
      }));
    },
    'certificate.issued': async (trx, event) => {
      const p = parsePayload('certificate.issued', event.payload);
      const course = await courseOf(p.courseId);
      return toLearner(trx, event, p.learnerId, (recipientName) => ({ kind: 'certificate-issued', recipientName, courseTitle: course.title, verificationCode: p.verificationCode }));
    },
    'live-session.reminder': async (trx, event) => {
      const p = parsePayload('live-session.reminder', event.payload);
      const course = await courseOf(p.courseId);
      return toLearner(trx, event, p.learnerId, (recipientName) => ({
        kind: 'live-session-reminder',
        recipientName,
        courseTitle: course.title,
        courseSlug: course.slug,
        sessionTitle: p.title,
        startsAt: p.startsAt,
        timeZone: p.timeZone ?? 'UTC',
        joinUrl: p.joinUrl ?? null,
      }));
    },
    'payout.approved': async (trx, event) => {
      const p = parsePayload('payout.approved', event.payload);
      return toInstructor(trx, event, p.instructorId, (recipientName) => ({ kind: 'payout-approved', recipientName, amount: p.amount, reference: p.reference ?? null, reason: null }));
    },
    'payout.paid': async (trx, event) => {
      const p = parsePayload('payout.paid', event.payload);
      return toInstructor(trx, event, p.instructorId, (recipientName) => ({ kind: 'payout-paid', recipientName, amount: p.amount, reference: p.reference ?? null, reason: null }));
    },
    'payout.rejected': async (trx, event) => {
      const p = parsePayload('payout.rejected', event.payload);
      return toInstructor(trx, event, p.instructorId, (recipientName) => ({ kind: 'payout-rejected', recipientName, amount: p.amount, reference: null, reason: p.reason ?? null }));
    },
  };

  return {
    /** The consumer of `type`: in-app notification and queued mail, in the consumer's transaction. */
    notify(trx: Knex.Transaction, type: WatchedEventType, event: DomainEvent): Promise<Delivery> {
      return handlers[type](trx, event);
    },
    platform: platformOf,
  };
};

export type NotifierService = ReturnType<typeof createNotifierService>;

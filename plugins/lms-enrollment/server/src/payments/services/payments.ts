import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { getLmsCoreService, money, readJson, type EventActor, type Money } from '@lms/plugin-lms-core/server';
import type Stripe from 'stripe';
import type { Row } from '../../store';
import { isEnded } from '../../domain/enrollment';
import type { EnrollmentRecord } from '../../domain/types';
import { ENROLLMENTS_TABLE, SUBSCRIPTIONS_TABLE } from '../../migrations';
import { getService } from '../../utils';
import { applyPaymentFact, pendingAnnouncements, purchaseAccess, type PaymentFact, type PaymentFacts } from '../domain/payment';
import { fromStripeAmount } from '../domain/stripe-money';
import {
  checkoutFact,
  disputeFact,
  invoiceSubscription,
  invoiceSubscriptionFact,
  invoiceTax,
  lmsReference,
  refundFact,
  sessionSummary,
  subscriptionFact,
  type CheckoutEventType,
} from '../domain/stripe-objects';
import { applySubscriptionFact, type SubscriptionFact } from '../domain/subscription';
import { PAYMENTS_TABLE, STRIPE_EVENTS_TABLE } from '../migrations';
import { factColumns, lockPurchaseRow, lockSubscription, subscriptionColumns, toPaymentRecord, type PaymentRecord } from '../store';
import '../events';

/** Who ends or re-opens enrollments on Stripe's word (kept in lms_enrollments.ended_by). */
export const STRIPE_ACTOR: EventActor = { type: 'webhook', id: 'stripe' };
const STRIPE_ACTOR_LABEL = 'webhook:stripe';

/**
 * Applies stored Stripe events (the `stripe.event.received` consumer). Every method runs in the
 * consumer's transaction, which also holds lms-core's "consumed" mark, so a redelivery is a
 * no-op; rows a fact touches are locked first, so two events about one payment apply one after
 * the other. Each handler merges the event's fact into accumulated state and then brings the
 * enrollment and the money events in line with that state (see domain/payment, domain/subscription).
 */
export const createPaymentsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const events = () => getLmsCoreService(strapi, 'events');
  const enrollments = () => getService(strapi, 'enrollments');

  const service = {
    /** Applies one stored event; returns what it did (also written to lms_stripe_events.outcome). */
    async applyStoredEvent(trx: Knex.Transaction, stripeEventId: string): Promise<string> {
      const row = (await trx(STRIPE_EVENTS_TABLE).where({ event_id: stripeEventId }).first()) as Row | undefined;
      if (!row) throw new Error(`Stripe event ${stripeEventId} is not in ${STRIPE_EVENTS_TABLE}; it is stored before it is announced, so this is a bug`);
      const event = readJson<Stripe.Event>(row.payload);
      const outcome = await service.applyEvent(trx, event);
      await trx(STRIPE_EVENTS_TABLE).where({ event_id: stripeEventId }).update({ processed_at: new Date(), outcome });
      strapi.log.debug(`lms-enrollment: Stripe ${event.type} ${event.id}: ${outcome}`);
      return outcome;
    },

    async applyEvent(trx: Knex.Transaction, event: Stripe.Event): Promise<string> {
      switch (event.type) {
        case 'checkout.session.completed':
        case 'checkout.session.async_payment_succeeded':
        case 'checkout.session.async_payment_failed':
          return service.applyCheckoutSession(trx, event.type, event.data.object, event.created);
        case 'charge.refunded':
          return service.applyPurchaseFact(trx, refundFact(event.data.object));
        case 'charge.dispute.created':
        case 'charge.dispute.closed':
          return service.applyPurchaseFact(trx, disputeFact(event.data.object, event.created));
        case 'customer.subscription.updated':
        case 'customer.subscription.deleted':
          return service.applySubscription(trx, subscriptionFact(event.data.object, event.created));
        case 'invoice.paid':
          return service.applyInvoicePaid(trx, event.data.object, event.created);
        default:
          return `ignored: "${event.type}" is not a type this platform acts on`;
      }
    },

    // ------------------------------------------------------------------------- purchases

    async applyCheckoutSession(trx: Knex.Transaction, type: CheckoutEventType, session: Stripe.Checkout.Session, created: number): Promise<string> {
      const summary = sessionSummary(session);
      if (!summary.reference) return `ignored: session ${session.id} carries no lms_user/lms_course metadata; not started by this platform`;
      if (summary.mode === 'subscription') return service.applySubscriptionCheckout(trx, type, session, created);
      const fact = checkoutFact(type, session);
      if (!fact) return `ignored: session ${session.id} (mode ${session.mode}) has no amount to record`;
      return service.applyPurchaseFact(trx, fact);
    },

    /** Merges a fact into its payment row, then announces and settles access from the merged state. */
    async applyPurchaseFact(trx: Knex.Transaction, fact: PaymentFact): Promise<string> {
      const now = new Date();
      const record = await lockPurchaseRow(
        trx,
        {
          paymentIntentId: fact.paymentIntentId,
          chargeId: fact.kind === 'checkout' ? null : fact.chargeId,
          checkoutSessionId: fact.kind === 'checkout' ? fact.sessionId : null,
        },
        now,
      );
      if (!record) return `ignored: the ${fact.kind} names no PaymentIntent, session or charge`;
      const facts = applyPaymentFact(record.facts, fact);
      const [row] = (await trx(PAYMENTS_TABLE)
        .where({ id: record.id })
        .update({ ...factColumns(facts), paid_at: record.paidAt ?? (facts.status === 'paid' ? now : null), updated_at: now })
        .returning('*')) as Row[];
      return service.settlePurchase(trx, toPaymentRecord(row as Row), now);
    },

    /** Emits the money events not yet announced, then makes the enrollment match the facts. */
    async settlePurchase(trx: Knex.Transaction, record: PaymentRecord, now: Date): Promise<string> {
      const { facts } = record;
      const done: string[] = [];
      const todo = pendingAnnouncements(facts, record.announced);
      if (todo.succeeded) {
        const fee = await service.lookupFee(facts.paymentIntentId);
        await trx(PAYMENTS_TABLE)
          .where({ id: record.id })
          .update({
            succeeded_announced_at: now,
            fee: fee?.fee.amount ?? null,
            fee_currency: fee?.fee.currency ?? null,
            ...(fee?.chargeId && !facts.chargeId ? { charge_id: fee.chargeId } : {}),
          });
        await service.announceSucceeded(trx, record, fee?.fee ?? null, record.paidAt ?? now);
        done.push('announced payment.succeeded');
      }
      // Everything announced as returned so far; each new fact adds to it.
      let returned = record.announced.refunded + (record.announced.chargeback ? (facts.dispute?.amount ?? 0) : 0);
      if (todo.refundDelta > 0) {
        returned += todo.refundDelta;
        await trx(PAYMENTS_TABLE).where({ id: record.id }).update({ refund_announced: record.announced.refunded + todo.refundDelta });
        await service.announceReturned(trx, record, 'refund', todo.refundDelta, returned, now);
        done.push(`announced refund of ${todo.refundDelta}`);
      }
      if (todo.chargeback > 0) {
        returned += todo.chargeback;
        await trx(PAYMENTS_TABLE).where({ id: record.id }).update({ chargeback_announced_at: now });
        await service.announceReturned(trx, record, 'chargeback', todo.chargeback, returned, now);
        done.push(`announced chargeback of ${todo.chargeback}`);
      }
      done.push(await service.settlePurchaseAccess(trx, facts));
      return done.join('; ');
    },

    async announceSucceeded(trx: Knex.Transaction, record: PaymentRecord, fee: Money | null, paidAt: Date): Promise<void> {
      const f = record.facts as PaymentFacts & { userId: number; courseDocumentId: string; currency: string; amountGross: number };
      await events().emit(trx, {
        type: 'payment.succeeded',
        payload: {
          paymentId: record.id,
          learnerId: f.userId,
          courseId: f.courseDocumentId,
          kind: 'purchase',
          gross: fromStripeAmount(f.amountGross, f.currency),
          tax: fromStripeAmount(f.amountTax ?? 0, f.currency),
          fee,
          provider: 'stripe',
          providerReference: f.paymentIntentId ?? f.checkoutSessionId ?? `payment:${record.id}`,
          paidAt: paidAt.toISOString(),
        },
        actor: STRIPE_ACTOR,
      });
    },

    async announceReturned(trx: Knex.Transaction, record: PaymentRecord, cause: 'refund' | 'chargeback', amount: number, totalReturned: number, at: Date): Promise<void> {
      // userId is null when the buyer erased their account after the sale (decision 036).
      const f = record.facts as PaymentFacts & { courseDocumentId: string; currency: string; amountGross: number };
      await events().emit(trx, {
        type: 'payment.refunded',
        payload: {
          paymentId: record.id,
          learnerId: f.userId,
          courseId: f.courseDocumentId,
          kind: 'purchase',
          amount: fromStripeAmount(amount, f.currency),
          totalReturned: fromStripeAmount(totalReturned, f.currency),
          gross: fromStripeAmount(f.amountGross, f.currency),
          full: totalReturned >= f.amountGross,
          cause,
          provider: 'stripe',
          providerReference: f.paymentIntentId ?? f.checkoutSessionId ?? `payment:${record.id}`,
          refundedAt: at.toISOString(),
        },
        actor: STRIPE_ACTOR,
      });
    },

    /**
     * Stripe's fee for the payment, from the charge's balance transaction (in the account's
     * settlement currency). Null when Stripe is not configured or the objects are unknown to it;
     * other failures throw, so the event is retried rather than announced without a fee.
     */
    async lookupFee(paymentIntentId: string | null): Promise<{ fee: Money; chargeId: string } | null> {
      const stripe = getService(strapi, 'stripe').client();
      if (!stripe || !paymentIntentId) return null;
      try {
        const intent = await stripe.paymentIntents.retrieve(paymentIntentId, { expand: ['latest_charge.balance_transaction'] });
        const charge = intent.latest_charge;
        if (!charge || typeof charge === 'string') return null;
        const balance = charge.balance_transaction;
        if (!balance || typeof balance === 'string') return null;
        return { fee: money(balance.fee, balance.currency.toUpperCase()), chargeId: charge.id };
      } catch (error) {
        if ((error as { code?: string }).code === 'resource_missing') return null;
        throw error;
      }
    },

    /** Grants, keeps, or ends the learner's enrollment so it matches the payment's facts. */
    async settlePurchaseAccess(trx: Knex.Transaction, facts: PaymentFacts): Promise<string> {
      const access = purchaseAccess(facts);
      if (access === 'none' || facts.userId === null || facts.courseDocumentId === null) {
        return facts.status === 'failed' ? 'payment failed; no access' : 'access unchanged (payment not completed yet)';
      }
      const userId = facts.userId;
      const courseDocumentId = facts.courseDocumentId;
      const sourceRef = facts.checkoutSessionId;
      const existing = await enrollments().findEnrollment(userId, courseDocumentId, trx);
      const ours = existing !== null && existing.source === 'purchase' && existing.sourceRef === sourceRef;

      if (access === 'open') {
        if (existing && !isEnded(existing.status)) return `enrollment ${existing.id} already open`;
        if (existing?.status === 'revoked' && !(ours && existing.endedBy === STRIPE_ACTOR_LABEL)) {
          return `enrollment ${existing.id} stays revoked: it was revoked by ${existing.endedBy ?? 'an admin'}, not by a dispute`;
        }
        const { enrollment } = await enrollments().grantEnrollment({ userId, courseDocumentId, source: 'purchase', sourceRef, actor: STRIPE_ACTOR }, trx);
        return `granted enrollment ${enrollment.id}`;
      }

      const reason =
        access === 'refunded'
          ? `payment refunded in full (${facts.paymentIntentId ?? sourceRef})`
          : `payment disputed (${facts.dispute?.id}, ${facts.dispute?.status})`;
      if (existing && !ours) {
        return isEnded(existing.status)
          ? `enrollment ${existing.id} already ended (${existing.status})`
          : `enrollment ${existing.id} left open: it was granted by ${existing.source}${existing.sourceRef ? ` ${existing.sourceRef}` : ''}, not by this payment`;
      }
      if (!existing) {
        // The refund or dispute arrived before the completed checkout: the learner's record
        // shows the purchase and how it ended.
        await enrollments().grantEnrollment({ userId, courseDocumentId, source: 'purchase', sourceRef, actor: STRIPE_ACTOR }, trx);
      }
      const ended = (await enrollments().endEnrollment({ userId, courseDocumentId, status: access, reason, actor: STRIPE_ACTOR }, trx)) as EnrollmentRecord;
      return `enrollment ${ended.id} ${access}`;
    },

    // ------------------------------------------------------------------------- subscriptions

    /** A completed subscription checkout: the subscription is active, and the course it was bought from opens. */
    async applySubscriptionCheckout(trx: Knex.Transaction, type: CheckoutEventType, session: Stripe.Checkout.Session, created: number): Promise<string> {
      const summary = sessionSummary(session);
      const reference = summary.reference as { userId: number; courseDocumentId: string };
      if (type !== 'checkout.session.completed' || !summary.subscriptionId || !summary.customerId) {
        return `ignored: ${type} of subscription session ${session.id} changes nothing (invoice and subscription events do)`;
      }
      if (session.payment_status !== 'paid' && session.payment_status !== 'no_payment_required') {
        return `subscription session ${session.id} completed unpaid; waiting for invoice.paid`;
      }
      const subscription = await service.applySubscription(trx, {
        subscriptionId: summary.subscriptionId,
        customerId: summary.customerId,
        userId: reference.userId,
        status: 'active',
        currentPeriodEnd: null,
        eventCreated: created,
        periodAuthoritative: false,
      });
      if (!(await enrollments().hasActiveSubscription(reference.userId, trx))) return `${subscription}; course not opened: no active subscription`;
      const granted = await service.grantUnlessRevoked(trx, reference.userId, reference.courseDocumentId, 'subscription', summary.subscriptionId);
      return `${subscription}; ${granted}`;
    },

    /** Applies a subscription fact if it is newer than what is stored, then lets enrollments follow. */
    async applySubscription(trx: Knex.Transaction, fact: SubscriptionFact): Promise<string> {
      const now = new Date();
      let current = await lockSubscription(trx, fact.subscriptionId);
      let change = applySubscriptionFact(current, fact);
      if (change.kind === 'insert') {
        const inserted = (await trx(SUBSCRIPTIONS_TABLE)
          .insert({ stripe_subscription_id: fact.subscriptionId, ...subscriptionColumns(change.state), created_at: now, updated_at: now })
          .onConflict('stripe_subscription_id')
          .ignore()
          .returning('id')) as unknown[];
        if (inserted.length === 0) {
          // Another event about the same new subscription inserted it first: apply on top of it.
          current = await lockSubscription(trx, fact.subscriptionId);
          change = applySubscriptionFact(current, fact);
        }
      }
      if (change.kind === 'update') {
        await trx(SUBSCRIPTIONS_TABLE)
          .where({ stripe_subscription_id: fact.subscriptionId })
          .update({ ...subscriptionColumns(change.state), updated_at: now });
      }
      if (change.kind === 'ignore') return `subscription ${fact.subscriptionId} unchanged (${change.reason})`;
      const follow = await service.syncSubscriptionEnrollments(trx, change.state.userId);
      return `subscription ${fact.subscriptionId} ${change.state.status}${follow ? `; ${follow}` : ''}`;
    },

    /**
     * Subscription courses are open while the learner has an active subscription: when none is
     * left, their subscription enrollments expire; when one is active again, the ones that
     * expired that way re-open.
     */
    async syncSubscriptionEnrollments(trx: Knex.Transaction, userId: number): Promise<string> {
      const active = await enrollments().hasActiveSubscription(userId, trx);
      const rows = (await trx(ENROLLMENTS_TABLE).where({ user_id: userId, source: 'subscription' }).select('course_document_id', 'status', 'ended_by')) as Array<{
        course_document_id: string;
        status: string;
        ended_by: string | null;
      }>;
      const changed: string[] = [];
      for (const row of rows) {
        if (!active && (row.status === 'active' || row.status === 'completed')) {
          await enrollments().endEnrollment(
            { userId, courseDocumentId: row.course_document_id, status: 'expired', reason: 'the subscription is no longer active', actor: STRIPE_ACTOR },
            trx,
          );
          changed.push(`expired ${row.course_document_id}`);
        } else if (active && row.status === 'expired' && row.ended_by === STRIPE_ACTOR_LABEL) {
          await enrollments().grantEnrollment({ userId, courseDocumentId: row.course_document_id, source: 'subscription', actor: STRIPE_ACTOR }, trx);
          changed.push(`re-opened ${row.course_document_id}`);
        }
      }
      return changed.join(', ');
    },

    /** invoice.paid: the subscription is paid up to the invoiced period's end; the payment is announced once. */
    async applyInvoicePaid(trx: Knex.Transaction, invoice: Stripe.Invoice, created: number): Promise<string> {
      const fact = invoiceSubscriptionFact(invoice, created);
      if (!fact) return `ignored: invoice ${invoice.id} belongs to no subscription`;
      const subscription = await service.applySubscription(trx, fact);
      const reference = lmsReference(invoiceSubscription(invoice)?.metadata);
      if (!reference || invoice.amount_paid <= 0 || !invoice.id) return subscription;

      const now = new Date();
      const inserted = (await trx(PAYMENTS_TABLE)
        .insert({
          kind: 'subscription',
          invoice_id: invoice.id,
          subscription_id: fact.subscriptionId,
          user_id: reference.userId,
          course_document_id: reference.courseDocumentId,
          currency: invoice.currency,
          amount_gross: invoice.amount_paid,
          amount_tax: invoiceTax(invoice),
          status: 'paid',
          paid_at: now,
          succeeded_announced_at: now,
          created_at: now,
          updated_at: now,
        })
        .onConflict('invoice_id')
        .ignore()
        .returning('id')) as Array<{ id: number } | number>;
      if (inserted.length === 0) return `${subscription}; invoice ${invoice.id} already recorded`;
      const paymentId = Number(typeof inserted[0] === 'object' ? inserted[0].id : inserted[0]);
      const paidAt = invoice.status_transitions?.paid_at ? new Date(invoice.status_transitions.paid_at * 1000) : now;
      await events().emit(trx, {
        type: 'payment.succeeded',
        payload: {
          paymentId,
          learnerId: reference.userId,
          courseId: reference.courseDocumentId,
          kind: 'subscription',
          gross: fromStripeAmount(invoice.amount_paid, invoice.currency),
          tax: fromStripeAmount(invoiceTax(invoice), invoice.currency),
          // Reaching the fee needs the invoice's payments; not looked up for renewals yet.
          fee: null,
          provider: 'stripe',
          providerReference: invoice.id,
          paidAt: paidAt.toISOString(),
        },
        actor: STRIPE_ACTOR,
      });
      return `${subscription}; announced payment.succeeded for invoice ${invoice.id}`;
    },

    /** Opens a course unless someone other than Stripe's events revoked it. */
    async grantUnlessRevoked(trx: Knex.Transaction, userId: number, courseDocumentId: string, source: 'subscription' | 'purchase', sourceRef: string): Promise<string> {
      const existing = await enrollments().findEnrollment(userId, courseDocumentId, trx);
      if (existing && !isEnded(existing.status)) return `enrollment ${existing.id} already open`;
      if (existing?.status === 'revoked' && existing.endedBy !== STRIPE_ACTOR_LABEL) return `enrollment ${existing.id} stays revoked (by ${existing.endedBy ?? 'an admin'})`;
      const { enrollment } = await enrollments().grantEnrollment({ userId, courseDocumentId, source, sourceRef, actor: STRIPE_ACTOR }, trx);
      return `granted enrollment ${enrollment.id}`;
    },
  };
  return service;
};

export type PaymentsService = ReturnType<typeof createPaymentsService>;

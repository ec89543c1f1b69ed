import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { loadConfig } from '@lms/config';
import { StatusError, isPostgres, readDate } from '@lms/plugin-lms-core/server';
import { decryptText, encryptText, maskBankDetails, parseBankDetails, parseEncryptionKey, PayoutError, type BankDetails, type PayoutMethod } from '../domain';
import type { PayoutSettingsView } from '../contracts';
import { ACCOUNTS_TABLE, BANK_REVEALS_TABLE, PAYOUTS_TABLE } from '../migrations';
import { stripeClient } from '../adapters/stripe';

type Row = Record<string, unknown>;

export const notConfigured = (setting: string, what: string) =>
  new StatusError(503, 'ServiceUnavailableError', `${what} is not available: ${setting} is not set on the server`, { setting });

function encryptionKey(): Buffer {
  const raw = loadConfig().payouts.encryptionKey;
  if (!raw) throw notConfigured('LMS_PAYOUTS_ENCRYPTION_KEY', 'Storing bank details');
  return parseEncryptionKey(raw);
}

export function settingsView(row: Row | undefined): PayoutSettingsView {
  if (!row) return { method: null, stripe: null, bank: null };
  const bankAt = readDate(row.stripe_bank_payout_at);
  return {
    method: (row.method as PayoutMethod | null) ?? null,
    stripe: row.stripe_account_id
      ? {
          accountId: String(row.stripe_account_id),
          payoutsEnabled: Boolean(row.stripe_payouts_enabled),
          detailsSubmitted: Boolean(row.stripe_details_submitted),
          lastBankPayout: row.stripe_bank_payout_status
            ? { status: String(row.stripe_bank_payout_status), failure: (row.stripe_bank_payout_failure as string | null) ?? null, at: bankAt ? bankAt.toISOString() : '' }
            : null,
        }
      : null,
    bank: row.bank_details_masked ? { masked: String(row.bank_details_masked), updatedAt: (readDate(row.bank_updated_at) ?? new Date(0)).toISOString() } : null,
  };
}

/**
 * An instructor's payout settings: the Stripe Express account or the bank details (encrypted),
 * and which of the two pays them. The row is also the instructor's lock for payout requests.
 */
export const createAccountsService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  const service = {
    /** Creates the row if missing and locks it until `trx` ends (PostgreSQL; SQLite serialises writers). */
    async lock(trx: Knex.Transaction, instructorId: string, now: Date): Promise<Row> {
      await trx(ACCOUNTS_TABLE).insert({ instructor_id: instructorId, created_at: now, updated_at: now }).onConflict('instructor_id').ignore();
      const query = trx(ACCOUNTS_TABLE).where({ instructor_id: instructorId });
      if (isPostgres(trx)) query.forUpdate();
      return (await query.first()) as Row;
    },

    async find(instructorId: string): Promise<Row | undefined> {
      return (await knex()(ACCOUNTS_TABLE).where({ instructor_id: instructorId }).first()) as Row | undefined;
    },

    async settings(instructorId: string): Promise<PayoutSettingsView> {
      return settingsView(await service.find(instructorId));
    },

    /**
     * The full bank details behind an APPROVED bank payout, for the admin who pays it by hand.
     * Every reveal is recorded (payout, instructor, admin, time) in the same transaction and logged;
     * details of a payout not yet approved, already settled, or paid by Stripe are never shown.
     * The details are the instructor's current ones; `changedSinceRequest` says whether they differ
     * from the masked destination the request was made to.
     */
    async revealBankDetails(payoutId: string, adminId: number, now: Date): Promise<{ details: BankDetails; masked: string; destinationAtRequest: string; changedSinceRequest: boolean }> {
      const key = encryptionKey();
      return strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        const payout = (await trx(PAYOUTS_TABLE).where({ id: payoutId }).first()) as Row | undefined;
        if (!payout) throw new PayoutError('not-found', '', `payout "${payoutId}" was not found`);
        if (payout.method !== 'bank') throw new PayoutError('wrong-method', '', `payout ${payoutId} is paid by Stripe; it has no bank details to show`);
        if (payout.status !== 'approved') {
          throw new PayoutError('invalid-transition', '', `payout ${payoutId} is ${String(payout.status)}; bank details are shown only for an approved payout that is about to be paid`);
        }
        const instructorId = String(payout.instructor_id);
        const account = (await trx(ACCOUNTS_TABLE).where({ instructor_id: instructorId }).first()) as Row | undefined;
        if (!account?.bank_details_encrypted) throw new PayoutError('no-payout-method', '', `instructor ${instructorId} has no bank details stored any more; ask them to enter them again`);
        const details = JSON.parse(decryptText(key, String(account.bank_details_encrypted), instructorId)) as BankDetails;
        await trx(BANK_REVEALS_TABLE).insert({ payout_id: payoutId, instructor_id: instructorId, admin_id: adminId, revealed_at: now });
        strapi.log.info(`[lms-payouts] admin ${adminId} viewed the bank details of instructor ${instructorId} to pay payout ${payoutId}`);
        const masked = maskBankDetails(details);
        return { details, masked, destinationAtRequest: String(payout.destination), changedSinceRequest: masked !== String(payout.destination) };
      });
    },

    /** Validates, encrypts and stores bank details; bank transfer becomes the payout method. */
    async saveBankDetails(instructorId: string, input: Record<string, unknown>, now: Date): Promise<PayoutSettingsView> {
      const details = parseBankDetails(input);
      const encrypted = encryptText(encryptionKey(), JSON.stringify(details), instructorId);
      return strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        await service.lock(trx, instructorId, now);
        await trx(ACCOUNTS_TABLE)
          .where({ instructor_id: instructorId })
          .update({ method: 'bank', bank_details_encrypted: encrypted, bank_details_masked: maskBankDetails(details), bank_updated_at: now, updated_at: now });
        return settingsView((await trx(ACCOUNTS_TABLE).where({ instructor_id: instructorId }).first()) as Row);
      });
    },

    /**
     * Stripe Connect Express: creates the connected account once (idempotency key per
     * instructor), makes Stripe the payout method and returns a fresh onboarding link (links
     * expire within minutes, so one is made per click).
     */
    async startStripeOnboarding(instructorId: string, email: string | null, urls: { returnUrl: string; refreshUrl: string }, now: Date): Promise<{ url: string; accountId: string }> {
      const stripe = stripeClient();
      if (!stripe) throw notConfigured('STRIPE_SECRET_KEY', 'Stripe Connect onboarding');
      const existing = await service.find(instructorId);
      let accountId = (existing?.stripe_account_id as string | null | undefined) ?? null;
      if (!accountId) {
        const account = await stripe.accounts.create(
          {
            type: 'express',
            ...(email ? { email } : {}),
            capabilities: { transfers: { requested: true } },
            metadata: { lms_instructor: instructorId },
          },
          { idempotencyKey: `lms-payouts-account-${instructorId}` },
        );
        accountId = account.id;
      }
      await strapi.db.transaction(async ({ trx }: { trx: Knex.Transaction }) => {
        await service.lock(trx, instructorId, now);
        await trx(ACCOUNTS_TABLE).where({ instructor_id: instructorId }).update({ method: 'stripe', stripe_account_id: accountId, updated_at: now });
      });
      const link = await stripe.accountLinks.create({ account: accountId, type: 'account_onboarding', return_url: urls.returnUrl, refresh_url: urls.refreshUrl });
      return { url: link.url, accountId };
    },

    /** Switches between the two methods the instructor has set up. */
    async chooseMethod(instructorId: string, method: PayoutMethod, now: Date): Promise<PayoutSettingsView | null> {
      const row = await service.find(instructorId);
      if (method === 'bank' && !row?.bank_details_encrypted) return null;
      if (method === 'stripe' && !row?.stripe_account_id) return null;
      await knex()(ACCOUNTS_TABLE).where({ instructor_id: instructorId }).update({ method, updated_at: now });
      return service.settings(instructorId);
    },
  };
  return service;
};

export type AccountsService = ReturnType<typeof createAccountsService>;

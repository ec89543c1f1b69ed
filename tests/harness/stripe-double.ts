import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type Stripe from 'stripe';
import {
  balanceTransactionObject,
  chargeObject,
  checkoutSessionObject,
  invoiceObject,
  nowSeconds,
  paymentIntentObject,
  refundObject,
  stripeEvent,
  stripeId,
  stripeSignature,
  subscriptionObject,
} from './stripe-objects';

/**
 * A small local Stripe for the tests, speaking Stripe's wire format to the official SDK (pointed
 * here with its host/port/protocol options): form-encoded requests in bracket notation, JSON
 * responses in Stripe's object shapes, Stripe's error JSON, `Authorization: Bearer sk_test_…`.
 *
 * API: POST/GET /v1/checkout/sessions[/:id], GET /v1/payment_intents/:id, GET /v1/charges/:id,
 * GET /v1/balance_transactions/:id, POST /v1/refunds, GET/DELETE /v1/subscriptions/:id, all with
 * `expand[]`. Hosted Checkout: GET /c/pay/:id shows the session with a Pay button (a plain HTML
 * form); POST /c/pay/:id marks it paid, creates the PaymentIntent, charge and balance transaction
 * (or customer, subscription and invoice), delivers correctly signed `checkout.session.completed`
 * (and `invoice.paid`) events to the configured webhook URL, and redirects to the success_url.
 * Refunds and subscription cancellations deliver `charge.refunded` / `customer.subscription.deleted`.
 *
 * Test control (not Stripe's): GET /__double/requests[?path=/v1/…] (what our code sent),
 * GET /__double/deliveries, POST /__double/webhook-url {url}, POST /__double/objects {object}.
 *
 * Connect (lms-payouts): POST/GET /v1/accounts[/:id] (Express accounts), POST /v1/account_links
 * (the link opens GET /connect/onboard/:acct, a page whose button completes onboarding and
 * redirects to return_url), POST/GET /v1/transfers[/:id]. Every POST honours `Idempotency-Key`
 * like Stripe: the same key with the same parameters answers the first response again (the same
 * object, or the same error); with other parameters it is a 400 `idempotency_error`. Events about
 * accounts, transfers and payouts go to a second endpoint (lms-payouts' own) signed with its own
 * secret (`connectWebhookSecret`): `account.updated` on onboarding, `transfer.created` on a
 * transfer. Control: POST /__double/connect-webhook-url {url}, POST /__double/accounts/:id/onboard,
 * POST /__double/transfer-failures {destination, code, message} (the next transfers to that
 * account fail as Stripe refuses them), POST /__double/connect-events {type, object, account?}
 * (deliver any signed event, e.g. transfer.reversed or payout.failed).
 * Test files reach it over HTTP because it runs in the vitest global setup's process.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  /** Query and form body decoded from bracket notation (values are strings, as Stripe reads them). */
  query: Record<string, unknown>;
  body: Record<string, unknown>;
  headers: { authorization?: string; 'stripe-version'?: string; 'idempotency-key'?: string; 'content-type'?: string };
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  url: string;
  status: number;
  response: string;
}

export interface StripeDouble {
  /** http://127.0.0.1:<port> */
  url: string;
  host: string;
  port: number;
  secretKey: string;
  webhookSecret: string;
  /** Signs events delivered to lms-payouts' endpoint (STRIPE_CONNECT_WEBHOOK_SECRET). */
  connectWebhookSecret: string;
  setWebhookUrl(url: string): void;
  setConnectWebhookUrl(url: string): void;
  stop(): Promise<void>;
}

/** The fee this double's Stripe keeps: 2.9 % + 30 minor units, rounded half up. */
export const doubleFee = (amount: number): number => Math.round((amount * 29) / 1000) + 30;

class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: { type: string; message: string; code?: string; param?: string },
  ) {
    super(body.message);
  }
}

const invalid = (message: string, param?: string, code?: string) =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...(param ? { param } : {}), ...(code ? { code } : {}) });
const missing = (what: string, id: string) => new StripeApiError(404, { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${what}: '${id}'`, param: 'id' });

/** Decodes `a[b][0][c]=v&expand[0]=x` into nested objects and arrays. */
export function parseStripeForm(text: string): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const head = /^[^[]+/.exec(key)?.[0];
    if (!head) continue;
    const parts = [head, ...[...key.slice(head.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] as string)];
    let node: Record<string, unknown> | unknown[] = root;
    parts.forEach((part, i) => {
      const last = i === parts.length - 1;
      const container = node as Record<string, unknown>;
      const slot = part === '' && Array.isArray(node) ? String(node.length) : part;
      if (last) {
        container[slot] = value;
        return;
      }
      const nextIsIndex = /^\d*$/.test(parts[i + 1] as string);
      container[slot] ??= nextIsIndex ? [] : {};
      node = container[slot] as Record<string, unknown>;
    });
  }
  return root;
}

/** Parameters compared by value, whatever order they were encoded in. */
const canonical = (value: unknown): string =>
  Array.isArray(value) ? `[${value.map(canonical).join(',')}]` : typeof value === 'object' && value !== null ? `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(value);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startStripeDouble(options: { secretKey?: string; webhookSecret?: string; webhookUrl?: string } = {}): Promise<StripeDouble> {
  const secretKey = options.secretKey ?? `sk_test_${crypto.randomBytes(16).toString('hex')}`;
  const webhookSecret = options.webhookSecret ?? `whsec_${crypto.randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`;
  const connectWebhookSecret = `whsec_${crypto.randomBytes(24).toString('base64url').replace(/[-_]/g, 'x')}`;
  let webhookUrl = options.webhookUrl ?? '';
  let connectWebhookUrl = '';
  /** Idempotency-Key → the parameters and the answer of its first request. */
  const idempotent = new Map<string, { params: string; status: number; body: unknown }>();
  /** Destination account → the error its next transfers fail with. */
  const transferFailures = new Map<string, { code: string; message: string }>();
  const objects = new Map<string, Record<string, unknown>>();
  /** Per session: what was asked for at creation that the session object does not show. */
  const sessionExtras = new Map<string, { lineItems: Array<Record<string, unknown>>; intentMetadata: Record<string, string>; subscriptionMetadata: Record<string, string> }>();
  const requests: RecordedRequest[] = [];
  const deliveries: WebhookDelivery[] = [];
  let base = '';

  const put = <T>(object: T): T => {
    objects.set((object as { id: string }).id, object as Record<string, unknown>);
    return object;
  };
  const get = (what: string, id: string, prefix: string): Record<string, unknown> => {
    const found = objects.get(id);
    if (!found || !id.startsWith(prefix)) throw missing(what, id);
    return found;
  };

  /** Replaces ids by objects along each `expand[]` path ("latest_charge.balance_transaction"). */
  const expand = (object: Record<string, unknown>, paths: unknown): Record<string, unknown> => {
    const copy = structuredClone(object);
    for (const p of Array.isArray(paths) ? paths : []) {
      let node: Record<string, unknown> = copy;
      for (const field of String(p).split('.')) {
        const value = node[field];
        if (typeof value === 'string') {
          const target = objects.get(value);
          if (!target) throw invalid(`This property cannot be expanded (${p}).`, 'expand');
          node[field] = structuredClone(target);
        }
        if (!isObject(node[field])) break;
        node = node[field] as Record<string, unknown>;
      }
    }
    return copy;
  };

  async function deliver(event: Stripe.Event, to: 'payments' | 'connect' = 'payments'): Promise<void> {
    const url = to === 'connect' ? connectWebhookUrl : webhookUrl;
    if (!url) return;
    const payload = JSON.stringify(event, null, 2);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': stripeSignature(payload, to === 'connect' ? connectWebhookSecret : webhookSecret),
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
      });
      deliveries.push({ eventId: event.id, type: event.type, url, status: res.status, response: await res.text() });
    } catch (error) {
      deliveries.push({ eventId: event.id, type: event.type, url, status: 0, response: String(error) });
    }
  }

  /** A signed event to lms-payouts' endpoint; `account` marks an event of a connected account. */
  async function deliverConnect(type: string, object: { object?: string }, account?: string): Promise<void> {
    const event = stripeEvent(type, structuredClone(object)) as Stripe.Event & { account?: string };
    if (account) event.account = account;
    await deliver(put(event), 'connect');
  }

  // ------------------------------------------------------------------------------ Connect

  function createAccount(body: Record<string, unknown>): Record<string, unknown> {
    const type = str(body.type) ?? (isObject(body.controller) ? 'express' : undefined);
    if (type !== 'express') throw invalid('This double creates Express accounts only: pass type=express.', 'type');
    return put({
      id: stripeId('acct'),
      object: 'account',
      type: 'express',
      email: str(body.email) ?? null,
      country: str(body.country) ?? 'ZA',
      default_currency: 'zar',
      metadata: (isObject(body.metadata) ? body.metadata : {}) as Record<string, string>,
      business_type: str(body.business_type) ?? null,
      capabilities: { transfers: 'inactive' },
      charges_enabled: false,
      payouts_enabled: false,
      details_submitted: false,
      requirements: { currently_due: ['external_account', 'individual.dob.day', 'tos_acceptance.date'], disabled_reason: 'requirements.past_due', errors: [] },
      created: nowSeconds(),
      livemode: false,
    });
  }

  function createAccountLink(body: Record<string, unknown>): Record<string, unknown> {
    const account = get('account', str(body.account) ?? '', 'acct_');
    if (str(body.type) !== 'account_onboarding' && str(body.type) !== 'account_update') throw invalid('Invalid type: must be one of account_onboarding or account_update', 'type');
    for (const field of ['refresh_url', 'return_url']) {
      if (!str(body[field])) throw invalid(`Missing required param: ${field}.`, field);
    }
    const id = String(account.id);
    linkTargets.set(id, { returnUrl: String(body.return_url), refreshUrl: String(body.refresh_url) });
    return { object: 'account_link', created: nowSeconds(), expires_at: nowSeconds() + 300, url: `${base}/connect/onboard/${id}` };
  }
  const linkTargets = new Map<string, { returnUrl: string; refreshUrl: string }>();

  async function onboard(id: string): Promise<Record<string, unknown>> {
    const account = get('account', id, 'acct_');
    Object.assign(account, {
      capabilities: { transfers: 'active' },
      charges_enabled: true,
      payouts_enabled: true,
      details_submitted: true,
      requirements: { currently_due: [], disabled_reason: null, errors: [] },
    });
    await deliverConnect('account.updated', account, id);
    return account;
  }

  async function createTransfer(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const amount = str(body.amount);
    if (!amount || !/^\d+$/.test(amount) || Number(amount) < 1) throw invalid(`Invalid positive integer`, 'amount');
    const currency = str(body.currency);
    if (!currency || !/^[a-z]{3}$/.test(currency)) throw invalid(`Invalid currency: ${currency ?? '(missing)'}`, 'currency');
    const destination = str(body.destination);
    if (!destination) throw invalid('Missing required param: destination.', 'destination');
    const account = get('account', destination, 'acct_');
    if ((account.capabilities as { transfers?: string }).transfers !== 'active') {
      throw invalid(
        'Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments',
        'destination',
        'insufficient_capabilities_for_transfer',
      );
    }
    const failure = transferFailures.get(destination);
    if (failure) throw invalid(failure.message, undefined, failure.code);
    const transfer = put({
      id: stripeId('tr'),
      object: 'transfer',
      amount: Number(amount),
      amount_reversed: 0,
      balance_transaction: stripeId('txn'),
      created: nowSeconds(),
      currency,
      description: str(body.description) ?? null,
      destination,
      destination_payment: stripeId('py'),
      livemode: false,
      metadata: (isObject(body.metadata) ? body.metadata : {}) as Record<string, string>,
      reversals: { object: 'list', data: [], has_more: false, total_count: 0, url: '/v1/transfers/reversals' },
      reversed: false,
      source_transaction: null,
      source_type: 'card',
      transfer_group: str(body.transfer_group) ?? null,
    });
    // Like Stripe, the event is sent after the API has answered, not before.
    setTimeout(() => void deliverConnect('transfer.created', transfer), 50);
    return transfer;
  }

  // ------------------------------------------------------------------------------ API

  function createSession(body: Record<string, unknown>): Stripe.Checkout.Session {
    const mode = str(body.mode);
    if (!mode) throw invalid('Missing required param: mode.', 'mode');
    if (mode !== 'payment' && mode !== 'subscription') throw invalid(`Invalid mode: must be one of payment, setup, or subscription (this double serves payment and subscription)`, 'mode');
    if (!str(body.success_url)) throw invalid('Missing required param: success_url.', 'success_url');
    const items = Array.isArray(body.line_items) ? (body.line_items as unknown[]) : [];
    if (items.length === 0) throw invalid('Missing required param: line_items.', 'line_items');
    let currency = '';
    let total = 0;
    items.forEach((raw, i) => {
      const item = isObject(raw) ? raw : {};
      const priceData = isObject(item.price_data) ? item.price_data : null;
      if (!priceData) throw invalid(`Missing required param: line_items[${i}][price_data] (this double has no stored prices).`, `line_items[${i}][price_data]`);
      const unit = str(priceData.unit_amount);
      if (!unit || !/^\d+$/.test(unit)) throw invalid(`Invalid integer: ${unit ?? '(missing)'}`, `line_items[${i}][price_data][unit_amount]`);
      const cur = str(priceData.currency);
      if (!cur || !/^[a-z]{3}$/.test(cur)) throw invalid(`Invalid currency: ${cur ?? '(missing)'}`, `line_items[${i}][price_data][currency]`);
      if (!isObject(priceData.product_data) || !str(priceData.product_data.name)) throw invalid('Missing required param: product_data[name].', `line_items[${i}][price_data][product_data][name]`);
      const recurring = isObject(priceData.recurring) ? priceData.recurring : null;
      if (mode === 'subscription' && !recurring) throw invalid('You must provide at least one recurring price in `subscription` mode when using prices.', `line_items[${i}][price_data][recurring]`);
      if (mode === 'payment' && recurring) throw invalid('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', 'line_items');
      if (recurring && !['day', 'week', 'month', 'year'].includes(str(recurring.interval) ?? '')) throw invalid('Invalid interval', `line_items[${i}][price_data][recurring][interval]`);
      const quantity = Number(str(item.quantity) ?? '1');
      if (!Number.isInteger(quantity) || quantity < 1) throw invalid('Invalid positive integer', `line_items[${i}][quantity]`);
      if (currency && cur !== currency) throw invalid('All line items must have the same currency.', 'line_items');
      currency = cur;
      total += Number(unit) * quantity;
    });
    const metadata = (isObject(body.metadata) ? body.metadata : {}) as Record<string, string>;
    const session = checkoutSessionObject({
      amount: total,
      currency,
      mode,
      paymentIntent: null,
      paymentStatus: 'unpaid',
      status: 'open',
      metadata,
    }) as unknown as Record<string, unknown>;
    session.client_reference_id = str(body.client_reference_id) ?? null;
    session.customer_email = str(body.customer_email) ?? null;
    session.success_url = body.success_url;
    session.cancel_url = str(body.cancel_url) ?? null;
    session.url = `${base}/c/pay/${String(session.id)}`;
    sessionExtras.set(String(session.id), {
      lineItems: items as Array<Record<string, unknown>>,
      intentMetadata: (isObject(body.payment_intent_data) && isObject(body.payment_intent_data.metadata) ? body.payment_intent_data.metadata : {}) as Record<string, string>,
      subscriptionMetadata: (isObject(body.subscription_data) && isObject(body.subscription_data.metadata) ? body.subscription_data.metadata : {}) as Record<string, string>,
    });
    return put(session) as unknown as Stripe.Checkout.Session;
  }

  /** The learner pressed Pay: what Stripe does when a card payment succeeds. */
  async function paySession(id: string): Promise<string> {
    const session = get('checkout.session', id, 'cs_');
    if (session.status !== 'open') throw invalid(`This Checkout Session is ${String(session.status)}.`, undefined, 'checkout_session_not_open');
    const extras = sessionExtras.get(id);
    const amount = Number(session.amount_total);
    const currency = String(session.currency);
    const events: Stripe.Event[] = [];
    session.status = 'complete';
    session.payment_status = 'paid';
    session.customer_details = { email: session.customer_email, name: 'Test Learner', phone: null, address: null, tax_exempt: 'none', tax_ids: [] };
    if (session.mode === 'payment') {
      const intentId = stripeId('pi');
      const charge = put(chargeObject({ paymentIntent: intentId, amount, currency, metadata: extras?.intentMetadata ?? {} }));
      put(balanceTransactionObject({ id: String(charge.balance_transaction), chargeId: charge.id, amount, currency, fee: doubleFee(amount) }));
      put(paymentIntentObject({ id: intentId, amount, currency, latestCharge: charge.id, metadata: extras?.intentMetadata ?? {} }));
      session.payment_intent = intentId;
      events.push(stripeEvent('checkout.session.completed', structuredClone(session)));
    } else {
      const customer = stripeId('cus');
      const periodEnd = nowSeconds() + 30 * 86_400;
      const subscriptionId = stripeId('sub');
      const invoice = put(
        invoiceObject({ customer, subscription: subscriptionId, subscriptionMetadata: extras?.subscriptionMetadata ?? {}, amountPaid: amount, currency, periodEnd }),
      );
      put(subscriptionObject({ id: subscriptionId, customer, status: 'active', periodEnd, amount, currency, metadata: extras?.subscriptionMetadata ?? {}, latestInvoice: invoice.id }));
      session.customer = customer;
      session.subscription = subscriptionId;
      session.invoice = invoice.id;
      events.push(stripeEvent('checkout.session.completed', structuredClone(session)), stripeEvent('invoice.paid', structuredClone(invoice)));
    }
    for (const event of events) await deliver(put(event));
    return String(session.success_url).replace('{CHECKOUT_SESSION_ID}', id);
  }

  async function createRefund(body: Record<string, unknown>): Promise<Stripe.Refund> {
    const chargeRef = str(body.charge);
    const intentRef = str(body.payment_intent);
    if (!chargeRef && !intentRef) throw invalid('One of `charge` or `payment_intent` is required.', 'charge');
    const chargeId = chargeRef ?? String(get('payment_intent', intentRef as string, 'pi_').latest_charge);
    const charge = get('charge', chargeId, 'ch_');
    const remaining = Number(charge.amount) - Number(charge.amount_refunded);
    const amount = body.amount === undefined ? remaining : Number(str(body.amount));
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Invalid positive integer', 'amount');
    if (remaining <= 0) throw invalid(`Charge ${chargeId} has already been refunded.`, undefined, 'charge_already_refunded');
    if (amount > remaining) throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large');
    const refund = put(refundObject({ chargeId, paymentIntent: (charge.payment_intent as string | null) ?? null, amount, currency: String(charge.currency), reason: str(body.reason) ?? null }));
    charge.amount_refunded = Number(charge.amount_refunded) + amount;
    charge.refunded = charge.amount_refunded === charge.amount;
    (charge.refunds as { data: unknown[] }).data.unshift(refund);
    await deliver(put(stripeEvent('charge.refunded', structuredClone(charge))));
    return refund;
  }

  async function cancelSubscription(id: string): Promise<Record<string, unknown>> {
    const subscription = get('subscription', id, 'sub_');
    subscription.status = 'canceled';
    subscription.canceled_at = nowSeconds();
    subscription.ended_at = nowSeconds();
    await deliver(put(stripeEvent('customer.subscription.deleted', structuredClone(subscription))));
    return subscription;
  }

  async function api(method: string, path: string, query: Record<string, unknown>, body: Record<string, unknown>): Promise<unknown> {
    const route = `${method} ${path.replace(/\/(cs|pi|ch|txn|sub|acct|tr)_[A-Za-z0-9_]+/, '/:id')}`;
    const id = /\/((?:cs|pi|ch|txn|sub|acct|tr)_[A-Za-z0-9_]+)/.exec(path)?.[1] ?? '';
    const expandPaths = body.expand ?? query.expand;
    switch (route) {
      case 'POST /v1/checkout/sessions':
        return createSession(body);
      case 'GET /v1/checkout/sessions/:id':
        return expand(get('checkout.session', id, 'cs_'), expandPaths);
      case 'GET /v1/payment_intents/:id':
        return expand(get('payment_intent', id, 'pi_'), expandPaths);
      case 'GET /v1/charges/:id':
        return expand(get('charge', id, 'ch_'), expandPaths);
      case 'GET /v1/balance_transactions/:id':
        return expand(get('balance_transaction', id, 'txn_'), expandPaths);
      case 'POST /v1/refunds':
        return createRefund(body);
      case 'GET /v1/subscriptions/:id':
        return expand(get('subscription', id, 'sub_'), expandPaths);
      case 'DELETE /v1/subscriptions/:id':
        return cancelSubscription(id);
      case 'POST /v1/accounts':
        return createAccount(body);
      case 'GET /v1/accounts/:id':
        return expand(get('account', id, 'acct_'), expandPaths);
      case 'POST /v1/account_links':
        return createAccountLink(body);
      case 'POST /v1/transfers':
        return createTransfer(body);
      case 'GET /v1/transfers/:id':
        return expand(get('transfer', id, 'tr_'), expandPaths);
      default:
        throw new StripeApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.` });
    }
  }

  // ------------------------------------------------------------------------------ HTTP

  const readBody = (req: http.IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'request-id': `req_${crypto.randomBytes(8).toString('hex')}` });
    res.end(JSON.stringify(body));
  };

  function checkoutPage(session: Record<string, unknown>): string {
    const extras = sessionExtras.get(String(session.id));
    const names = (extras?.lineItems ?? []).map((i) => String((i.price_data as { product_data?: { name?: string } } | undefined)?.product_data?.name ?? 'Item'));
    const amount = `${(Number(session.amount_total) / 100).toFixed(2)} ${String(session.currency).toUpperCase()}`;
    const open = session.status === 'open';
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pay ${escapeHtml(amount)} · Stripe Checkout (test double)</title></head><body>
<main><h1>${escapeHtml(names.join(', '))}</h1><p id="amount">${escapeHtml(amount)}${session.mode === 'subscription' ? ' per month' : ''}</p>
${open ? `<form method="post" action="/c/pay/${escapeHtml(String(session.id))}"><button type="submit">Pay</button></form>` : `<p>This Checkout Session is ${escapeHtml(String(session.status))}.</p>`}
${session.cancel_url && open ? `<p><a href="${escapeHtml(String(session.cancel_url))}">Back</a></p>` : ''}</main></body></html>`;
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://double');
      const text = await readBody(req);
      try {
        if (url.pathname.startsWith('/__double/')) {
          if (req.method === 'GET' && url.pathname === '/__double/requests') {
            const prefix = url.searchParams.get('path');
            return json(res, 200, prefix ? requests.filter((r) => r.path.startsWith(prefix)) : requests);
          }
          if (req.method === 'GET' && url.pathname === '/__double/deliveries') return json(res, 200, deliveries);
          if (req.method === 'POST' && url.pathname === '/__double/webhook-url') {
            webhookUrl = String((JSON.parse(text) as { url: string }).url);
            return json(res, 200, { url: webhookUrl });
          }
          if (req.method === 'POST' && url.pathname === '/__double/connect-webhook-url') {
            connectWebhookUrl = String((JSON.parse(text) as { url: string }).url);
            return json(res, 200, { url: connectWebhookUrl });
          }
          const onboarding = /^\/__double\/accounts\/(acct_[A-Za-z0-9_]+)\/onboard$/.exec(url.pathname);
          if (req.method === 'POST' && onboarding) return json(res, 200, await onboard(onboarding[1] as string));
          if (req.method === 'POST' && url.pathname === '/__double/transfer-failures') {
            const { destination, code, message } = JSON.parse(text) as { destination: string; code?: string | null; message?: string };
            if (code === null) transferFailures.delete(destination);
            else transferFailures.set(destination, { code: code ?? 'balance_insufficient', message: message ?? 'You have insufficient available funds in your Stripe account.' });
            return json(res, 200, { destination, failing: transferFailures.has(destination) });
          }
          if (req.method === 'POST' && url.pathname === '/__double/connect-events') {
            const { type, object, account } = JSON.parse(text) as { type: string; object: { object?: string }; account?: string };
            await deliverConnect(type, object, account);
            return json(res, 200, { delivered: type });
          }
          if (req.method === 'POST' && url.pathname === '/__double/objects') {
            const { object } = JSON.parse(text) as { object: Record<string, unknown> };
            if (typeof object?.id !== 'string') return json(res, 400, { error: 'object.id is required' });
            put(object);
            return json(res, 200, { stored: object.id });
          }
          return json(res, 404, { error: `unknown control route ${req.method} ${url.pathname}` });
        }

        // Express onboarding, as the instructor sees it: one button, then back to return_url.
        const onboardPage = /^\/connect\/onboard\/(acct_[A-Za-z0-9_]+)$/.exec(url.pathname);
        if (onboardPage) {
          const id = onboardPage[1] as string;
          const target = linkTargets.get(id);
          if (!objects.has(id) || !target) {
            res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
            return res.end('<!doctype html><title>Not found</title><p>This onboarding link is not valid.</p>');
          }
          if (req.method === 'POST') {
            await onboard(id);
            res.writeHead(303, { location: target.returnUrl });
            return res.end();
          }
          res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          return res.end(
            `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Stripe Express onboarding (test double)</title></head><body><main><h1>Set up payouts</h1><form method="post" action="/connect/onboard/${escapeHtml(id)}"><button type="submit">Complete onboarding</button></form></main></body></html>`,
          );
        }

        const pay = /^\/c\/pay\/(cs_[A-Za-z0-9_]+)$/.exec(url.pathname);
        if (pay) {
          const id = pay[1] as string;
          if (req.method === 'GET') {
            const session = objects.get(id);
            res.writeHead(session ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
            return res.end(session ? checkoutPage(session) : '<!doctype html><title>Not found</title><p>Something went wrong: this Checkout Session does not exist.</p>');
          }
          if (req.method === 'POST') {
            const location = await paySession(id);
            res.writeHead(303, { location });
            return res.end();
          }
        }

        if (!url.pathname.startsWith('/v1/')) return json(res, 404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.method}: ${url.pathname}).` } });
        const query = parseStripeForm(url.search.slice(1));
        const body = req.method === 'POST' ? parseStripeForm(text) : {};
        const h = req.headers;
        requests.push({
          method: req.method ?? 'GET',
          path: url.pathname,
          query,
          body,
          headers: {
            ...(h.authorization ? { authorization: String(h.authorization).replace(/(sk_\w{5})\w+/, '$1…') } : {}),
            ...(h['stripe-version'] ? { 'stripe-version': String(h['stripe-version']) } : {}),
            ...(h['idempotency-key'] ? { 'idempotency-key': String(h['idempotency-key']) } : {}),
            ...(h['content-type'] ? { 'content-type': String(h['content-type']) } : {}),
          },
        });
        const auth = h.authorization;
        if (!auth) throw new StripeApiError(401, { type: 'invalid_request_error', message: 'You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. \'Authorization: Bearer YOUR_SECRET_KEY\').' });
        if (auth !== `Bearer ${secretKey}`) {
          throw new StripeApiError(401, { type: 'invalid_request_error', message: `Invalid API Key provided: ${String(auth).replace(/^Bearer /, '').slice(0, 8)}********` });
        }
        const key = req.method === 'POST' ? h['idempotency-key'] : undefined;
        if (typeof key === 'string') {
          // Stripe keeps the first answer per key: same parameters → that answer again.
          const params = `${url.pathname} ${canonical(body)}`;
          const first = idempotent.get(key);
          if (first) {
            if (first.params !== params) {
              throw new StripeApiError(400, { type: 'idempotency_error', message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.` });
            }
            res.setHeader('idempotent-replayed', 'true');
            return json(res, first.status, first.body);
          }
          try {
            const answer = await api(req.method ?? 'GET', url.pathname, query, body);
            idempotent.set(key, { params, status: 200, body: answer });
            return json(res, 200, answer);
          } catch (error) {
            if (error instanceof StripeApiError) idempotent.set(key, { params, status: error.status, body: { error: error.body } });
            throw error;
          }
        }
        return json(res, 200, await api(req.method ?? 'GET', url.pathname, query, body));
      } catch (error) {
        if (error instanceof StripeApiError) return json(res, error.status, { error: error.body });
        return json(res, 500, { error: { type: 'api_error', message: error instanceof Error ? error.message : String(error) } });
      }
    })();
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    url: base,
    host: '127.0.0.1',
    port,
    secretKey,
    webhookSecret,
    connectWebhookSecret,
    setWebhookUrl(url: string) {
      webhookUrl = url;
    },
    setConnectWebhookUrl(url: string) {
      connectWebhookUrl = url;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The settings that point the cms at a double. */
export function stripeDoubleEnvironment(double: StripeDouble): Record<string, string> {
  return {
    STRIPE_SECRET_KEY: double.secretKey,
    STRIPE_WEBHOOK_SECRET: double.webhookSecret,
    STRIPE_CONNECT_WEBHOOK_SECRET: double.connectWebhookSecret,
    STRIPE_API_HOST: double.host,
    STRIPE_API_PORT: String(double.port),
    STRIPE_API_PROTOCOL: 'http',
  };
}

import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../lib/api-forward';
import { requireLearner, seeOther, setFlash, wantsJson } from '../../../lib/auth';
import { notifications } from '../../../lib/notifications';

/** Switches non-essential email on or off: the form on /notifications (or JSON { emailNonEssential }). */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const auth = requireLearner(context);
  if (!auth.ok) return json ? apiError(401, 'Log in to change your email settings.') : seeOther('/login?next=%2Fnotifications');
  let value: unknown;
  if (json) {
    value = (((await context.request.json().catch(() => null)) ?? {}) as { emailNonEssential?: unknown }).emailNonEssential;
  } else {
    const form = await context.request.formData().catch(() => null);
    // A checkbox: present means on, absent means off.
    value = form?.get('emailNonEssential') === 'on';
  }
  if (typeof value !== 'boolean') return apiError(400, 'emailNonEssential: expected true or false');
  return answerFromCms(async () => {
    const outcome = await notifications().setPreferences(auth.token, value);
    if (json) return forwardOutcome(outcome);
    setFlash(context, outcome.ok ? { kind: 'success', text: value ? 'Optional emails are on.' : 'Optional emails are off. You still get receipts, enrollment confirmations and certificates.' } : { kind: 'error', text: outcome.message });
    return seeOther('/notifications');
  });
};

import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../lib/api-forward';
import { requireLearner, seeOther, setFlash, wantsJson } from '../../../lib/auth';
import { notifications, parseMarkRead } from '../../../lib/notifications';

/**
 * Marks notifications read: the bell island posts JSON ({ ids } or { all: true }); the
 * /notifications page posts a form (ids or all) and comes back to the list.
 */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const auth = requireLearner(context);
  if (!auth.ok) return json ? apiError(401, 'Log in to manage your notifications.') : seeOther('/login?next=%2Fnotifications');
  let input: { ids?: unknown; all?: unknown } = {};
  if (json) {
    input = ((await context.request.json().catch(() => null)) ?? {}) as typeof input;
  } else {
    const form = await context.request.formData().catch(() => null);
    input = { ids: form?.getAll('ids').map(String), all: form?.get('all') ?? undefined };
  }
  const body = parseMarkRead(input);
  if (!body) return json ? apiError(400, 'Name the notifications to mark as read (ids), or all.') : seeOther('/notifications');
  return answerFromCms(async () => {
    const outcome = await notifications().markRead(auth.token, body);
    if (json) return forwardOutcome(outcome);
    if (!outcome.ok) setFlash(context, { kind: 'error', text: outcome.message });
    return seeOther('/notifications');
  });
};

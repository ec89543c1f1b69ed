import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../lib/api-forward';
import { requireLearner, seeOther, setFlash, wantsJson } from '../../../lib/auth';
import { notifications, parseMarkRead } from '../../../lib/notifications';
import { safeNextPath } from '../../../lib/redirects';

/**
 * Marks notifications read: the header bell and /notifications post a form (ids or all, and the
 * page to come back to); a script may post JSON ({ ids } or { all: true }) instead.
 */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const auth = requireLearner(context);
  if (!auth.ok) return json ? apiError(401, 'Log in to manage your notifications.') : seeOther('/login?next=%2Fnotifications');
  let input: { ids?: unknown; all?: unknown } = {};
  let back = '/notifications';
  if (json) {
    input = ((await context.request.json().catch(() => null)) ?? {}) as typeof input;
  } else {
    const form = await context.request.formData().catch(() => null);
    input = { ids: form?.getAll('ids').map(String), all: form?.get('all') ?? undefined };
    const to = form?.get('return');
    if (typeof to === 'string' && to) back = safeNextPath(to);
  }
  const body = parseMarkRead(input);
  if (!body) return json ? apiError(400, 'Name the notifications to mark as read (ids), or all.') : seeOther(back);
  return answerFromCms(async () => {
    const outcome = await notifications().markRead(auth.token, body);
    if (json) return forwardOutcome(outcome);
    if (!outcome.ok) setFlash(context, { kind: 'error', text: outcome.message });
    return seeOther(back);
  });
};

import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../../lib/api-forward';
import { requireLearner, seeOther, setFlash, wantsJson } from '../../../../lib/auth';
import { live, parseSeatAction, parseSessionId } from '../../../../lib/live';
import { safeNextPath } from '../../../../lib/redirects';

/**
 * Reserves or cancels a seat (the course page's form: `action` reserve|cancel and the page to come
 * back to). CSRF is checked by the middleware for every form post. The cms decides capacity.
 */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const auth = requireLearner(context);
  if (!auth.ok) return json ? apiError(401, 'Log in to reserve a seat.') : auth.response;
  const id = parseSessionId(context.params.id);
  const form = json ? null : await context.request.formData().catch(() => null);
  const body = json ? (((await context.request.json().catch(() => null)) ?? {}) as { action?: unknown }) : { action: form?.get('action') };
  const action = parseSeatAction(body.action);
  const back = safeNextPath(typeof form?.get('return') === 'string' ? String(form?.get('return')) : null, '/dashboard');
  if (!id || !action) return json ? apiError(400, 'action: expected "reserve" or "cancel" for a live session') : seeOther(back);
  return answerFromCms(async () => {
    const outcome = action === 'reserve' ? await live().reserve(auth.token, id) : await live().cancel(auth.token, id);
    if (json) return forwardOutcome(outcome);
    if (outcome.ok) {
      setFlash(context, { kind: 'success', text: action === 'reserve' ? `Your seat for "${outcome.body.data.title}" is reserved.` : `Your seat for "${outcome.body.data.title}" is cancelled.` });
    } else {
      setFlash(context, { kind: 'error', text: outcome.message });
    }
    return seeOther(`${back}#live-sessions`);
  });
};

import type { APIRoute } from 'astro';
import { answerFromCms } from '../../../lib/api-forward';
import { requireLearner, seeOther, setFlash } from '../../../lib/auth';
import { live } from '../../../lib/live';
import { safeNextPath } from '../../../lib/redirects';

/** The learner's "show times in" choice (an IANA zone, or empty for each session's own zone). */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return auth.response;
  const form = await context.request.formData().catch(() => null);
  const raw = form?.get('timeZone');
  const zone = typeof raw === 'string' && raw.trim() ? raw.trim() : null;
  const back = safeNextPath(typeof form?.get('return') === 'string' ? String(form?.get('return')) : null, '/dashboard');
  return answerFromCms(async () => {
    const outcome = await live().setTimeZone(auth.token, zone);
    setFlash(context, outcome.ok ? { kind: 'success', text: outcome.body.data.timeZone ? `Times are shown in ${outcome.body.data.timeZone}.` : 'Times are shown in each session’s own zone.' } : { kind: 'error', text: outcome.message });
    return seeOther(`${back}#live-sessions`);
  });
};

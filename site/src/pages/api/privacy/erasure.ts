import type { APIRoute } from 'astro';
import { answerFromCms, apiError } from '../../../lib/api-forward';
import { requireLearner, seeOther, setFlash } from '../../../lib/auth';
import { privacy } from '../../../lib/privacy';

/**
 * Asks for the account to be erased: the form on /account/privacy with the learner's password and
 * a ticked confirmation (CSRF checked by the middleware). An admin completes the request.
 */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return seeOther('/login?next=%2Faccount%2Fprivacy');
  const form = await context.request.formData().catch(() => null);
  const password = form?.get('password');
  if (form?.get('confirm') !== 'on') {
    setFlash(context, { kind: 'error', text: 'Tick the box to confirm that your account and data will be erased.' });
    return seeOther('/account/privacy');
  }
  if (typeof password !== 'string' || password === '') {
    setFlash(context, { kind: 'error', text: 'Type your password to confirm.' });
    return seeOther('/account/privacy');
  }
  return answerFromCms(async () => {
    const outcome = await privacy().requestErasure(auth.token, password);
    if (!outcome.ok && outcome.status >= 500) return apiError(502, 'The erasure request could not be recorded; try again in a minute.');
    setFlash(
      context,
      outcome.ok
        ? { kind: 'success', text: 'Your erasure request is recorded. An administrator completes it; you will then be signed out for good.' }
        : { kind: 'error', text: outcome.message.replace(/^password:\s*/, '').replace(/^./, (c) => c.toUpperCase()) },
    );
    return seeOther('/account/privacy');
  });
};

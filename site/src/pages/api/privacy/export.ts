import type { APIRoute } from 'astro';
import { answerFromCms, apiError } from '../../../lib/api-forward';
import { requireLearner, seeOther, setFlash } from '../../../lib/auth';
import { privacy } from '../../../lib/privacy';

/** Asks for a new archive of the learner's data: the form on /account/privacy (CSRF checked by the middleware). */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return seeOther('/login?next=%2Faccount%2Fprivacy');
  return answerFromCms(async () => {
    const outcome = await privacy().requestExport(auth.token);
    if (!outcome.ok && outcome.status >= 500) return apiError(502, 'The data export could not be started; try again in a minute.');
    setFlash(context, outcome.ok ? { kind: 'success', text: 'Your archive is being prepared. Reload this page in a minute to download it.' } : { kind: 'error', text: outcome.message });
    return seeOther('/account/privacy');
  });
};

import type { APIRoute } from 'astro';
import { jsonError, jsonResponse, requireLearner, seeOther, setFlash, wantsJson } from '../../../../lib/auth';
import { cms } from '../../../../lib/cms';
import { learner } from '../../../../lib/learner';

/**
 * Starts paying for a course (the course page's Buy form): the cms creates a Stripe Checkout
 * Session and the learner is sent to its page. Stripe sends them back to /checkout/return.
 */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const slug = context.params.slug ?? '';
  const coursePath = `/courses/${encodeURIComponent(slug)}`;
  const auth = requireLearner(context);
  if (!auth.ok) return json ? jsonError(401, 'Log in to buy this course.') : seeOther(`/login?next=${encodeURIComponent(coursePath)}`);

  const course = await cms().getCourse(slug);
  if (!course) return json ? jsonError(404, `There is no published course "${slug}".`) : new Response(null, { status: 404 });

  const outcome = await learner().startCheckout(auth.token, course.documentId);
  if (!outcome.ok) {
    if (json) return jsonError(outcome.status, outcome.message);
    setFlash(context, { kind: 'error', text: `The payment could not be started: ${outcome.message}` });
    return seeOther(`${coursePath}#enroll`);
  }
  return json ? jsonResponse(200, { data: { url: outcome.body.url } }) : seeOther(outcome.body.url);
};

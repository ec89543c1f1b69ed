import type { APIRoute } from 'astro';
import { jsonError, jsonResponse, requireLearner, seeOther, setFlash, wantsJson } from '../../../../lib/auth';
import { cms } from '../../../../lib/cms';
import { accessOf, learnerOutline } from '../../../../lib/course-access';
import { learner } from '../../../../lib/learner';

/**
 * Enrolls the signed-in learner in a free course (the course page's Enroll form, or an island).
 * Paid courses answer 402 from the cms and go back to the course page, whose Buy form starts
 * checkout instead.
 */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const slug = context.params.slug ?? '';
  const coursePath = `/courses/${encodeURIComponent(slug)}`;
  const auth = requireLearner(context);
  if (!auth.ok) return json ? jsonError(401, 'Log in to enroll in this course.') : seeOther(`/login?next=${encodeURIComponent(coursePath)}`);

  const course = await cms().getCourse(slug);
  if (!course) return json ? jsonError(404, `There is no published course "${slug}".`) : new Response(null, { status: 404 });

  const outcome = await learner().enroll(auth.token, course.documentId);
  if (!outcome.ok) {
    const message = outcome.status === 402 ? `${course.title} is a paid course: buy it to enroll.` : outcome.message;
    if (json) return jsonError(outcome.status, message);
    setFlash(context, { kind: 'error', text: message });
    return seeOther(`${coursePath}#enroll`);
  }

  const { startHref } = accessOf(await learnerOutline(auth.token, course));
  const next = startHref ?? coursePath;
  if (json) return jsonResponse(outcome.status, { data: { enrollment: outcome.body.data, created: outcome.body.meta.created, next } });
  setFlash(context, {
    kind: 'success',
    text: outcome.body.meta.created ? `You are enrolled in ${course.title}. Enjoy the course!` : `You are already enrolled in ${course.title}.`,
  });
  return seeOther(next);
};

import type { APIRoute } from 'astro';
import { requireLearner, seeOther, setFlash } from '../../../lib/auth';
import { accessOf, findLearnerCourse } from '../../../lib/course-access';

/** /learn/<course>: the lesson to pick up ("Continue"), or the course page when not enrolled. */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return auth.response;
  const found = await findLearnerCourse(auth.token, context.params.course ?? '');
  if (!found) return new Response(null, { status: 404 });
  const { active, startHref } = accessOf(found.outline);
  if (active && startHref) return seeOther(startHref);
  if (active) {
    setFlash(context, { kind: 'info', text: 'No lesson of this course is open yet. Check the outline for when they open.' });
  }
  return seeOther(`/courses/${found.course.slug}`);
};

import type { APIRoute } from 'astro';
import { jsonError, jsonResponse, requireLearner } from '../../../../lib/auth';
import { accessOf, findLearnerCourse } from '../../../../lib/course-access';

/**
 * The learner's enrollment in a course, for the checkout return page, which asks until the
 * payment webhook has opened the course. `course` may be a slug or a documentId.
 */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return jsonError(401, 'Log in to see your enrollments.');
  const found = await findLearnerCourse(auth.token, context.params.slug ?? '');
  if (!found) return jsonError(404, `There is no published course "${context.params.slug}".`);
  const { active, startHref } = accessOf(found.outline);
  return jsonResponse(200, {
    data: {
      status: found.outline.enrollment?.status ?? null,
      active,
      next: startHref ?? `/courses/${found.course.slug}`,
    },
  });
};

import type { APIRoute } from 'astro';
import { jsonError, jsonResponse, requireLearner, seeOther, setFlash, wantsJson } from '../../../../lib/auth';
import { isDocumentId, learner } from '../../../../lib/learner';
import { safeNextPath } from '../../../../lib/redirects';

/**
 * Marks a lesson complete: the lesson player's "Mark complete" form (which comes back to the
 * lesson, `return`), enhanced by an island that posts the same thing as JSON.
 */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  let back = '/dashboard';
  if (!json) {
    const form = await context.request.formData().catch(() => null);
    const value = form?.get('return');
    back = safeNextPath(typeof value === 'string' ? value : null);
  }
  const auth = requireLearner(context);
  if (!auth.ok) return json ? jsonError(401, 'Log in to record your progress.') : seeOther(`/login?next=${encodeURIComponent(back)}`);
  const lessonId = context.params.lesson ?? '';
  if (!isDocumentId(lessonId)) return json ? jsonError(404, 'There is no such lesson.') : new Response(null, { status: 404 });

  const outcome = await learner().completeLesson(auth.token, lessonId);
  if (!outcome.ok) {
    if (json) return jsonError(outcome.status, outcome.message);
    setFlash(context, { kind: 'error', text: outcome.message });
    return seeOther(back);
  }
  if (json) return jsonResponse(200, outcome.body);
  const { course, lesson } = outcome.body.data;
  setFlash(context, {
    kind: 'success',
    text:
      course.progress >= 100
        ? `“${lesson.title}” is complete, and so is the course. Well done!`
        : `“${lesson.title}” is complete. Course progress: ${course.progress}%.`,
  });
  return seeOther(back);
};

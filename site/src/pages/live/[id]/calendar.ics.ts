import type { APIRoute } from 'astro';
import { requireLearner } from '../../../lib/auth';
import { live, parseSessionId } from '../../../lib/live';

/** /live/<id>/calendar.ics: the session's calendar file for the signed-in, enrolled learner. */
export const GET: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return auth.response;
  const id = parseSessionId(context.params.id);
  if (!id) return new Response(null, { status: 404 });
  const file = await live().calendar(auth.token, id);
  if (file.status === 404) return new Response(null, { status: 404 });
  if (file.status !== 200) return new Response('This calendar file is for the course’s enrolled learners.', { status: file.status === 401 ? 401 : 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(file.body, {
    status: 200,
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'content-disposition': `attachment; filename="${file.filename ?? `live-session-${id}.ics`}"`,
      'cache-control': 'private, no-store',
    },
  });
};

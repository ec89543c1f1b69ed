import type { APIRoute } from 'astro';
import type { VideoProgressRequest } from '@contracts/enrollment';
import { jsonError, jsonResponse, requireLearner } from '../../../../lib/auth';
import { isDocumentId, learner } from '../../../../lib/learner';

/** The video island's report, checked field by field before it is forwarded. */
function readReport(body: unknown): { ok: true; report: VideoProgressRequest } | { ok: false; message: string } {
  if (!body || typeof body !== 'object') return { ok: false, message: 'Expected a JSON object with blockId, position and duration.' };
  const { blockId, position, duration, secondsWatched } = body as Record<string, unknown>;
  if (typeof blockId !== 'number' || !Number.isSafeInteger(blockId) || blockId < 1) return { ok: false, message: 'blockId: expected the id of the lesson’s video block.' };
  if (typeof duration !== 'number' || !Number.isFinite(duration) || duration <= 0) return { ok: false, message: 'duration: expected a number of seconds above 0.' };
  if (typeof position !== 'number' || !Number.isFinite(position) || position < 0) return { ok: false, message: 'position: expected a number of seconds from 0.' };
  if (secondsWatched !== undefined && (typeof secondsWatched !== 'number' || !Number.isFinite(secondsWatched) || secondsWatched < 0)) {
    return { ok: false, message: 'secondsWatched: expected a number of seconds from 0.' };
  }
  return { ok: true, report: { blockId, position, duration, ...(secondsWatched !== undefined ? { secondsWatched } : {}) } };
}

/** Video progress from the lesson player's video island (JSON only; the island sends the CSRF header). */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return jsonError(401, 'Log in to record your progress.');
  const lessonId = context.params.lesson ?? '';
  if (!isDocumentId(lessonId)) return jsonError(404, 'There is no such lesson.');
  const body = await context.request.json().catch(() => null);
  const read = readReport(body);
  if (!read.ok) return jsonError(400, read.message);
  const outcome = await learner().reportVideoProgress(auth.token, lessonId, read.report);
  return outcome.ok ? jsonResponse(200, outcome.body) : jsonError(outcome.status, outcome.message);
};

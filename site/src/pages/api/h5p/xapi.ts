import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../lib/api-forward';
import { requireLearner } from '../../../lib/auth';
import { h5p } from '../../../lib/h5p';

/** Largest statement body accepted from the player island (H5P statements are a few KB). */
const MAX_BODY_BYTES = 64 * 1024;

/**
 * An xAPI statement from the lesson page's H5P player island, forwarded to the cms with the
 * learner's token (JSON only; the island sends the CSRF header). The cms validates it field by
 * field; here only its shape as an object is checked.
 */
export const POST: APIRoute = async (context) => {
  const auth = requireLearner(context);
  if (!auth.ok) return apiError(401, 'Log in to record your result.');
  const text = await context.request.text();
  if (text.length > MAX_BODY_BYTES) return apiError(413, 'The statement is too large.');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return apiError(400, 'Expected a JSON object with lesson, block and statement.');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) return apiError(400, 'Expected a JSON object with lesson, block and statement.');
  const { lesson, block, statement } = body as Record<string, unknown>;
  return answerFromCms(async () =>
    forwardOutcome(await h5p().recordStatement(auth.token, { lesson: lesson as string, block: block as number, statement: statement as Record<string, unknown> })),
  );
};

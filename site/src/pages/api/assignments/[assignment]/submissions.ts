import type { APIRoute } from 'astro';
import { answerFromCms, apiError, forwardOutcome } from '../../../../lib/api-forward';
import { assignmentRefusalText, submissionFormFrom } from '../../../../lib/assignment-form';
import { requireLearner, seeOther, setFlash, wantsJson } from '../../../../lib/auth';
import { CmsUnavailableError } from '../../../../lib/cms-http';
import { grading, isGradingDocumentId, refusalDetails } from '../../../../lib/grading';
import { safeNextPath } from '../../../../lib/redirects';

/** 5 files of at most 100 MB (the cms's limits) and the text, with room for the form's framing. */
const MAX_REQUEST_BYTES = 5 * 100 * 1024 * 1024 + 1024 * 1024;

/**
 * Submits work to an assignment: multipart/form-data with `text` and `files`, from the
 * assignment panel (JSON answer) or its plain form without JavaScript (back to the lesson with a
 * message). The form is rebuilt with only the fields the cms accepts, then forwarded with the
 * learner's token. The CSRF check happened in the middleware.
 */
export const POST: APIRoute = async (context) => {
  const json = wantsJson(context.request);
  const assignment = context.params.assignment ?? '';
  const length = Number(context.request.headers.get('content-length') ?? '0');
  if (length > MAX_REQUEST_BYTES) return apiError(413, 'The files are too large to upload together (at most 5 files of 100 MB).', { field: 'files' });

  let posted: FormData | null = null;
  const type = context.request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data') || type.startsWith('application/x-www-form-urlencoded')) {
    posted = await context.request.formData().catch(() => null);
  }
  const returnValue = posted?.get('return');
  const back = safeNextPath(typeof returnValue === 'string' ? returnValue : null);
  const fail = (status: number, message: string, details?: Record<string, unknown>) => {
    if (json) return apiError(status, message, details);
    setFlash(context, { kind: 'error', text: message });
    return seeOther(back);
  };

  const auth = requireLearner(context);
  if (!auth.ok) return json ? apiError(401, 'Log in to submit your work.') : seeOther(`/login?next=${encodeURIComponent(back)}`);
  if (!isGradingDocumentId(assignment)) return fail(404, 'There is no such assignment.');
  if (!posted) return fail(400, 'Send the submission as a form (multipart/form-data) with text and files.', { field: 'body' });
  const submission = submissionFormFrom(posted);
  if (!submission.ok) return fail(400, submission.message, { field: submission.field });

  if (json) return answerFromCms(async () => forwardOutcome(await grading().submitAssignment(auth.token, assignment, submission.form)));
  try {
    const outcome = await grading().submitAssignment(auth.token, assignment, submission.form);
    if (!outcome.ok) return fail(outcome.status, assignmentRefusalText({ status: outcome.status, message: outcome.message, details: refusalDetails(outcome) }));
    const view = outcome.body.data;
    setFlash(context, {
      kind: 'success',
      text: `Submitted (attempt ${view.attempt}${view.late ? ', after the due date' : ''}). Your instructor will grade it.`,
    });
    return seeOther(back);
  } catch (error) {
    if (!(error instanceof CmsUnavailableError)) throw error;
    return fail(503, 'The course service is not answering right now, so nothing was submitted. Try again in a moment.');
  }
};

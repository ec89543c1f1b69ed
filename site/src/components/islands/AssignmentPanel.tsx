import type { AssignmentOverview, AssignmentOverviewResponse, SubmissionView, SubmitAssignmentResponse } from '@contracts/assignments';
import { useEffect, useRef, useState } from 'preact/hooks';
import {
  acceptAttribute,
  assignmentRefusalText,
  FILES_FIELD,
  fileTypesText,
  formatBytes,
  SUBMISSION_STATUS_TEXT,
  TEXT_FIELD,
  uploadProblems,
} from '../../lib/assignment-form';
import { siteApi, siteUpload } from '../../lib/client/site-api';
import { formatDateTime, percentText, scoreText } from '../../lib/quiz-runner';

interface Props {
  assignmentDocumentId: string;
  /** Fetched by the page while rendering. */
  initial: AssignmentOverview;
  /** The plain form's CSRF field and where it comes back to (it works without JavaScript). */
  csrfToken: string;
  returnPath: string;
  /** The cms's public URL: download links are signed paths on it. */
  cmsPublicUrl: string;
}

/**
 * My submissions to an assignment (status, late flag, grade, feedback, rubric breakdown,
 * files) and the form to submit text and files. The form is a real multipart form that posts
 * without JavaScript; hydrated, it checks the files first and uploads in place.
 */
export default function AssignmentPanel({ assignmentDocumentId, initial, csrfToken, returnPath, cmsPublicUrl }: Props) {
  const [overview, setOverview] = useState(initial);
  const [text, setText] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [problems, setProblems] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const focusNext = useRef<string | null>(null);
  const { assignment, submissions, submit } = overview;
  const idBase = `assignment-${assignmentDocumentId}`;
  const action = `/api/assignments/${encodeURIComponent(assignmentDocumentId)}/submissions`;
  const rules = { acceptedFileTypes: assignment.acceptedFileTypes, maxFileSizeMb: assignment.maxFileSizeMb, maxFiles: assignment.maxFiles, maxTextLength: assignment.maxTextLength };

  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    document.getElementById(target)?.focus();
  });

  async function send(event: Event) {
    event.preventDefault();
    if (busy) return;
    const found = uploadProblems(text, files, rules);
    setProblems(found);
    setStatus('');
    if (found.length) {
      focusNext.current = `${idBase}-problems`;
      return;
    }
    const form = new FormData();
    if (text.trim()) form.append(TEXT_FIELD, text);
    for (const file of files) form.append(FILES_FIELD, file, file.name);
    setBusy(true);
    const r = await siteUpload<SubmitAssignmentResponse>(action, form);
    if (!r.ok) {
      setBusy(false);
      setProblems([assignmentRefusalText(r)]);
      focusNext.current = `${idBase}-problems`;
      return;
    }
    const view = r.body.data;
    const fresh = await siteApi<AssignmentOverviewResponse>('GET', `/api/assignments/${encodeURIComponent(assignmentDocumentId)}`);
    setBusy(false);
    setOverview(
      fresh.ok ? fresh.body.data : { ...overview, submissions: [view, ...overview.submissions.map((s) => ({ ...s, current: false }))], submit: { canSubmit: false, code: 'already-submitted', message: '' } },
    );
    setText('');
    setFiles([]);
    if (fileInput.current) fileInput.current.value = '';
    setStatus(`Submitted: attempt ${view.attempt}${view.late ? ', marked late' : ''}. Your instructor will grade it.`);
    focusNext.current = `${idBase}-status`;
  }

  const fileHint =
    assignment.acceptedFileTypes.length > 0
      ? `Up to ${assignment.maxFiles} ${assignment.maxFiles === 1 ? 'file' : 'files'}: ${fileTypesText(assignment.acceptedFileTypes)}, at most ${assignment.maxFileSizeMb} MB each.`
      : null;

  return (
    <div class="assignment-panel">
      <section class="assignment-submissions" aria-labelledby={`${idBase}-mine`}>
        <h3 id={`${idBase}-mine`}>Your submissions</h3>
        {submissions.length === 0 ? (
          <p class="muted">You have not submitted anything yet.</p>
        ) : (
          <ol class="submission-list" reversed>
            {submissions.map((s) => (
              <Submission key={s.id} submission={s} cmsPublicUrl={cmsPublicUrl} />
            ))}
          </ol>
        )}
      </section>

      <p class="assignment-status" id={`${idBase}-status`} role="status" tabIndex={-1}>
        {status}
      </p>

      {submit.canSubmit ? (
        <form class="assignment-form" method="post" action={action} encType="multipart/form-data" onSubmit={(e) => void send(e)} noValidate>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="return" value={returnPath} />
          <h3 id={`${idBase}-form-title`}>{submissions.length ? `Submit again (attempt ${submit.nextAttempt})` : 'Submit your work'}</h3>
          {submit.lateIfNow && <p class="assignment-form__late">The due date has passed: a submission now is marked late.</p>}
          <div class="assignment-form__field">
            <label for={`${idBase}-text`}>Your answer{fileHint ? ' (optional when you attach files)' : ''}</label>
            <textarea
              id={`${idBase}-text`}
              name={TEXT_FIELD}
              rows={8}
              maxLength={assignment.maxTextLength}
              aria-describedby={`${idBase}-text-count`}
              value={text}
              onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
            />
            <p class="assignment-form__hint" id={`${idBase}-text-count`}>
              {text.length.toLocaleString('en')} of {assignment.maxTextLength.toLocaleString('en')} characters
            </p>
          </div>
          {fileHint && (
            <div class="assignment-form__field">
              <label for={`${idBase}-files`}>Files</label>
              <input
                ref={fileInput}
                id={`${idBase}-files`}
                type="file"
                name={FILES_FIELD}
                multiple={assignment.maxFiles > 1}
                accept={acceptAttribute(assignment.acceptedFileTypes)}
                aria-describedby={`${idBase}-files-hint`}
                onChange={(e) => setFiles(Array.from((e.currentTarget as HTMLInputElement).files ?? []))}
              />
              <p class="assignment-form__hint" id={`${idBase}-files-hint`}>
                {fileHint}
              </p>
              {files.length > 0 && (
                <ul class="assignment-form__chosen">
                  {files.map((f) => (
                    <li key={`${f.name}-${f.size}`}>
                      {f.name} <span class="muted">({formatBytes(f.size)})</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
          <div id={`${idBase}-problems`} tabIndex={-1} role="alert" class={problems.length ? 'assignment-form__problems' : 'assignment-form__problems is-empty'}>
            {problems.length > 0 && (
              <ul>
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            )}
          </div>
          <button type="submit" class="button" disabled={busy} aria-busy={busy}>
            {busy ? 'Uploading…' : 'Submit'}
          </button>
        </form>
      ) : (
        <p class="assignment-closed" data-code={submit.code}>
          {assignmentRefusalText({ status: 409, message: submit.message, details: { code: submit.code } })}
        </p>
      )}
    </div>
  );
}

function Submission({ submission: s, cmsPublicUrl }: { submission: SubmissionView; cmsPublicUrl: string }) {
  const base = cmsPublicUrl.replace(/\/+$/, '');
  return (
    <li class={`submission is-${s.status}`} data-status={s.status}>
      <div class="submission__head">
        <p class="submission__title">
          Attempt {s.attempt}
          {s.current && <span class="visually-hidden"> (the one that counts)</span>}
        </p>
        <span class={`pill submission__status submission__status--${s.status}`}>{SUBMISSION_STATUS_TEXT[s.status]}</span>
        {s.late && <span class="pill pill--warm">Late</span>}
        <span class="muted submission__when">{formatDateTime(s.submittedAt)}</span>
      </div>
      {s.text && (
        <details class="submission__text">
          <summary>Your text</summary>
          <p>{s.text}</p>
        </details>
      )}
      {s.files.length > 0 && (
        <ul class="submission__files" aria-label="Files">
          {s.files.map((f) => (
            <li key={f.id}>
              <a href={`${base}${f.downloadUrl}`} download={f.filename}>
                {f.filename}
              </a>{' '}
              <span class="muted">({formatBytes(f.size)})</span>
            </li>
          ))}
        </ul>
      )}
      {s.grade && (
        <div class={`submission__grade${s.grade.passed ? ' is-passed' : ' is-failed'}`}>
          <p class="submission__score">
            Grade:{' '}
            <strong>
              {scoreText(s.grade.score, s.grade.maxScore)} ({percentText(s.grade.percent)})
            </strong>{' '}
            · {s.grade.passed ? 'passed' : `not passed (pass mark ${s.grade.passScore})`}
          </p>
          {s.grade.feedback && (
            <div class="submission__feedback">
              <p class="submission__label">Feedback{s.grade.graderName ? ` from ${s.grade.graderName}` : ''}</p>
              <p>{s.grade.feedback}</p>
            </div>
          )}
          {s.grade.rubric && s.grade.rubric.length > 0 && (
            <table class="submission__rubric">
              <caption>Rubric</caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Level</th>
                  <th scope="col">Points</th>
                </tr>
              </thead>
              <tbody>
                {s.grade.rubric.map((line) => (
                  <tr key={line.criterionId}>
                    <th scope="row">{line.title}</th>
                    <td>{line.label}</td>
                    <td>{scoreText(line.points, line.maxPoints)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {s.grade.summary && <p class="muted submission__summary">{s.grade.summary}</p>}
          <p class="muted">Graded {formatDateTime(s.grade.gradedAt)}</p>
        </div>
      )}
      {s.returned && (
        <div class="submission__returned">
          <p class="submission__label">Returned for changes{s.returned.byName ? ` by ${s.returned.byName}` : ''} · {formatDateTime(s.returned.returnedAt)}</p>
          {s.returned.feedback && <p>{s.returned.feedback}</p>}
        </div>
      )}
    </li>
  );
}

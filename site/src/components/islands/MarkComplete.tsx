import type { CompleteLessonResponse } from '@contracts/enrollment';
import { useEffect, useRef, useState } from 'preact/hooks';
import { isLessonCompleted, lessonCompleted, onLessonCompleted } from '../../lib/client/lesson-progress';
import { siteApi } from '../../lib/client/site-api';

interface Props {
  lessonDocumentId: string;
  done: boolean;
  /** The form's CSRF field (the same token as the page's meta tag). */
  csrfToken: string;
  /** Where the plain form post comes back to (this lesson). */
  returnPath: string;
}

/**
 * "Mark complete": a plain form post that works without JavaScript; once hydrated it posts the
 * same request as JSON, updates the page in place and says so to screen readers.
 */
export default function MarkComplete({ lessonDocumentId, done: initiallyDone, csrfToken, returnPath }: Props) {
  const [done, setDone] = useState(initiallyDone || isLessonCompleted(lessonDocumentId));
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  const doneNote = useRef<HTMLParagraphElement>(null);
  const focusAfterDone = useRef(false);
  const action = `/api/lessons/${encodeURIComponent(lessonDocumentId)}/complete`;

  // The video player may complete the lesson too.
  useEffect(
    () =>
      onLessonCompleted((completion) => {
        if (completion.lessonDocumentId === lessonDocumentId) setDone(true);
      }),
    [lessonDocumentId],
  );

  // The button the learner pressed is gone: keep their focus on what replaced it.
  useEffect(() => {
    if (done && focusAfterDone.current) {
      focusAfterDone.current = false;
      doneNote.current?.focus();
    }
  }, [done]);

  async function submit(event: Event) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError('');
    const result = await siteApi<CompleteLessonResponse>('POST', action, {});
    setBusy(false);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    const { course } = result.body.data;
    focusAfterDone.current = true;
    lessonCompleted({
      lessonDocumentId,
      courseProgress: course.progress,
      lessonsCompleted: course.lessonsCompleted,
      lessonsTotal: course.lessonsTotal,
    });
    setDone(true);
    setStatus(course.progress >= 100 ? 'Lesson complete. You have finished the course!' : `Lesson complete. Course progress: ${course.progress}%.`);
  }

  return (
    <div class="mark-complete">
      {done ? (
        <p class="mark-complete__done" tabIndex={-1} ref={doneNote}>
          <svg width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true">
            <circle cx="12" cy="12" r="9" />
            <path d="m8 12.5 3 3 5-6" />
          </svg>
          Lesson completed
        </p>
      ) : (
        <form method="post" action={action} onSubmit={submit}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="return" value={returnPath} />
          <button type="submit" class="button button--large" disabled={busy} aria-busy={busy}>
            {busy ? 'Saving…' : 'Mark complete'}
          </button>
        </form>
      )}
      <p class="mark-complete__status" role="status">
        {status}
      </p>
      {error && (
        <p class="mark-complete__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

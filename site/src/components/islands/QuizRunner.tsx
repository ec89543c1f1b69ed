import type {
  AnswerWire,
  AttemptResponse,
  AttemptView,
  CheckAnswerResponse,
  LearnerQuestionReview,
  QuizOverview,
  QuizOverviewResponse,
  SaveAnswerResponse,
  StartAttemptResponse,
  SubmitAttemptResponse,
} from '@contracts/quizzes';
import { useEffect, useRef, useState } from 'preact/hooks';
import { Autosaver, type SaveOutcome, type SaveState } from '../../lib/autosave';
import { siteApi, type ApiResult } from '../../lib/client/site-api';
import {
  answeredText,
  answerProgress,
  attemptStatusText,
  countdownAnnouncement,
  countdownWords,
  formatCountdown,
  formatDateTime,
  gradeText,
  isRetryable,
  OUTCOME_TEXT,
  localDeadline,
  percentText,
  refusalText,
  rulesText,
  scoreText,
  secondsUntil,
} from '../../lib/quiz-runner';
import { QuestionField } from './quiz/QuestionField';
import { QuestionReview, ReviewDetails, ReviewVerdict } from './quiz/QuestionReview';

interface Props {
  quizDocumentId: string;
  /** The quiz's title from the lesson, shown when the overview could not be fetched. */
  title: string;
  /** The overview the page fetched while rendering, so the first paint is the real one. */
  initial: QuizOverview | null;
  /** Why the page could not fetch it (shown with a way to try again). */
  initialError: string | null;
}

type View = { kind: 'overview' } | { kind: 'attempt'; attempt: AttemptView } | { kind: 'review'; attempt: AttemptView; submittedNow: boolean | null };

type Failure = Extract<ApiResult<unknown>, { ok: false }>;

const codeOf = (r: Failure) => (typeof r.details?.code === 'string' ? r.details.code : undefined);

/**
 * The quiz in the lesson player: the rules, my attempts and grade; an attempt with every
 * question type, answers saved as I go (each shows whether it is saved), the countdown from the
 * server's time left, submit with a confirmation, then exactly what the quiz's feedback mode
 * releases. Everything goes through the site's /api endpoints (the session token never reaches
 * this script); the server is the judge of time, attempts and answers.
 */
export default function QuizRunner({ quizDocumentId, title, initial, initialError }: Props) {
  const [overview, setOverview] = useState<QuizOverview | null>(initial);
  const [view, setView] = useState<View>({ kind: 'overview' });
  const [answers, setAnswers] = useState<Record<string, AnswerWire>>({});
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>({});
  // Immediate feedback: the result of each question checked during the attempt (its answer is final).
  const [checked, setChecked] = useState<Record<string, LearnerQuestionReview>>({});
  const [checking, setChecking] = useState<string | null>(null);
  const [secondsLeft, setSecondsLeft] = useState<number | null>(null);
  const [busy, setBusy] = useState<null | 'load' | 'start' | 'submit'>(null);
  const [confirming, setConfirming] = useState(false);
  const [unsavedWarning, setUnsavedWarning] = useState(false);
  const [error, setError] = useState<string | null>(initialError);
  const [announcement, setAnnouncement] = useState('');
  const saver = useRef<Autosaver<AnswerWire> | null>(null);
  const deadline = useRef<number | null>(null);
  const timeUpFired = useRef(false);
  const focusNext = useRef<string | null>(null);
  const attemptRef = useRef<AttemptView | null>(null);
  const idBase = `quiz-${quizDocumentId}`;
  const ids = {
    title: `${idBase}-title`,
    attemptTitle: `${idBase}-attempt-title`,
    confirmTitle: `${idBase}-confirm-title`,
    submitButton: `${idBase}-submit`,
    resultTitle: `${idBase}-result-title`,
    overviewTitle: `${idBase}-overview-title`,
    error: `${idBase}-error`,
  };

  // Focus moves to what replaced the control the learner used (start → the attempt, submit → the result).
  useEffect(() => {
    const target = focusNext.current;
    if (!target) return;
    focusNext.current = null;
    document.getElementById(target)?.focus();
  });

  useEffect(() => () => saver.current?.stop(), []);

  // The countdown: the server's seconds left, counted down on this browser's monotonic clock.
  useEffect(() => {
    if (view.kind !== 'attempt' || deadline.current === null) return;
    let last = secondsUntil(deadline.current, performance.now());
    setSecondsLeft(last);
    const tick = () => {
      if (deadline.current === null) return;
      const now = secondsUntil(deadline.current, performance.now());
      const said = countdownAnnouncement(last, now);
      if (said) setAnnouncement(said);
      last = now;
      setSecondsLeft(now);
      if (now === 0) void timeUp();
    };
    const timer = setInterval(tick, 500);
    return () => clearInterval(timer);
  }, [view.kind === 'attempt' ? view.attempt.id : null]);

  // Leaving with answers not yet saved: the browser asks first.
  useEffect(() => {
    if (view.kind !== 'attempt') return;
    const warn = (event: BeforeUnloadEvent) => {
      if (saver.current?.hasUnsaved) {
        event.preventDefault();
        event.returnValue = '';
      }
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [view.kind]);

  async function refreshOverview(): Promise<void> {
    const r = await siteApi<QuizOverviewResponse>('GET', `/api/quizzes/${encodeURIComponent(quizDocumentId)}`);
    if (r.ok) {
      setOverview(r.body.data);
      if (!initial) setError(null);
    } else if (!overview) setError(refusalText(r));
  }

  async function saveAnswer(attemptId: number, questionId: string, answer: AnswerWire): Promise<SaveOutcome> {
    const r = await siteApi<SaveAnswerResponse>('PUT', `/api/attempts/${attemptId}/answers/${encodeURIComponent(questionId)}`, { answer });
    if (r.ok) {
      // Each save carries the server's time left: the countdown follows the server, not the browser.
      if (r.body.data.secondsLeft !== null) deadline.current = localDeadline(r.body.data.secondsLeft, performance.now());
      return { ok: true, savedAt: r.body.data.savedAt };
    }
    return { ok: false, message: refusalText(r), retry: isRetryable(r.status), code: codeOf(r) };
  }

  function showAttempt(attempt: AttemptView, submittedNow: boolean | null = null) {
    saver.current?.stop();
    saver.current = null;
    attemptRef.current = attempt;
    setAnswers(attempt.answers);
    setChecked(attempt.checked ?? {});
    setChecking(null);
    setConfirming(false);
    setUnsavedWarning(false);
    setError(null);
    if (attempt.status === 'open') {
      timeUpFired.current = false;
      deadline.current = localDeadline(attempt.secondsLeft, performance.now());
      setSecondsLeft(attempt.secondsLeft);
      setSaveStates(Object.fromEntries(Object.keys(attempt.answers).map((id) => [id, { kind: 'saved', savedAt: '' } satisfies SaveState])));
      saver.current = new Autosaver<AnswerWire>({
        save: (questionId, answer) => saveAnswer(attempt.id, questionId, answer),
        onState: (questionId, state) => {
          setSaveStates((s) => ({ ...s, [questionId]: state }));
          if (state.kind === 'error' && state.code === 'deadline-passed') void timeUp();
          if (state.kind === 'error' && state.code === 'attempt-closed') void openAttempt(attempt.id);
        },
      });
      setView({ kind: 'attempt', attempt });
      focusNext.current = ids.attemptTitle;
    } else {
      deadline.current = null;
      setSecondsLeft(null);
      setView({ kind: 'review', attempt, submittedNow });
      focusNext.current = ids.resultTitle;
    }
  }

  async function openAttempt(attemptId: number) {
    setBusy('load');
    setError(null);
    const r = await siteApi<AttemptResponse>('GET', `/api/attempts/${attemptId}`);
    setBusy(null);
    if (!r.ok) {
      setError(refusalText(r));
      focusNext.current = ids.error;
      return;
    }
    showAttempt(r.body.data);
  }

  async function start() {
    if (busy) return;
    setBusy('start');
    setError(null);
    const r = await siteApi<StartAttemptResponse>('POST', `/api/quizzes/${encodeURIComponent(quizDocumentId)}/attempts`, {});
    setBusy(null);
    if (r.ok) {
      showAttempt(r.body.data);
      setAnnouncement(`Attempt ${r.body.data.number} started.${r.body.data.secondsLeft !== null ? ` ${countdownWords(r.body.data.secondsLeft)}.` : ''}`);
      return;
    }
    // Another tab (or an earlier visit) has one open: continue it.
    const open = r.details?.attemptId;
    if (codeOf(r) === 'attempt-in-progress' && typeof open === 'number') {
      await openAttempt(open);
      return;
    }
    setError(refusalText(r));
    focusNext.current = ids.error;
    void refreshOverview();
  }

  function changeAnswer(questionId: string, answer: AnswerWire) {
    setAnswers((a) => ({ ...a, [questionId]: answer }));
    saver.current?.change(questionId, answer);
    setUnsavedWarning(false);
  }

  /** Immediate feedback: sends the answer to be graded now; from then on it is final. */
  async function checkQuestion(questionId: string) {
    const attempt = attemptRef.current;
    if (!attempt || checking || checked[questionId]) return;
    setChecking(questionId);
    setError(null);
    // The check carries the answer itself; no autosave of this question may land after it.
    await saver.current?.forget(questionId);
    const r = await siteApi<CheckAnswerResponse>('POST', `/api/attempts/${attempt.id}/answers/${encodeURIComponent(questionId)}/check`, { answer: answers[questionId] });
    setChecking(null);
    if (r.ok) {
      const review = r.body.data.review;
      setChecked((c) => ({ ...c, [questionId]: review }));
      setSaveStates((st) => ({ ...st, [questionId]: { kind: 'saved', savedAt: r.body.data.checkedAt } }));
      setAnnouncement(review.outcome ? `${OUTCOME_TEXT[review.outcome]}.` : 'Checked.');
      return;
    }
    saver.current?.resume(questionId);
    if (codeOf(r) === 'deadline-passed') return void timeUp();
    if (codeOf(r) === 'attempt-closed') return void openAttempt(attempt.id);
    setError(refusalText(r));
    focusNext.current = ids.error;
  }

  async function submit(force: boolean) {
    const attempt = attemptRef.current;
    if (!attempt || busy === 'submit') return;
    setBusy('submit');
    setError(null);
    const allSaved = (await saver.current?.flush()) ?? true;
    if (!allSaved && !force) {
      setBusy(null);
      setUnsavedWarning(true);
      focusNext.current = ids.confirmTitle;
      return;
    }
    const r = await siteApi<SubmitAttemptResponse>('POST', `/api/attempts/${attempt.id}/submit`, {});
    setBusy(null);
    if (!r.ok) {
      if (codeOf(r) === 'attempt-closed') {
        await openAttempt(attempt.id);
        return;
      }
      setError(refusalText(r));
      focusNext.current = ids.error;
      return;
    }
    saver.current?.stop();
    showAttempt(r.body.data, r.body.meta.submittedNow);
    setAnnouncement('Your attempt has been submitted.');
    void refreshOverview();
  }

  async function timeUp() {
    if (timeUpFired.current) return;
    timeUpFired.current = true;
    setAnnouncement('Time is up. Your saved answers are being submitted.');
    await submit(true);
  }

  function backToOverview() {
    setView({ kind: 'overview' });
    setError(null);
    focusNext.current = ids.overviewTitle;
    void refreshOverview();
  }

  const quiz = overview?.quiz;
  return (
    <section class="quiz-runner" aria-labelledby={ids.title} data-view={view.kind}>
      <header class="quiz-runner__head">
        <p class="quiz-runner__kind">Quiz</p>
        <h2 class="quiz-runner__title" id={ids.title}>
          {quiz?.title ?? title}
        </h2>
        {quiz?.description && view.kind === 'overview' && <p class="quiz-runner__description">{quiz.description}</p>}
      </header>

      {view.kind === 'overview' && overview && quiz && (
        <div class="quiz-overview">
          <h3 class="visually-hidden" id={ids.overviewTitle} tabIndex={-1}>
            About this quiz
          </h3>
          <ul class="quiz-rules">
            {rulesText(quiz.rules, quiz.questionsPerAttempt, formatDateTime).map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <div class="quiz-grade">
            <p class="quiz-grade__label">Your grade</p>
            <p class={`quiz-grade__value${overview.grade.status === 'graded' ? (overview.grade.passed ? ' is-passed' : ' is-failed') : ''}`} data-grade={overview.grade.status}>
              {gradeText(overview.grade)}
            </p>
            {overview.grade.status !== 'not-attempted' && <p class="quiz-grade__basis">{overview.grade.basis}</p>}
          </div>
          {overview.attempts.length > 0 && (
            <table class="quiz-attempts">
              <caption>Your attempts</caption>
              <thead>
                <tr>
                  <th scope="col">Attempt</th>
                  <th scope="col">Result</th>
                  <th scope="col">Score</th>
                  <th scope="col">Submitted</th>
                  <th scope="col">
                    <span class="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {overview.attempts.map((a) => (
                  <tr key={a.id}>
                    <th scope="row">{a.number}</th>
                    <td>{attemptStatusText(a)}</td>
                    <td>{a.score === null ? '—' : scoreText(a.score, a.maxScore)}</td>
                    <td>{a.submittedAt ? `${formatDateTime(a.submittedAt)}${a.autoSubmitted ? ' (time ran out)' : ''}` : '—'}</td>
                    <td>
                      <button type="button" class="button button--secondary button--small" disabled={busy !== null} onClick={() => void openAttempt(a.id)}>
                        {a.status === 'open' ? 'Continue' : 'Review'}
                        <span class="visually-hidden"> attempt {a.number}</span>
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div class="quiz-start">
            {overview.start.canStart ? (
              <button type="button" class="button button--large" disabled={busy !== null} aria-busy={busy === 'start'} onClick={() => void start()}>
                {busy === 'start' ? 'Starting…' : overview.attempts.length ? `Start attempt ${overview.start.nextNumber}` : 'Start the quiz'}
              </button>
            ) : overview.start.code === 'attempt-in-progress' && overview.start.attemptId ? (
              <button type="button" class="button button--large" disabled={busy !== null} onClick={() => void openAttempt((overview.start as { attemptId: number }).attemptId)}>
                Continue your attempt
              </button>
            ) : (
              <p class="quiz-start__refusal" data-code={overview.start.code}>
                {refusalText({ status: 403, message: overview.start.message, details: { code: overview.start.code } })}
              </p>
            )}
            {overview.attemptsLeft !== null && (
              <p class="quiz-start__left">
                {overview.attemptsLeft} {overview.attemptsLeft === 1 ? 'attempt' : 'attempts'} left
              </p>
            )}
          </div>
        </div>
      )}

      {view.kind === 'attempt' && (
        <AttemptForm
          attempt={view.attempt}
          answers={answers}
          saveStates={saveStates}
          immediate={overview?.quiz.rules.feedbackMode === 'immediate'}
          checked={checked}
          checking={checking}
          onCheck={(questionId) => void checkQuestion(questionId)}
          secondsLeft={secondsLeft}
          busy={busy === 'submit'}
          confirming={confirming}
          unsavedWarning={unsavedWarning}
          ids={ids}
          idBase={idBase}
          onAnswer={changeAnswer}
          announce={setAnnouncement}
          onAskSubmit={() => {
            setConfirming(true);
            focusNext.current = ids.confirmTitle;
          }}
          onCancelSubmit={() => {
            setConfirming(false);
            setUnsavedWarning(false);
            focusNext.current = ids.submitButton;
          }}
          onSubmit={(force) => void submit(force)}
        />
      )}

      {view.kind === 'review' && <Review attempt={view.attempt} answers={answers} submittedNow={view.submittedNow} ids={ids} onBack={backToOverview} />}

      {(error || (!overview && !initialError)) && (
        <div class="quiz-error" id={ids.error} tabIndex={-1} role="alert">
          <p>{error ?? 'This quiz could not be loaded.'}</p>
          {!overview && (
            <button type="button" class="button button--secondary button--small" onClick={() => void refreshOverview()}>
              Try again
            </button>
          )}
        </div>
      )}
      <p class="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </p>
    </section>
  );
}

interface AttemptFormProps {
  attempt: AttemptView;
  answers: Record<string, AnswerWire>;
  saveStates: Record<string, SaveState>;
  /** The quiz shows each question's result when the learner checks it. */
  immediate: boolean;
  checked: Record<string, LearnerQuestionReview>;
  checking: string | null;
  onCheck(questionId: string): void;
  secondsLeft: number | null;
  busy: boolean;
  confirming: boolean;
  unsavedWarning: boolean;
  ids: Record<'attemptTitle' | 'confirmTitle' | 'submitButton', string>;
  idBase: string;
  onAnswer(questionId: string, answer: AnswerWire): void;
  announce(text: string): void;
  onAskSubmit(): void;
  onCancelSubmit(): void;
  onSubmit(force: boolean): void;
}

function saveText(state: SaveState | undefined): string {
  switch (state?.kind) {
    case undefined:
    case 'idle':
      return '';
    case 'pending':
      return 'Not saved yet';
    case 'saving':
      return 'Saving…';
    case 'saved':
      return 'Saved';
    case 'error':
      return state.retrying ? `Not saved: ${state.message} Trying again…` : `Not saved: ${state.message}`;
  }
}

function overallSaveText(questionIds: readonly string[], states: Record<string, SaveState>): { text: string; kind: string } {
  const list = questionIds.map((id) => states[id]).filter((s): s is SaveState => s !== undefined);
  const failed = list.filter((s) => s.kind === 'error').length;
  if (failed) return { text: `${failed} ${failed === 1 ? 'answer' : 'answers'} not saved`, kind: 'error' };
  if (list.some((s) => s.kind === 'pending' || s.kind === 'saving')) return { text: 'Saving…', kind: 'saving' };
  if (list.some((s) => s.kind === 'saved')) return { text: 'All answers saved', kind: 'saved' };
  return { text: 'Answers save as you go', kind: 'idle' };
}

function AttemptForm(props: AttemptFormProps) {
  const { attempt, answers, saveStates, secondsLeft, busy, confirming, unsavedWarning, ids, idBase } = props;
  const questions = attempt.paper.questions;
  const overall = overallSaveText(
    questions.map((q) => q.id),
    saveStates,
  );
  const notAnswered = questions.filter((q) => answerProgress(q, answers[q.id]) !== 'answered').length;
  const lowTime = secondsLeft !== null && secondsLeft <= 60;
  return (
    <div class="quiz-attempt">
      <div class="quiz-bar">
        <h3 class="quiz-bar__title" id={ids.attemptTitle} tabIndex={-1}>
          Attempt {attempt.number}
        </h3>
        <p class="quiz-bar__answered">{answeredText(questions, answers)}</p>
        <p class="quiz-bar__saved" data-save={overall.kind}>
          {overall.text}
        </p>
        {secondsLeft !== null && (
          <p class={`quiz-timer${lowTime ? ' is-low' : ''}`}>
            <span class="visually-hidden">Time left: </span>
            <span role="timer" aria-label={countdownWords(secondsLeft)}>
              {formatCountdown(secondsLeft)}
            </span>
          </p>
        )}
      </div>
      <form
        class="quiz-questions"
        noValidate
        // Enter in a text field must not submit the attempt: only the Submit button does, after confirming.
        onSubmit={(e) => e.preventDefault()}
      >
        {questions.map((q, i) => {
          const state = saveStates[q.id];
          const result = props.checked[q.id];
          const answered = answerProgress(q, answers[q.id]) !== 'empty';
          return (
            <QuestionField
              key={q.id}
              question={q}
              number={i + 1}
              total={questions.length}
              idBase={idBase}
              answer={answers[q.id]}
              onAnswer={(a) => props.onAnswer(q.id, a)}
              announce={props.announce}
              disabled={busy || Boolean(result) || props.checking === q.id}
              status={
                <>
                  <p class="quiz-q__save" data-save={state?.kind ?? 'idle'}>
                    {state?.kind === 'saved' && (
                      <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.5" aria-hidden="true">
                        <path d="m5 12.5 4.5 4.5L19 7.5" />
                      </svg>
                    )}
                    {result ? 'Checked: this answer is final' : saveText(state)}
                  </p>
                  {result ? (
                    <div class={`quiz-check${result.outcome ? ` is-${result.outcome}` : ''}`} data-outcome={result.outcome ?? 'hidden'}>
                      <ReviewVerdict review={result} />
                      <ReviewDetails review={result} />
                    </div>
                  ) : (
                    props.immediate && (
                      <p class="quiz-check__action">
                        <button
                          type="button"
                          class="button button--secondary button--small"
                          disabled={busy || !answered || props.checking !== null}
                          aria-busy={props.checking === q.id}
                          onClick={() => props.onCheck(q.id)}
                        >
                          {props.checking === q.id ? 'Checking…' : 'Check answer'}
                          <span class="visually-hidden"> to question {i + 1}</span>
                        </button>
                        <span class="muted"> Checking shows the result; the answer cannot change afterwards.</span>
                      </p>
                    )
                  )}
                </>
              }
            />
          );
        })}
        <div class="quiz-submit">
          {!confirming ? (
            <button type="button" class="button button--large" id={ids.submitButton} disabled={busy} onClick={props.onAskSubmit}>
              Submit answers…
            </button>
          ) : (
            <div class="quiz-confirm" role="group" aria-labelledby={ids.confirmTitle}>
              <h4 class="quiz-confirm__title" id={ids.confirmTitle} tabIndex={-1}>
                Submit attempt {attempt.number}?
              </h4>
              <p>
                {notAnswered > 0
                  ? `${notAnswered} of ${questions.length} ${questions.length === 1 ? 'question is' : 'questions are'} not fully answered. `
                  : 'Every question is answered. '}
                You cannot change your answers after submitting.
              </p>
              {unsavedWarning && (
                <p class="quiz-confirm__warning" role="alert">
                  Some answers could not be saved (see the questions marked “Not saved”). Check your connection and submit again, or submit without them.
                </p>
              )}
              <div class="quiz-confirm__actions">
                <button type="button" class="button" disabled={busy} aria-busy={busy} onClick={() => props.onSubmit(unsavedWarning)}>
                  {busy ? 'Submitting…' : unsavedWarning ? 'Submit without them' : 'Submit now'}
                </button>
                <button type="button" class="button button--secondary" disabled={busy} onClick={props.onCancelSubmit}>
                  Keep working
                </button>
              </div>
            </div>
          )}
        </div>
      </form>
    </div>
  );
}

function Review({
  attempt,
  answers,
  submittedNow,
  ids,
  onBack,
}: {
  attempt: AttemptView;
  answers: Record<string, AnswerWire>;
  submittedNow: boolean | null;
  ids: Record<'resultTitle', string>;
  onBack(): void;
}) {
  const release = attempt.review?.release;
  const reviews = new Map((attempt.review?.questions ?? []).map((r) => [r.questionId, r]));
  const questions = attempt.paper.questions;
  const pending = attempt.status === 'pending_review';
  return (
    <div class="quiz-result">
      <div class={`quiz-result__summary${attempt.passed === true ? ' is-passed' : attempt.passed === false ? ' is-failed' : ''}`}>
        <h3 class="quiz-result__title" id={ids.resultTitle} tabIndex={-1}>
          {submittedNow === null ? `Attempt ${attempt.number}` : `Attempt ${attempt.number} submitted`}
        </h3>
        {submittedNow === false && <p>This attempt had already been submitted; here is its result.</p>}
        {attempt.autoSubmitted && <p>Time ran out, so the attempt was submitted with the answers saved in time.</p>}
        {release?.score && attempt.score !== null ? (
          <p class="quiz-result__score">
            {pending ? 'Score so far: ' : 'Score: '}
            <strong>
              {scoreText(attempt.score, attempt.maxScore)} {attempt.maxScore === 1 ? 'point' : 'points'}
            </strong>
            {attempt.percent !== null && <> ({percentText(attempt.percent)})</>}
            {attempt.passed !== null && <strong class="quiz-result__verdict">{attempt.passed ? ' · Passed' : ' · Not passed'}</strong>}
          </p>
        ) : (
          <p class="quiz-result__score">Your answers are in. {release?.reason ? `The score is not shown yet: ${release.reason}.` : ''}</p>
        )}
        {pending && (
          <p>
            {attempt.pendingPoints} {attempt.pendingPoints === 1 ? 'point waits' : 'points wait'} for your instructor to grade written answers; the result is final after that.
          </p>
        )}
        {release && !release.correctness && <p class="muted">Correct answers are not shown: {release.reason}.</p>}
      </div>
      <div class="quiz-review">
        {questions.map((q, i) => (
          <QuestionReview key={q.id} question={q} number={i + 1} total={questions.length} answer={answers[q.id]} review={reviews.get(q.id)} headingLevel={4} />
        ))}
      </div>
      <p class="quiz-result__actions">
        <button type="button" class="button button--secondary" onClick={onBack}>
          Back to the quiz
        </button>
      </p>
    </div>
  );
}

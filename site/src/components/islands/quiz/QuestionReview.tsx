import type { AnswerWire, LearnerQuestion, LearnerQuestionReview } from '@contracts/quizzes';
import { blanksOf, booleanOf, itemIdsOf, matchesOf, optionIdOf, optionIdsOf, OUTCOME_TEXT, pointsText, scoreText, textOf } from '../../../lib/quiz-runner';
import { Prompt } from './Prompt';

interface Props {
  question: LearnerQuestion;
  number: number;
  total: number;
  answer: AnswerWire | undefined;
  review: LearnerQuestionReview | undefined;
  headingLevel: 3 | 4;
}

const NOT_ANSWERED = <em class="muted">No answer</em>;

/** The learner's own answer, read-only, in words. */
function YourAnswer({ question, answer }: { question: LearnerQuestion; answer: AnswerWire | undefined }) {
  if (answer === undefined) return NOT_ANSWERED;
  switch (question.type) {
    case 'single-choice': {
      const o = question.options.find((x) => x.id === optionIdOf(answer));
      return o ? <Prompt text={o.text} /> : NOT_ANSWERED;
    }
    case 'multiple-choice': {
      const picked = optionIdsOf(answer);
      const chosen = question.options.filter((o) => picked.includes(o.id));
      return chosen.length ? (
        <ul>
          {chosen.map((o) => (
            <li key={o.id}>
              <Prompt text={o.text} />
            </li>
          ))}
        </ul>
      ) : (
        NOT_ANSWERED
      );
    }
    case 'true-false': {
      const v = booleanOf(answer);
      return v === null ? NOT_ANSWERED : <>{v ? 'True' : 'False'}</>;
    }
    case 'short-answer':
    case 'numeric':
      return textOf(answer).trim() ? <>{textOf(answer)}</> : NOT_ANSWERED;
    case 'essay':
      return textOf(answer).trim() ? <p class="quiz-review__essay">{textOf(answer)}</p> : NOT_ANSWERED;
    case 'ordering': {
      const ids = itemIdsOf(answer) ?? [];
      return ids.length ? (
        <ol>
          {ids.map((id) => (
            <li key={id}>
              <Prompt text={question.items.find((i) => i.id === id)?.text ?? id} />
            </li>
          ))}
        </ol>
      ) : (
        NOT_ANSWERED
      );
    }
    case 'matching': {
      const m = matchesOf(answer);
      return (
        <ul>
          {question.left.map((l) => (
            <li key={l.id}>
              <Prompt text={l.text} /> → {question.right.find((r) => r.id === m[l.id])?.text ?? <em class="muted">no match</em>}
            </li>
          ))}
        </ul>
      );
    }
    case 'fill-blanks': {
      const blanks = blanksOf(answer, question.blankCount);
      return (
        <span>
          {question.segments.map((s, i) =>
            s.kind === 'text' ? (
              <Prompt text={s.text} key={i} />
            ) : (
              <mark class="quiz-review__blank" key={i}>
                {blanks[s.blank - 1]?.trim() || '—'}
              </mark>
            ),
          )}
        </span>
      );
    }
  }
}

/** The verdict line of a reviewed question: right / partly / wrong, and the points. */
export function ReviewVerdict({ review }: { review: LearnerQuestionReview | undefined }) {
  const outcome = review?.outcome;
  return (
    <p class="quiz-review__verdict">
      {outcome && <span class={`quiz-outcome quiz-outcome--${outcome}`}>{OUTCOME_TEXT[outcome]}</span>}
      {review && review.points !== undefined && (
        <span class="quiz-review__points">
          {review.points === null ? `not graded yet (out of ${pointsText(review.maxPoints)})` : `${scoreText(review.points, review.maxPoints)} ${review.maxPoints === 1 ? 'point' : 'points'}`}
        </span>
      )}
    </p>
  );
}

/** What a review says beyond the verdict: the instructor's comment, the feedback, how it was graded. */
export function ReviewDetails({ review }: { review: LearnerQuestionReview | undefined }) {
  return (
    <>
      {review?.comment && (
        <p class="quiz-review__comment">
          <span class="quiz-review__label">Instructor's comment</span> {review.comment}
        </p>
      )}
      {review?.feedback && review.feedback.length > 0 && (
        <div class="quiz-review__feedback">
          <span class="quiz-review__label">Feedback</span>
          {review.feedback.map((f, i) => (
            <p key={i}>
              <Prompt text={f} />
            </p>
          ))}
        </div>
      )}
      {review?.explanation && (
        <details class="quiz-review__explanation">
          <summary>How this was graded: {review.explanation.summary}</summary>
          <p class="muted">Rule: {review.explanation.rule}</p>
          <ul>
            {review.explanation.parts.map((p, i) => (
              <li key={i}>
                <strong>{p.label}</strong>: {p.detail}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}

/** One question after submission: the answer given, and exactly what the quiz's feedback mode released. */
export function QuestionReview({ question, number, total, answer, review, headingLevel }: Props) {
  const Heading = `h${headingLevel}` as 'h3' | 'h4';
  const outcome = review?.outcome;
  return (
    <article class={`quiz-review__item${outcome ? ` is-${outcome}` : ''}`} data-outcome={outcome ?? 'hidden'}>
      <header class="quiz-review__head">
        <Heading class="quiz-review__title">
          <span class="quiz-q__number">
            Question {number} of {total}
          </span>
          <span class="quiz-q__prompt">
            <Prompt text={question.prompt} />
          </span>
        </Heading>
        <ReviewVerdict review={review} />
      </header>
      <div class="quiz-review__answer">
        <span class="quiz-review__label">Your answer</span>
        <YourAnswer question={question} answer={answer} />
      </div>
      <ReviewDetails review={review} />
    </article>
  );
}

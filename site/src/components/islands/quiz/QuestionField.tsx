import type { AnswerWire, LearnerQuestion } from '@contracts/quizzes';
import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import {
  blanksOf,
  booleanOf,
  countWords,
  itemIdsOf,
  matchesOf,
  moveItem,
  optionIdOf,
  optionIdsOf,
  orderOf,
  textOf,
  wordCountText,
} from '../../../lib/quiz-runner';
import { Prompt } from './Prompt';

interface Props {
  question: LearnerQuestion;
  number: number;
  total: number;
  /** Prefix for element ids, unique on the page. */
  idBase: string;
  answer: AnswerWire | undefined;
  onAnswer(answer: AnswerWire): void;
  /** Says something to screen readers (ordering moves). */
  announce(text: string): void;
  disabled: boolean;
  /** The save state line, rendered inside the fieldset so it stays with its question. */
  status: ComponentChildren;
}

function pointsLabel(points: number): string {
  const n = Number(points.toFixed(3));
  return `${n} ${n === 1 ? 'point' : 'points'}`;
}

/**
 * One question of an attempt as a fieldset whose legend is the prompt, with the native controls
 * for its type (radios, checkboxes, text fields, selects, buttons), so it works by keyboard and
 * with screen readers without extra roles.
 */
export function QuestionField({ question, number, total, idBase, answer, onAnswer, announce, disabled, status }: Props) {
  const id = `${idBase}-${question.id}`;
  return (
    <fieldset class="quiz-q" id={id} data-question-type={question.type} disabled={disabled}>
      <legend class="quiz-q__legend">
        <span class="quiz-q__number">
          Question {number} of {total} · {pointsLabel(question.points)}
        </span>
        <span class="quiz-q__prompt">
          <Prompt text={question.prompt} />
        </span>
      </legend>
      <Control question={question} id={id} answer={answer} onAnswer={onAnswer} announce={announce} />
      {status}
    </fieldset>
  );
}

interface ControlProps {
  question: LearnerQuestion;
  id: string;
  answer: AnswerWire | undefined;
  onAnswer(answer: AnswerWire): void;
  announce(text: string): void;
}

function Control({ question, id, answer, onAnswer, announce }: ControlProps) {
  switch (question.type) {
    case 'single-choice': {
      const picked = optionIdOf(answer);
      return (
        <div class="quiz-choices">
          {question.options.map((o) => (
            <label class="quiz-choice" key={o.id}>
              <input type="radio" name={id} value={o.id} checked={picked === o.id} onChange={() => onAnswer({ optionId: o.id })} />
              <span>
                <Prompt text={o.text} />
              </span>
            </label>
          ))}
        </div>
      );
    }
    case 'multiple-choice': {
      const picked = optionIdsOf(answer);
      return (
        <div class="quiz-choices">
          <p class="quiz-q__hint" id={`${id}-hint`}>
            Select all that apply.
          </p>
          {question.options.map((o) => (
            <label class="quiz-choice" key={o.id}>
              <input
                type="checkbox"
                name={id}
                value={o.id}
                aria-describedby={`${id}-hint`}
                checked={picked.includes(o.id)}
                onChange={(e) => {
                  const on = (e.currentTarget as HTMLInputElement).checked;
                  // Kept in the order shown, so the same choice always saves the same answer.
                  const next = question.options.map((x) => x.id).filter((x) => (x === o.id ? on : picked.includes(x)));
                  onAnswer({ optionIds: next });
                }}
              />
              <span>
                <Prompt text={o.text} />
              </span>
            </label>
          ))}
        </div>
      );
    }
    case 'true-false': {
      const value = booleanOf(answer);
      return (
        <div class="quiz-choices quiz-choices--inline">
          {[true, false].map((v) => (
            <label class="quiz-choice" key={String(v)}>
              <input type="radio" name={id} value={String(v)} checked={value === v} onChange={() => onAnswer({ value: v })} />
              <span>{v ? 'True' : 'False'}</span>
            </label>
          ))}
        </div>
      );
    }
    case 'short-answer':
      return (
        <div class="quiz-field">
          <label for={`${id}-text`}>Your answer</label>
          <input
            id={`${id}-text`}
            type="text"
            autocomplete="off"
            spellcheck={false}
            maxLength={1000}
            value={textOf(answer)}
            onInput={(e) => onAnswer({ text: (e.currentTarget as HTMLInputElement).value })}
          />
        </div>
      );
    case 'numeric':
      return (
        <div class="quiz-field">
          <label for={`${id}-number`}>Your answer (a number)</label>
          <input
            id={`${id}-number`}
            type="text"
            inputMode="decimal"
            autocomplete="off"
            maxLength={64}
            aria-describedby={`${id}-number-hint`}
            value={textOf(answer)}
            onInput={(e) => onAnswer({ value: (e.currentTarget as HTMLInputElement).value })}
          />
          <p class="quiz-q__hint" id={`${id}-number-hint`}>
            For example 1.67; a decimal comma (1,67) works too.
          </p>
        </div>
      );
    case 'ordering':
      return <Ordering question={question} id={id} answer={answer} onAnswer={onAnswer} announce={announce} />;
    case 'matching': {
      const matches = matchesOf(answer);
      return (
        <div class="quiz-matching">
          {question.left.map((l) => (
            <div class="quiz-matching__row" key={l.id}>
              <label for={`${id}-${l.id}`}>
                <Prompt text={l.text} />
              </label>
              <select
                id={`${id}-${l.id}`}
                value={matches[l.id] ?? ''}
                onChange={(e) => {
                  const value = (e.currentTarget as HTMLSelectElement).value;
                  const next: Record<string, string | null> = {};
                  for (const x of question.left) next[x.id] = x.id === l.id ? value || null : (matches[x.id] ?? null);
                  onAnswer({ matches: next });
                }}
              >
                <option value="">Choose a match…</option>
                {question.right.map((r) => (
                  <option value={r.id} key={r.id}>
                    {r.text}
                  </option>
                ))}
              </select>
            </div>
          ))}
        </div>
      );
    }
    case 'fill-blanks': {
      const blanks = blanksOf(answer, question.blankCount);
      return (
        <p class="quiz-blanks">
          {question.segments.map((s, i) =>
            s.kind === 'text' ? (
              <Prompt text={s.text} key={i} />
            ) : (
              <input
                key={i}
                type="text"
                class="quiz-blanks__input"
                aria-label={`Blank ${s.blank} of ${question.blankCount}`}
                autocomplete="off"
                spellcheck={false}
                maxLength={200}
                value={blanks[s.blank - 1] ?? ''}
                onInput={(e) => {
                  const next = [...blanks];
                  next[s.blank - 1] = (e.currentTarget as HTMLInputElement).value;
                  onAnswer({ blanks: next });
                }}
              />
            ),
          )}
        </p>
      );
    }
    case 'essay': {
      const text = textOf(answer);
      const count = wordCountText(countWords(text), question.minWords, question.maxWords);
      return (
        <div class="quiz-field">
          {question.guidance && (
            <p class="quiz-q__hint" id={`${id}-guidance`}>
              {question.guidance}
            </p>
          )}
          <label for={`${id}-essay`}>Your answer</label>
          <textarea
            id={`${id}-essay`}
            rows={8}
            maxLength={50_000}
            aria-describedby={[question.guidance ? `${id}-guidance` : '', `${id}-words`].filter(Boolean).join(' ')}
            value={text}
            onInput={(e) => onAnswer({ text: (e.currentTarget as HTMLTextAreaElement).value })}
          />
          <p class={`quiz-q__words${count.within ? '' : ' is-outside'}`} id={`${id}-words`}>
            {count.text}
          </p>
        </div>
      );
    }
  }
}

/**
 * Ordering by buttons: each item has Move up / Move down; focus stays on the moved item (on
 * the other button when it reaches an end) and the new position is announced. Until the
 * learner moves something or keeps the order shown, the question is unanswered.
 */
function Ordering({ question, id, answer, onAnswer, announce }: ControlProps & { question: Extract<LearnerQuestion, { type: 'ordering' }> }) {
  const order = orderOf(question, answer);
  const answered = itemIdsOf(answer) !== null;
  const list = useRef<HTMLOListElement>(null);
  const textOfItem = (itemId: string) => question.items.find((i) => i.id === itemId)?.text ?? itemId;

  function move(index: number, delta: -1 | 1) {
    const next = moveItem(order, index, delta);
    const itemId = order[index] as string;
    onAnswer({ itemIds: next });
    const to = index + delta;
    announce(`“${textOfItem(itemId)}” moved to position ${to + 1} of ${order.length}.`);
    // After the re-render: the same item's button in the same direction, or the other one at an end.
    requestAnimationFrame(() => {
      const row = list.current?.querySelector<HTMLElement>(`[data-item="${CSS.escape(itemId)}"]`);
      const same = row?.querySelector<HTMLButtonElement>(delta < 0 ? '[data-move="up"]' : '[data-move="down"]');
      const other = row?.querySelector<HTMLButtonElement>(delta < 0 ? '[data-move="down"]' : '[data-move="up"]');
      (same && !same.disabled ? same : other)?.focus();
    });
  }

  return (
    <div class="quiz-ordering">
      <p class="quiz-q__hint" id={`${id}-hint`}>
        Put the items in order with the Move up and Move down buttons (first at the top).
      </p>
      <ol ref={list} class="quiz-ordering__list" aria-describedby={`${id}-hint`}>
        {order.map((itemId, index) => (
          <li class="quiz-ordering__item" key={itemId} data-item={itemId}>
            <span class="quiz-ordering__position" aria-hidden="true">
              {index + 1}
            </span>
            <span class="quiz-ordering__text">
              <Prompt text={textOfItem(itemId)} />
            </span>
            <span class="quiz-ordering__buttons">
              <button type="button" class="quiz-icon-button" data-move="up" disabled={index === 0} onClick={() => move(index, -1)}>
                <span aria-hidden="true">↑</span>
                <span class="visually-hidden">
                  Move “{textOfItem(itemId)}” up (now {index + 1} of {order.length})
                </span>
              </button>
              <button type="button" class="quiz-icon-button" data-move="down" disabled={index === order.length - 1} onClick={() => move(index, 1)}>
                <span aria-hidden="true">↓</span>
                <span class="visually-hidden">
                  Move “{textOfItem(itemId)}” down (now {index + 1} of {order.length})
                </span>
              </button>
            </span>
          </li>
        ))}
      </ol>
      {!answered && (
        <p class="quiz-ordering__keep">
          <button type="button" class="button button--secondary button--small" onClick={() => onAnswer({ itemIds: order })}>
            Keep this order
          </button>
          <span class="quiz-q__hint">Not answered yet: move items, or keep the order shown as your answer.</span>
        </p>
      )}
    </div>
  );
}

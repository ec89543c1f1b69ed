/**
 * What a simulated learner answers (pure): for each question of their paper (the learner view the
 * start route returned: shuffled, ids only, no keys), the right answer with the learner's skill as
 * probability, otherwise a plausible wrong one. The right answers come from the quiz the benchmark
 * authored (content.ts), matched by prompt and text, never from the server: scores then spread as
 * in a real class (some fail, some pass, partial credit happens) and every grading rule runs.
 */
import type { LearnerQuestion } from '../../../plugins/lms-grading/server/src/domain/learner-view';
import type { AnswerWire } from '../../../plugins/lms-grading/server/src/quizzes/contracts';
import { pickOne } from '../lib/work';

/** The authored question as the benchmark created it (a question component's `data`). */
export interface AuthoredQuestion {
  __component: string;
  prompt: string;
  options?: ReadonlyArray<{ text: string; correct: boolean }>;
  correctAnswer?: boolean;
  acceptedAnswers?: ReadonlyArray<{ text: string }>;
  value?: number;
  items?: ReadonlyArray<{ text: string }>;
  pairs?: ReadonlyArray<{ left: string; right: string }>;
  blanks?: ReadonlyArray<{ acceptedAnswers: string }>;
}

export type AnswerKey = ReadonlyMap<string, AuthoredQuestion>;

export function answerKeyOf(questions: readonly AuthoredQuestion[]): AnswerKey {
  return new Map(questions.map((q) => [q.prompt, q]));
}

const WRONG_TEXTS = ['not sure', 'maybe', 'none', 'all of them'];

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function authoredFor(key: AnswerKey, question: LearnerQuestion): AuthoredQuestion {
  const authored = key.get(question.prompt);
  if (!authored) throw new Error(`the paper has a question the benchmark did not author: "${question.prompt}"`);
  return authored;
}

function rightAnswer(question: LearnerQuestion, authored: AuthoredQuestion): AnswerWire {
  const isCorrect = (text: string) => authored.options?.find((o) => o.text === text)?.correct === true;
  switch (question.type) {
    case 'single-choice':
      return { optionId: question.options.find((o) => isCorrect(o.text))?.id ?? null };
    case 'multiple-choice':
      return { optionIds: question.options.filter((o) => isCorrect(o.text)).map((o) => o.id) };
    case 'true-false':
      return { value: authored.correctAnswer ?? null };
    case 'short-answer':
      return { text: authored.acceptedAnswers?.[0]?.text ?? '' };
    case 'numeric':
      return { value: String(authored.value ?? '') };
    case 'ordering': {
      const position = (text: string) => authored.items?.findIndex((i) => i.text === text) ?? -1;
      return { itemIds: [...question.items].sort((a, b) => position(a.text) - position(b.text)).map((i) => i.id) };
    }
    case 'matching': {
      const rightOf = (left: string) => authored.pairs?.find((p) => p.left === left)?.right;
      return { matches: Object.fromEntries(question.left.map((l) => [l.id, question.right.find((r) => r.text === rightOf(l.text))?.id ?? null])) };
    }
    case 'fill-blanks':
      return { blanks: Array.from({ length: question.blankCount }, (_, i) => authored.blanks?.[i]?.acceptedAnswers.split('|')[0] ?? '') };
    case 'essay':
      return { text: 'An answer of a few words.' };
  }
}

function wrongAnswer(question: LearnerQuestion, authored: AuthoredQuestion, random: () => number): AnswerWire {
  switch (question.type) {
    case 'single-choice':
      return { optionId: pickOne(random, question.options).id };
    case 'multiple-choice':
      // One to all options, picked at random: usually partly right, partly wrong.
      return { optionIds: shuffled(question.options, random).slice(0, 1 + Math.floor(random() * question.options.length)).map((o) => o.id) };
    case 'true-false':
      return { value: !(authored.correctAnswer ?? false) };
    case 'short-answer':
    case 'essay':
      return { text: pickOne(random, WRONG_TEXTS) };
    case 'numeric':
      return { value: ((authored.value ?? 0) + 1 + Math.floor(random() * 9)).toFixed(2) };
    case 'ordering':
      return { itemIds: shuffled(question.items, random).map((i) => i.id) };
    case 'matching': {
      const rights = shuffled(question.right, random);
      return { matches: Object.fromEntries(question.left.map((l, i) => [l.id, rights[i]?.id ?? null])) };
    }
    case 'fill-blanks':
      return { blanks: Array.from({ length: question.blankCount }, () => pickOne(random, WRONG_TEXTS)) };
  }
}

/** The learner's answer to one question: right with probability `skill` (0–1). */
export function answerFor(question: LearnerQuestion, key: AnswerKey, skill: number, random: () => number): AnswerWire {
  const authored = authoredFor(key, question);
  return random() < skill ? rightAnswer(question, authored) : wrongAnswer(question, authored, random);
}

/**
 * Turns catalog data into the `data` the Document Service expects: dynamic-zone entries with
 * their `__component`, repeatable components as arrays of objects, relations as documentIds and
 * media as file ids. Pure functions: the ids come in through `refs`.
 */
import type { AssignmentSeed, LessonBlockSeed, MediaSeed, QuestionSeed, QuizSeed } from './types';

export interface BlockRefs {
  mediaId(seed: MediaSeed): number;
  quizDocumentId(quiz: QuizSeed): string;
  assignmentDocumentId(assignment: AssignmentSeed): string;
}

export type ComponentData = { __component: string } & Record<string, unknown>;

export function lessonBlockData(block: LessonBlockSeed, refs: BlockRefs): ComponentData {
  switch (block.kind) {
    case 'rich-text':
      return { __component: 'blocks.rich-text', body: block.body };
    case 'video':
      return {
        __component: 'blocks.video',
        title: block.title,
        provider: block.provider,
        ...(block.provider === 'upload' ? { file: refs.mediaId(block.media) } : { url: block.url }),
        durationSeconds: block.durationSeconds,
        completionThreshold: block.completionThreshold ?? 90,
      };
    case 'file':
      return { __component: 'blocks.file', title: block.title, description: block.description, file: refs.mediaId(block.media) };
    case 'h5p':
      return { __component: 'blocks.h5p', title: block.title, package: refs.mediaId(block.media), graded: block.graded };
    case 'quiz':
      return { __component: 'blocks.quiz', quiz: refs.quizDocumentId(block.quiz), countsTowardCompletion: block.countsTowardCompletion ?? true };
    case 'assignment':
      return {
        __component: 'blocks.assignment',
        assignment: refs.assignmentDocumentId(block.assignment),
        countsTowardCompletion: block.countsTowardCompletion ?? true,
      };
    case 'external-tool':
      return { __component: 'blocks.external-tool', title: block.title, url: block.url, lti: block.lti ?? false, openInNewTab: block.openInNewTab ?? true };
  }
}

export function questionData(question: QuestionSeed): ComponentData {
  const base = { prompt: question.prompt, points: question.points, feedback: question.feedback };
  switch (question.type) {
    case 'single-choice':
      return { __component: 'question.single-choice', ...base, options: question.options };
    case 'multiple-choice':
      return { __component: 'question.multiple-choice', ...base, options: question.options, partialCredit: question.partialCredit };
    case 'true-false':
      return { __component: 'question.true-false', ...base, correctAnswer: question.correctAnswer };
    case 'short-answer':
      return {
        __component: 'question.short-answer',
        ...base,
        acceptedAnswers: question.acceptedAnswers.map((text) => ({ text })),
        caseSensitive: question.caseSensitive ?? false,
        ignoreWhitespace: question.ignoreWhitespace ?? true,
      };
    case 'numeric':
      return { __component: 'question.numeric', ...base, value: question.value, tolerance: question.tolerance };
    case 'ordering':
      return { __component: 'question.ordering', ...base, items: question.items.map((text) => ({ text })) };
    case 'matching':
      return { __component: 'question.matching', ...base, pairs: question.pairs.map(([left, right]) => ({ left, right })) };
    case 'fill-blanks':
      return {
        __component: 'question.fill-blanks',
        ...base,
        text: question.text,
        blanks: question.blanks.map((b) => ({ acceptedAnswers: b.acceptedAnswers.join('|'), caseSensitive: b.caseSensitive ?? false })),
      };
    case 'essay':
      return { __component: 'question.essay', ...base, minWords: question.minWords, maxWords: question.maxWords, guidance: question.guidance };
  }
}

export function quizData(quiz: QuizSeed, courseDocumentId: string): Record<string, unknown> {
  const { questions, ...settings } = quiz;
  return { ...settings, course: courseDocumentId, questions: questions.map(questionData) };
}

export function assignmentData(assignment: AssignmentSeed, courseDocumentId: string): Record<string, unknown> {
  return { ...assignment, course: courseDocumentId };
}

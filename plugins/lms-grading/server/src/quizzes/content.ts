import type { Core } from '@strapi/strapi';
import { GradingError, parseQuizRules, type QuizDrawSettings, type QuizRules } from '../domain';

const QUIZ = 'api::quiz.quiz';

/** The quiz's `questions` dynamic zone with every nested component (answer keys included). */
const QUESTIONS_POPULATE = {
  on: {
    'question.single-choice': { populate: { options: true } },
    'question.multiple-choice': { populate: { options: true } },
    'question.true-false': true,
    'question.short-answer': { populate: { acceptedAnswers: true } },
    'question.numeric': true,
    'question.ordering': { populate: { items: true } },
    'question.matching': { populate: { pairs: true } },
    'question.fill-blanks': { populate: { blanks: true } },
    'question.essay': true,
  },
};

const SETTINGS_FIELDS = [
  'title',
  'description',
  'passingScore',
  'maxAttempts',
  'timeLimitMinutes',
  'shuffleQuestions',
  'shuffleOptions',
  'questionsPerAttempt',
  'feedbackMode',
  'attemptPolicy',
  'dueDate',
] as const;

type QuizRow = Record<(typeof SETTINGS_FIELDS)[number], unknown> & {
  documentId: string;
  course?: { documentId: string; title: string } | null;
  questions?: unknown[];
};

/** A published quiz as lms-grading uses it. `questions` (raw, with keys) only when asked for. */
export interface QuizDocument {
  documentId: string;
  title: string;
  description: string | null;
  course: { documentId: string; title: string } | null;
  /** The rules, or the authoring problem that makes the quiz unusable (named field). */
  rules: QuizRules | GradingError;
  draw: QuizDrawSettings;
  /** Raw dynamic-zone entries; present only with `{ questions: true }`. */
  questions?: unknown[];
}

// Booleans of question components (SQLite may hand back 0/1).
const BOOLEAN_KEYS = new Set(['correct', 'partialCredit', 'correctAnswer', 'caseSensitive', 'ignoreWhitespace']);

/** Turns 0/1 into booleans for the known boolean keys, recursively, so the domain parser sees booleans. */
function normaliseBooleans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normaliseBooleans);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = BOOLEAN_KEYS.has(k) && (v === 0 || v === 1) ? v === 1 : normaliseBooleans(v);
    return out;
  }
  return value;
}

const asBool = (v: unknown): boolean => v === true || v === 1;

function toQuizDocument(row: QuizRow): QuizDocument {
  let rules: QuizRules | GradingError;
  try {
    // SQLite may hand a datetime back as epoch milliseconds.
    rules = parseQuizRules(typeof row.dueDate === 'number' ? { ...row, dueDate: new Date(row.dueDate) } : row);
  } catch (error) {
    if (!(error instanceof GradingError)) throw error;
    rules = error;
  }
  const perAttempt = row.questionsPerAttempt;
  return {
    documentId: row.documentId,
    title: String(row.title ?? ''),
    description: typeof row.description === 'string' ? row.description : null,
    course: row.course ? { documentId: row.course.documentId, title: row.course.title } : null,
    rules,
    draw: {
      shuffleQuestions: asBool(row.shuffleQuestions),
      shuffleOptions: asBool(row.shuffleOptions),
      questionsPerAttempt: typeof perAttempt === 'number' ? perAttempt : null,
    },
    ...(row.questions ? { questions: normaliseBooleans(row.questions) as unknown[] } : {}),
  };
}

/**
 * Reads published quizzes through the Document Service (drafts never reach a learner). The one
 * place that knows the quiz content type's shape.
 */
export const createQuizContentService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The published quiz, its course, and (when asked) its questions with keys; null when unknown or a draft. */
  async findQuiz(documentId: string, opts: { questions?: boolean } = {}): Promise<QuizDocument | null> {
    const row = (await strapi.documents(QUIZ).findOne({
      documentId,
      status: 'published',
      fields: [...SETTINGS_FIELDS],
      populate: {
        course: { fields: ['title'] },
        ...(opts.questions ? { questions: QUESTIONS_POPULATE } : {}),
      },
    } as never)) as unknown as QuizRow | null;
    return row ? toQuizDocument(row) : null;
  },

  /** Several published quizzes' settings (no questions), by documentId. */
  async findQuizzes(documentIds: readonly string[]): Promise<Map<string, QuizDocument>> {
    const out = new Map<string, QuizDocument>();
    if (documentIds.length === 0) return out;
    const rows = (await strapi.documents(QUIZ).findMany({
      status: 'published',
      filters: { documentId: { $in: [...new Set(documentIds)] } },
      fields: [...SETTINGS_FIELDS],
      populate: { course: { fields: ['title'] } },
      limit: documentIds.length,
    } as never)) as unknown as QuizRow[];
    for (const row of rows) out.set(row.documentId, toQuizDocument(row));
    return out;
  },

  /** Titles of quizzes by documentId, drafts included (for lists of old attempts). */
  async quizTitles(documentIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (documentIds.length === 0) return out;
    const rows = (await strapi.db.query(QUIZ).findMany({
      where: { documentId: { $in: [...new Set(documentIds)] } },
      select: ['documentId', 'title', 'publishedAt'],
    })) as Array<{ documentId: string; title: string; publishedAt: unknown }>;
    // The published version's title wins over the draft's.
    for (const r of rows.sort((a, b) => Number(Boolean(a.publishedAt)) - Number(Boolean(b.publishedAt)))) out.set(r.documentId, r.title);
    return out;
  },
});

export type QuizContentService = ReturnType<typeof createQuizContentService>;

/** Stateless: made on demand rather than registered as a Strapi service. */
export const quizContentOf = (strapi: Core.Strapi): QuizContentService => createQuizContentService({ strapi });

import { describe, expect, it } from 'vitest';
import {
  buildAttempt,
  gradeAttempt,
  parseAnswer,
  parseQuizQuestions,
  toLearnerPaper,
  type Answer,
} from '../../../plugins/lms-grading/server/src/domain';
import { seededRandom } from '../lib/work';
import { answerFor, answerKeyOf } from './answers';
import { BENCH_QUESTIONS } from './content';

// The quiz as the Document Service returns it: every component with an id.
const asStored = BENCH_QUESTIONS.map((q, i) => ({ id: 100 + i, ...q }));
const pool = parseQuizQuestions(asStored);
const key = answerKeyOf(BENCH_QUESTIONS);

/** Answers a shuffled paper as a learner of `skill` would and grades it with the plugin's own domain. */
function takeQuiz(skill: number, seed: number) {
  const paper = buildAttempt(pool, { shuffleQuestions: true, shuffleOptions: true, questionsPerAttempt: null }, `${seed.toString(16).padStart(8, '0')}${'0'.repeat(24)}`);
  const random = seededRandom(seed);
  const answers: Record<string, Answer> = {};
  for (const [i, question] of toLearnerPaper(paper).questions.entries()) {
    const attemptQuestion = paper.questions[i];
    if (!attemptQuestion) throw new Error('paper and learner view differ in length');
    // parseAnswer throws naming the field when the wire shape or an id is wrong.
    answers[question.id] = parseAnswer(attemptQuestion.question, answerFor(question, key, skill, random));
  }
  return gradeAttempt(paper, answers, 70);
}

describe('the benchmark quiz', () => {
  it('has 20 questions of the eight auto-graded types, all of them valid for the grader', () => {
    expect(pool).toHaveLength(20);
    expect(new Set(pool.map((q) => q.question.type))).toEqual(
      new Set(['single-choice', 'multiple-choice', 'true-false', 'short-answer', 'numeric', 'ordering', 'matching', 'fill-blanks']),
    );
  });
});

describe('answerFor', () => {
  it('answers everything right at skill 1, on any shuffle', () => {
    for (const seed of [1, 2, 3]) {
      const result = takeQuiz(1, seed);
      expect(result.status).toBe('graded');
      expect(result.score).toBe(result.maxScore);
      expect(result.passed).toBe(true);
    }
  });

  it('sends answers of the right shape that mostly score nothing at skill 0', () => {
    const result = takeQuiz(0, 7);
    expect(result.status).toBe('graded');
    expect(result.score).toBeLessThan(result.maxScore / 2);
    expect(result.passed).toBe(false);
  });

  it('spreads scores between the two for skills in between', () => {
    const scores = [11, 12, 13, 14, 15, 16].map((seed) => takeQuiz(0.7, seed).score);
    expect(Math.min(...scores)).toBeLessThan(Math.max(...scores));
  });

  it('names a question the benchmark did not author', () => {
    expect(() => answerFor({ id: 'x', type: 'true-false', prompt: 'Unknown?', points: 1 }, key, 1, () => 0)).toThrow(/did not author/);
  });
});

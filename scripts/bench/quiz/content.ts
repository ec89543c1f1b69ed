import type { Core } from '@strapi/strapi';
import { createPublished, paragraph } from '../lib/content';

/**
 * The benchmark's quiz: 20 questions mixing every auto-graded type, in a published free course
 * whose lesson carries it as a quiz block that counts toward completion. Made through the
 * Document Service as the admin (and database/seed) makes quizzes: a dynamic zone of question
 * components with their repeatable parts.
 *
 * No essay: an essay leaves the attempt "pending review", and submitting one skips the work a
 * fully graded attempt does (quiz.graded event, the course's completion re-check), so the
 * submit measured here is the heavier, common one.
 */

const COURSE = 'api::course.course';
const QUIZ = 'api::quiz.quiz';
const SECTION = 'api::section.section';
const LESSON = 'api::lesson.lesson';

const option = (text: string, correct = false) => ({ text, correct });
const single = (prompt: string, points: number, options: Array<ReturnType<typeof option>>) => ({
  __component: 'question.single-choice',
  prompt,
  points,
  feedback: 'See the lesson on this topic.',
  options,
});
const multiple = (prompt: string, points: number, options: Array<ReturnType<typeof option>>) => ({
  __component: 'question.multiple-choice',
  prompt,
  points,
  partialCredit: true,
  feedback: 'Each right pick earns a share; each wrong pick takes one away.',
  options,
});
const trueFalse = (prompt: string, correctAnswer: boolean) => ({ __component: 'question.true-false', prompt, points: 1, correctAnswer });
const short = (prompt: string, accepted: string[]) => ({
  __component: 'question.short-answer',
  prompt,
  points: 1,
  acceptedAnswers: accepted.map((text) => ({ text })),
  caseSensitive: false,
  ignoreWhitespace: true,
});
const numeric = (prompt: string, value: number, tolerance: number) => ({ __component: 'question.numeric', prompt, points: 2, value, tolerance });
const ordering = (prompt: string, items: string[]) => ({ __component: 'question.ordering', prompt, points: 2, items: items.map((text) => ({ text })) });
const matching = (prompt: string, pairs: Array<[string, string]>) => ({
  __component: 'question.matching',
  prompt,
  points: 3,
  pairs: pairs.map(([left, right]) => ({ left, right })),
});
const blanks = (prompt: string, text: string, answers: string[]) => ({
  __component: 'question.fill-blanks',
  prompt,
  points: 2,
  text,
  blanks: answers.map((acceptedAnswers) => ({ acceptedAnswers, caseSensitive: false })),
});

/** Four single choice, three multiple choice, three true/false, and two each of the other five types. */
export const BENCH_QUESTIONS = [
  single('Which HTML element gives a page its main landmark?', 1, [option('<main>', true), option('<div id="main">'), option('<section>'), option('<article>')]),
  multiple('Which of these are primitive types in JavaScript? Select all that apply.', 3, [
    option('string', true),
    option('bigint', true),
    option('symbol', true),
    option('Date'),
    option('Array'),
  ]),
  trueFalse('`const` makes the object it points at immutable.', false),
  short('Which HTTP status code means "Not Found"?', ['404', 'four hundred and four']),
  numeric('What is 7 / 3, to two decimal places?', 2.33, 0.005),
  ordering('Put the phases of a TCP connection in order.', ['SYN', 'SYN-ACK', 'ACK', 'Data transfer', 'FIN']),
  matching('Match each HTTP method to what it usually does.', [
    ['GET', 'Reads a resource'],
    ['POST', 'Creates a resource'],
    ['PUT', 'Replaces a resource'],
    ['DELETE', 'Removes a resource'],
  ]),
  blanks('Complete the SQL statement.', 'SELECT name {{1}} users {{2}} age > 18;', ['FROM', 'WHERE']),
  single('Which git command records staged changes?', 1, [option('git commit', true), option('git add'), option('git push'), option('git stash')]),
  multiple('Which of these are valid CSS length units? Select all that apply.', 2, [option('rem', true), option('vh', true), option('px', true), option('pt', true), option('kg')]),
  trueFalse('A database index can make writes slower.', true),
  short('Which keyword declares a type alias in TypeScript?', ['type']),
  numeric('How many bytes are in a kibibyte?', 1024, 0),
  ordering('Order these from smallest to largest.', ['bit', 'byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte']),
  matching('Match each port to its usual service.', [
    ['22', 'SSH'],
    ['25', 'SMTP'],
    ['80', 'HTTP'],
    ['443', 'HTTPS'],
    ['5432', 'PostgreSQL'],
  ]),
  blanks('Complete the shell pipeline.', 'cat access.log | {{1}} " 500 " | {{2}} -l', ['grep', 'wc']),
  single('Which data structure answers "is x in the set?" in constant time on average?', 2, [
    option('Hash set', true),
    option('Sorted array'),
    option('Linked list'),
    option('Binary heap'),
  ]),
  multiple('Which of these help against SQL injection? Select all that apply.', 3, [
    option('Parameterised queries', true),
    option('Least-privilege database users', true),
    option('Escaping HTML output'),
    option('Longer passwords'),
  ]),
  trueFalse('HTTPS encrypts the URL path of a request.', true),
  single('What does DNS translate?', 1, [option('Host names to IP addresses', true), option('IP addresses to MAC addresses'), option('Ports to services'), option('URLs to files')]),
];

export interface BenchQuiz {
  courseDocumentId: string;
  quizDocumentId: string;
  lessonDocumentIds: string[];
}

/** The course, its quiz, and one section of two lessons (reading, then the quiz), all published. */
export async function createQuizCourse(strapi: Core.Strapi): Promise<BenchQuiz> {
  const title = 'Computing Foundations Check';
  const courseDocumentId = await createPublished(strapi, COURSE, {
    title,
    slug: 'bench-computing-foundations-check',
    summary: 'A short course ending in a 20-question quiz.',
    description: paragraph('Read the notes, then take the quiz. You need 70% to pass.'),
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  const quizDocumentId = await createPublished(strapi, QUIZ, {
    title: `${title}: final quiz`,
    course: courseDocumentId,
    description: 'Twenty questions of eight kinds. Your best attempt counts.',
    passingScore: 70,
    maxAttempts: 3,
    timeLimitMinutes: 60,
    shuffleQuestions: true,
    shuffleOptions: true,
    feedbackMode: 'after_submit',
    attemptPolicy: 'best',
    questions: BENCH_QUESTIONS,
  });
  const sectionId = await createPublished(strapi, SECTION, { title: 'Notes and quiz', order: 1, course: courseDocumentId, dripType: 'none' });
  const lessonDocumentIds = [
    await createPublished(strapi, LESSON, {
      title: 'Notes',
      slug: 'bench-computing-foundations-notes',
      section: sectionId,
      order: 1,
      estimatedMinutes: 10,
      blocks: [{ __component: 'blocks.rich-text', body: paragraph('Everything the quiz asks is covered here.') }],
    }),
    await createPublished(strapi, LESSON, {
      title: 'Final quiz',
      slug: 'bench-computing-foundations-quiz',
      section: sectionId,
      order: 2,
      estimatedMinutes: 30,
      blocks: [{ __component: 'blocks.quiz', quiz: quizDocumentId, countsTowardCompletion: true }],
    }),
  ];
  return { courseDocumentId, quizDocumentId, lessonDocumentIds };
}

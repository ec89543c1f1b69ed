/**
 * The demo quiz of database/seed/catalog/typescript-fundamentals.ts as Strapi returns its
 * `questions` dynamic zone (database/seed/to-strapi.ts questionData): one question of every type.
 * Copied rather than imported so the plugin's tests stay inside the plugin's tsconfig.
 */
export const demoQuizQuestions = [
  {
    __component: 'question.single-choice',
    id: 11,
    prompt: 'What happens to type annotations when TypeScript compiles your code to JavaScript?',
    points: 1,
    feedback: 'Types are erased: they exist only while compiling.',
    options: [
      { id: 1, text: 'They are removed; the JavaScript runs without them', correct: true, feedback: null },
      { id: 2, text: 'They become run-time checks that throw on bad input', correct: false, feedback: 'No run-time checks are generated.' },
      { id: 3, text: 'They are kept as comments in the output', correct: false, feedback: null },
      { id: 4, text: 'They are converted to JSDoc so the browser can check them', correct: false, feedback: null },
    ],
  },
  {
    __component: 'question.multiple-choice',
    id: 12,
    prompt: 'Which of these are primitive types in TypeScript? Select all that apply.',
    points: 3,
    partialCredit: true,
    feedback: 'string, number, boolean and bigint are primitives. Date and arrays are objects.',
    options: [
      { id: 5, text: 'string', correct: true },
      { id: 6, text: 'number', correct: true },
      { id: 7, text: 'bigint', correct: true },
      { id: 8, text: 'boolean', correct: true },
      { id: 9, text: 'Date', correct: false, feedback: 'Date is a class: its instances are objects.' },
      { id: 10, text: 'string[]', correct: false, feedback: 'Arrays are objects.' },
    ],
  },
  {
    __component: 'question.true-false',
    id: 13,
    prompt: 'With "strict": true in tsconfig.json, a variable declared as `let name: string` can be assigned `undefined`.',
    points: 1,
    correctAnswer: false,
    feedback: 'strict turns on strictNullChecks, so undefined must be spelled out.',
  },
  {
    __component: 'question.short-answer',
    id: 14,
    prompt: 'Which keyword declares a type alias, as in `____ Point = { x: number; y: number }`?',
    points: 1,
    acceptedAnswers: [{ id: 1, text: 'type' }, { id: 2, text: 'the type keyword' }, { id: 3, text: 'type keyword' }],
    caseSensitive: false,
    ignoreWhitespace: true,
    feedback: '`type` names any type, including unions.',
  },
  {
    __component: 'question.numeric',
    id: 15,
    prompt: 'What is the value of `(1 + 2 + 2) / 3` in JavaScript? Give two decimal places.',
    points: 2,
    value: 1.67,
    tolerance: 0.005,
    feedback: '5 / 3 = 1.666…, which rounds to 1.67.',
  },
  {
    __component: 'question.ordering',
    id: 16,
    prompt: 'Put these steps in the order they happen when you run `npx tsc && node dist/index.js`.',
    points: 2,
    items: [
      { id: 1, text: 'tsc reads tsconfig.json' },
      { id: 2, text: 'tsc type-checks every file in the project' },
      { id: 3, text: 'tsc writes JavaScript to dist/' },
      { id: 4, text: 'Node.js runs dist/index.js' },
    ],
    feedback: 'Configuration first, then checking, then emitting.',
  },
  {
    __component: 'question.matching',
    id: 17,
    prompt: 'Match each utility type to what it produces from an object type T.',
    points: 3,
    pairs: [
      { id: 1, left: 'Partial<T>', right: 'T with every property optional' },
      { id: 2, left: 'Required<T>', right: 'T with every property required' },
      { id: 3, left: 'Pick<T, K>', right: 'Only the properties of T named in K' },
      { id: 4, left: 'Omit<T, K>', right: 'Every property of T except those named in K' },
      { id: 5, left: 'Readonly<T>', right: 'T whose properties cannot be reassigned' },
    ],
    feedback: 'These are built in.',
  },
  {
    __component: 'question.fill-blanks',
    id: 18,
    prompt: 'Fill in the operators that narrow `value: string | Date | number`.',
    points: 2,
    text: "if ({{1}} value === 'string') { return value.trim(); } else if (value {{2}} Date) { return value.toISOString(); }",
    blanks: [
      { id: 1, acceptedAnswers: 'typeof', caseSensitive: false },
      { id: 2, acceptedAnswers: 'instanceof', caseSensitive: false },
    ],
    feedback: '`typeof` narrows primitives; `instanceof` narrows class instances.',
  },
  {
    __component: 'question.essay',
    id: 19,
    prompt: 'Describe a bug that TypeScript would have caught before the code ran.',
    points: 5,
    minWords: 80,
    maxWords: 300,
    guidance: 'A strong answer names the bug, the feature that catches it and shows a short typed snippet.',
    feedback: 'Graded by your instructor against the guidance above.',
  },
] as const;

/** A fixed seed for reproducible tests (any 32+ hex characters). */
export const TEST_SEED = '0123456789abcdef0123456789abcdef';

/** A small deterministic generator for property tests (test data only; attempts use random.ts). */
export function testRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

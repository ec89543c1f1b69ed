import { media } from '../media';
import { bold, code, codeBlock, h, italic, link, p, ul } from '../rich-text';
import type { CourseSeed, QuizSeed } from '../types';

/** Uses every question type the quiz engine supports, so it doubles as the demo of all of them. */
export const typescriptQuiz: QuizSeed = {
  title: 'TypeScript fundamentals: check your understanding',
  description: 'Nine questions, one of each kind the quiz engine supports. You need 70% to pass; you may try three times and your best attempt counts.',
  passingScore: 70,
  maxAttempts: 3,
  timeLimitMinutes: 30,
  shuffleQuestions: false,
  shuffleOptions: true,
  feedbackMode: 'after_submit',
  attemptPolicy: 'best',
  questions: [
    {
      type: 'single-choice',
      prompt: 'What happens to type annotations when TypeScript compiles your code to JavaScript?',
      points: 1,
      feedback: 'Types are erased: they exist only while compiling. Validate untrusted input (such as JSON from an API) at run time yourself.',
      options: [
        { text: 'They are removed; the JavaScript runs without them', correct: true },
        { text: 'They become run-time checks that throw on bad input', correct: false, feedback: 'No run-time checks are generated.' },
        { text: 'They are kept as comments in the output', correct: false },
        { text: 'They are converted to JSDoc so the browser can check them', correct: false },
      ],
    },
    {
      type: 'multiple-choice',
      prompt: 'Which of these are primitive types in TypeScript? Select all that apply.',
      points: 3,
      partialCredit: true,
      feedback: 'string, number, boolean and bigint are primitives (so are symbol, null and undefined). Date and arrays are objects.',
      options: [
        { text: 'string', correct: true },
        { text: 'number', correct: true },
        { text: 'bigint', correct: true },
        { text: 'boolean', correct: true },
        { text: 'Date', correct: false, feedback: 'Date is a class: its instances are objects.' },
        { text: 'string[]', correct: false, feedback: 'Arrays are objects.' },
      ],
    },
    {
      type: 'true-false',
      prompt: 'With "strict": true in tsconfig.json, a variable declared as `let name: string` can be assigned `undefined`.',
      points: 1,
      correctAnswer: false,
      feedback: 'strict turns on strictNullChecks, so undefined must be spelled out: `let name: string | undefined`.',
    },
    {
      type: 'short-answer',
      prompt: 'Which keyword declares a type alias, as in `____ Point = { x: number; y: number }`?',
      points: 1,
      acceptedAnswers: ['type', 'the type keyword', 'type keyword'],
      caseSensitive: false,
      ignoreWhitespace: true,
      feedback: '`type` names any type, including unions; `interface` declares object shapes only.',
    },
    {
      type: 'numeric',
      prompt: 'What is the value of `(1 + 2 + 2) / 3` in JavaScript? Give two decimal places.',
      points: 2,
      value: 1.67,
      tolerance: 0.005,
      feedback: '5 / 3 = 1.666…, which rounds to 1.67. All JavaScript numbers are floating point: there is no integer division.',
    },
    {
      type: 'ordering',
      prompt: 'Put these steps in the order they happen when you run `npx tsc && node dist/index.js`.',
      points: 2,
      items: ['tsc reads tsconfig.json', 'tsc type-checks every file in the project', 'tsc writes JavaScript to dist/', 'Node.js runs dist/index.js'],
      feedback: 'Configuration first, then checking, then emitting; Node.js only ever sees the emitted JavaScript.',
    },
    {
      type: 'matching',
      prompt: 'Match each utility type to what it produces from an object type T.',
      points: 3,
      pairs: [
        ['Partial<T>', 'T with every property optional'],
        ['Required<T>', 'T with every property required'],
        ['Pick<T, K>', 'Only the properties of T named in K'],
        ['Omit<T, K>', 'Every property of T except those named in K'],
        ['Readonly<T>', 'T whose properties cannot be reassigned'],
      ],
      feedback: 'These are built in; you rarely need to write mapped types by hand.',
    },
    {
      type: 'fill-blanks',
      prompt: 'Fill in the operators that narrow `value: string | Date | number`.',
      points: 2,
      text: "if ({{1}} value === 'string') { return value.trim(); } else if (value {{2}} Date) { return value.toISOString(); }",
      blanks: [{ acceptedAnswers: ['typeof'] }, { acceptedAnswers: ['instanceof'] }],
      feedback: '`typeof` narrows primitives; `instanceof` narrows class instances.',
    },
    {
      type: 'essay',
      prompt:
        'Describe a bug you have seen, or can imagine, in a JavaScript codebase that TypeScript would have caught before the code ran. Which type feature catches it, and what would the typed code look like?',
      points: 5,
      minWords: 80,
      maxWords: 300,
      guidance: 'A strong answer names the bug, the feature that catches it (strict null checks, a union type, an exhaustive switch, ...) and shows a short typed snippet.',
      feedback: 'Graded by your instructor against the guidance above.',
    },
  ],
};

export const typescriptFundamentals: CourseSeed = {
  slug: 'typescript-fundamentals',
  title: 'TypeScript Fundamentals',
  summary:
    'Add types to the JavaScript you already write: model your data, let the compiler find bugs before your users do, and refactor without fear.',
  description: [
    p(
      'TypeScript is JavaScript with a type checker in front of it. The code that runs is the same; what changes is that whole classes of bugs ',
      italic('cannot compile'),
      ': a misspelt property, a forgotten null check, a switch that misses a case.',
    ),
    p('In five focused lessons you set up a strict project, describe real data with types, narrow unions safely and write small generic helpers. A nine-question quiz checks your understanding.'),
    p(bold('You need: '), 'comfortable JavaScript (functions, objects, arrays) and Node.js 20 installed. We use Git for the exercises, so take ', italic('Git for Everyday Work'), ' first if Git is new to you.'),
  ],
  outcomes: [
    'Set up a TypeScript project with strict type checking',
    'Describe data with type aliases, interfaces, unions and literal types',
    'Narrow union types safely with typeof, instanceof, in and discriminants',
    'Write reusable generic functions and use the built-in utility types',
  ],
  level: 'intermediate',
  language: 'en',
  category: 'software-development',
  instructor: 'thandi-nkosi',
  pricing: { model: 'one_time', amount: 2900, currency: 'USD' },
  cover: media.coverTypescript,
  prerequisites: ['git-for-everyday-work'],
  certificateTemplate: 'Thandi Nkosi: certificate of completion',
  quizzes: [typescriptQuiz],
  sections: [
    {
      title: 'Getting started',
      lessons: [
        {
          slug: 'ts-why-typescript',
          title: 'Why TypeScript?',
          freePreview: true,
          estimatedMinutes: 6,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Here is a bug that JavaScript happily runs and only your users discover:'),
                codeBlock(
                  'javascript',
                  `
function total(order) {
  return order.items.reduce((sum, item) => sum + item.price * item.qty, 0);
}
total({ items: [{ price: 100, quantity: 2 }] }); // NaN: "qty" vs "quantity"`,
                ),
                p('With one type, the mistake is an error in your editor before you even save:'),
                codeBlock(
                  'typescript',
                  `
interface OrderLine { price: number; qty: number }
function total(order: { items: OrderLine[] }): number {
  return order.items.reduce((sum, item) => sum + item.price * item.qty, 0);
}
total({ items: [{ price: 100, quantity: 2 }] });
// Error: Object literal may only specify known properties, and 'quantity' does not exist in type 'OrderLine'.`,
                ),
                h('What you get'),
                ul(
                  'Errors found while typing, not in production.',
                  'Autocomplete and safe renames across the whole codebase.',
                  'Types as documentation that cannot go out of date.',
                  'Gradual adoption: rename one .js file to .ts at a time.',
                ),
                p('What you do not get: run-time validation. Types are erased when compiling, so data from outside (HTTP, files, users) still needs checking.'),
              ],
            },
          ],
        },
        {
          slug: 'ts-project-setup',
          title: 'Setting up a strict project',
          estimatedMinutes: 10,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                codeBlock(
                  'bash',
                  `
mkdir hello-ts && cd hello-ts && git init
npm init -y
npm install --save-dev typescript
npx tsc --init`,
                ),
                p('Open the generated ', code('tsconfig.json'), ' and make sure these are set. ', code('strict'), ' is the single most valuable line:'),
                codeBlock(
                  'json',
                  `
{
  "compilerOptions": {
    "target": "ES2022",
    "module": "NodeNext",
    "outDir": "dist",
    "rootDir": "src",
    "strict": true,
    "noUncheckedIndexedAccess": true
  }
}`,
                ),
                p(
                  'Put your code in ',
                  code('src/index.ts'),
                  ', run ',
                  code('npx tsc'),
                  ' to type-check and compile, then ',
                  code('node dist/index.js'),
                  '. To experiment without installing anything, use the official playground below.',
                ),
              ],
            },
            { kind: 'external-tool', title: 'TypeScript Playground', url: 'https://www.typescriptlang.org/play', lti: false, openInNewTab: true },
          ],
        },
      ],
    },
    {
      title: 'Modelling data with types',
      lessons: [
        {
          slug: 'ts-types-and-interfaces',
          title: 'Types, interfaces and literal unions',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Start by describing the data your program handles. Literal unions turn "magic strings" into checked values:'),
                codeBlock(
                  'typescript',
                  `
type Currency = 'ZAR' | 'USD' | 'EUR';

interface Price {
  amount: number;      // minor units: 49900 means R499.00
  currency: Currency;
}

interface Course {
  slug: string;
  title: string;
  price: Price | null; // null: free
  tags: readonly string[];
}

const p: Price = { amount: 2900, currency: 'usd' };
// Error: Type '"usd"' is not assignable to type 'Currency'.`,
                ),
                h('type or interface?'),
                ul(
                  [code('interface'), ' for object shapes, especially ones others extend.'],
                  [code('type'), ' for everything else: unions, tuples, function types, aliases.'],
                  'Pick one convention per codebase; the compiler treats object shapes the same way.',
                ),
              ],
            },
          ],
        },
        {
          slug: 'ts-narrowing',
          title: 'Narrowing unions',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('A union says "one of these". Before you use a value, narrow it to one member with a check the compiler understands:'),
                codeBlock(
                  'typescript',
                  `
type Result =
  | { status: 'ok'; value: number }
  | { status: 'error'; message: string };

function describe(r: Result): string {
  switch (r.status) {
    case 'ok':
      return \`Got \${r.value}\`;      // r is the 'ok' member here
    case 'error':
      return \`Failed: \${r.message}\`;
    default: {
      const unreachable: never = r;  // compile error if a case is missing
      return unreachable;
    }
  }
}`,
                ),
                ul(
                  [code('typeof x === "string"'), ' narrows primitives.'],
                  [code('x instanceof Date'), ' narrows class instances.'],
                  [code('"value" in x'), ' narrows by the presence of a property.'],
                  ['A shared literal field like ', code('status'), ' (a ', bold('discriminant'), ') narrows object unions.'],
                ),
              ],
            },
          ],
        },
        {
          slug: 'ts-generics',
          title: 'Generics and utility types',
          estimatedMinutes: 12,
          blocks: [
            {
              kind: 'rich-text',
              body: [
                p('Generics let one function work for many types without losing information:'),
                codeBlock(
                  'typescript',
                  `
function first<T>(items: readonly T[]): T | undefined {
  return items[0];
}
const n = first([3, 1, 2]);       // number | undefined
const s = first(['a', 'b']);      // string | undefined

function groupBy<T, K extends string>(items: T[], key: (item: T) => K): Record<K, T[]> {
  const out = {} as Record<K, T[]>;
  for (const item of items) (out[key(item)] ??= []).push(item);
  return out;
}`,
                ),
                p('The standard library ships utility types that transform object types. The ones you will use weekly:'),
                ul(
                  [code('Partial<T>'), ': every property optional (great for update payloads).'],
                  [code('Pick<T, K>'), ' and ', code('Omit<T, K>'), ': keep or drop named properties.'],
                  [code('Record<K, V>'), ': an object with keys K and values V.'],
                  [code('Readonly<T>'), ': properties cannot be reassigned.'],
                ),
                p('Reference: ', link('https://www.typescriptlang.org/docs/handbook/utility-types.html', 'Utility Types in the TypeScript Handbook'), '.'),
              ],
            },
          ],
        },
      ],
    },
    {
      title: 'Check your understanding',
      lessons: [
        {
          slug: 'ts-quiz',
          title: 'Quiz: TypeScript fundamentals',
          estimatedMinutes: 20,
          blocks: [
            {
              kind: 'rich-text',
              body: [p('Nine questions covering the whole course, one of each kind. Most are marked automatically; the essay is marked by your instructor. Pass with 70% to complete the course.')],
            },
            { kind: 'quiz', quiz: typescriptQuiz, countsTowardCompletion: true },
          ],
        },
      ],
    },
  ],
};

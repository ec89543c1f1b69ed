import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { questionData } from '../../database/seed/to-strapi';
import type { QuestionSeed } from '../../database/seed/types';
import { makePdf } from '../../plugins/lms-grading/server/src/assignments/testing/files';
import { adminAuth, getJson, sendJson } from '../harness/api';
import { launchBrowser, registerOnSite } from '../harness/browser';
import { connect, publishDoc, richText } from '../harness/content';
import { scriptsLoadedBy, seriousAxeViolations } from '../harness/page-checks';

/**
 * The learner side of grading in a real browser against the real stack: a course authored through
 * the admin API whose last lesson holds a quiz of eight question types; a learner registers,
 * enrolls, answers everything (ordering by keyboard only), submits, passes, finishes the course,
 * finds the certificate on the dashboard (issued by the queue: polled) and opens its public
 * verification page. A practice quiz with an essay shows autosave surviving a reload. Screenshots
 * of the runner (during, after) and of the grades page go to test-results/quiz-certificate/.
 */

const siteUrl = inject('siteUrl');
const run = Date.now().toString(36);
const SHOTS = path.resolve(__dirname, '../../test-results/quiz-certificate');
const SESSION_COOKIE = '__Host-lms_session';
const PASSWORD = 'Learner-2026-pass';
const LESSON_JS_BUDGET_BYTES = 60 * 1024;

let admin: Record<string, string>;

// One question of each auto-graded type; the answers below are taken from these keys by text.
const ORDER = ['Write the code', 'Compile it', 'Run the tests', 'Ship it'];
const CAPITALS: Array<[string, string]> = [
  ['France', 'Paris'],
  ['Japan', 'Tokyo'],
  ['Kenya', 'Nairobi'],
];
const QUESTIONS: QuestionSeed[] = [
  {
    type: 'single-choice',
    prompt: 'Which planet is known as the Red Planet?',
    points: 1,
    feedback: 'Iron oxide on its surface makes Mars look red.',
    options: [
      { text: 'Mars', correct: true },
      { text: 'Venus', correct: false },
      { text: 'Jupiter', correct: false },
    ],
  },
  {
    type: 'multiple-choice',
    prompt: 'Which of these numbers are prime?',
    points: 2,
    feedback: '2 and 3 are prime; 4 = 2 × 2 and 9 = 3 × 3.',
    partialCredit: true,
    options: [
      { text: '2', correct: true },
      { text: '3', correct: true },
      { text: '4', correct: false },
      { text: '9', correct: false },
    ],
  },
  { type: 'true-false', prompt: 'Water boils at 100 °C at sea level.', points: 1, feedback: 'At standard pressure.', correctAnswer: true },
  { type: 'short-answer', prompt: 'Which keyword declares a constant in JavaScript?', points: 1, feedback: '`const` binds a name once.', acceptedAnswers: ['const'] },
  { type: 'numeric', prompt: 'What is 7 divided by 2?', points: 1, feedback: '7 / 2 = 3.5.', value: 3.5, tolerance: 0 },
  { type: 'ordering', prompt: 'Put the release steps in order.', points: 2, feedback: 'Write, compile, test, then ship.', items: ORDER },
  { type: 'matching', prompt: 'Match each country to its capital.', points: 3, feedback: 'Capitals as of today.', pairs: CAPITALS },
  { type: 'fill-blanks', prompt: 'Complete the sentence.', points: 2, feedback: 'Sunrise is in the east.', text: 'The {{1}} rises in the {{2}}.', blanks: [{ acceptedAnswers: ['sun'] }, { acceptedAnswers: ['east'] }] },
];
const MAX_POINTS = QUESTIONS.reduce((sum, q) => sum + q.points, 0);

interface Fixture {
  courseId: string;
  courseTitle: string;
  slug: string;
  quizTitle: string;
  practiceTitle: string;
  assignmentTitle: string;
  lessons: Array<{ slug: string; title: string }>;
}

async function authorCourse(): Promise<Fixture> {
  const courseTitle = `Quiz to certificate ${run}`;
  const slug = `quiz-certificate-${run}`;
  const courseId = await publishDoc(admin, 'api::course.course', {
    title: courseTitle,
    slug,
    summary: 'A short course that ends with a quiz',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  const quizTitle = `Final check ${run}`;
  const quizId = await publishDoc(admin, 'api::quiz.quiz', {
    title: quizTitle,
    description: 'Eight questions about the course.',
    course: connect(courseId),
    passingScore: 70,
    maxAttempts: 3,
    timeLimitMinutes: 30,
    shuffleQuestions: true,
    shuffleOptions: true,
    feedbackMode: 'after_submit',
    attemptPolicy: 'best',
    questions: QUESTIONS.map(questionData),
  });
  const practiceTitle = `Practice essay ${run}`;
  const practiceId = await publishDoc(admin, 'api::quiz.quiz', {
    title: practiceTitle,
    course: connect(courseId),
    passingScore: 50,
    maxAttempts: 1,
    shuffleQuestions: false,
    shuffleOptions: false,
    feedbackMode: 'after_submit',
    attemptPolicy: 'best',
    questions: [questionData({ type: 'essay', prompt: 'Describe your last bug in a few sentences.', points: 4, feedback: 'Graded by your instructor.', minWords: 5, maxWords: 60, guidance: 'Say what broke and how you found it.' })],
  });
  const assignmentTitle = `Reflection ${run}`;
  const assignmentId = await publishDoc(admin, 'api::assignment.assignment', {
    title: assignmentTitle,
    course: connect(courseId),
    instructions: [{ type: 'paragraph', children: [{ type: 'text', text: 'Write a short reflection and attach it as a PDF.' }] }],
    maxScore: 10,
    passScore: 6,
    allowResubmission: true,
    allowedFileTypes: 'pdf',
    maxFileSizeMb: 2,
    dueDate: new Date(Date.now() + 7 * 24 * 3600 * 1000).toISOString(),
    rubric: [
      { title: 'Insight', levels: [{ label: 'Shallow', points: 0 }, { label: 'Thoughtful', points: 2 }] },
      { title: 'Clarity', levels: [{ label: 'Muddled', points: 0 }, { label: 'Clear', points: 1 }] },
    ],
  });
  const section = await publishDoc(admin, 'api::section.section', { title: 'The only section', order: 0, course: connect(courseId), dripType: 'none' });
  const lessons = [
    { slug: `qc-intro-${run}`, title: `Introduction ${run}` },
    { slug: `qc-final-${run}`, title: `Final quiz ${run}` },
  ];
  await publishDoc(admin, 'api::lesson.lesson', {
    ...lessons[0],
    order: 0,
    freePreview: false,
    estimatedMinutes: 5,
    section: connect(section),
    // Practice only: it does not hold the course open.
    blocks: [
      richText('Welcome. Try the practice question if you like.'),
      { __component: 'blocks.quiz', quiz: connect(practiceId), countsTowardCompletion: false },
      { __component: 'blocks.assignment', assignment: connect(assignmentId), countsTowardCompletion: false },
    ],
  });
  await publishDoc(admin, 'api::lesson.lesson', {
    ...lessons[1],
    order: 1,
    freePreview: false,
    estimatedMinutes: 10,
    section: connect(section),
    blocks: [richText('Pass this quiz to finish the course.'), { __component: 'blocks.quiz', quiz: connect(quizId), countsTowardCompletion: true }],
  });
  return { courseId, courseTitle, slug, quizTitle, practiceTitle, assignmentTitle, lessons };
}

/** The fieldset of the question with this prompt. */
const questionBox = (page: Page, prompt: string) => page.locator('fieldset.quiz-q', { has: page.locator('legend', { hasText: prompt }) });

/** The text of the element that has focus and of the ordering item it is in. */
const FOCUS = `(() => { const a = document.activeElement; return { move: a?.getAttribute('data-move') ?? null, item: a?.closest('li')?.querySelector('.quiz-ordering__text')?.textContent ?? null }; })()`;

/**
 * Sorts an ordering question with the keyboard only: focus an item's "Move up" button and press
 * Enter; focus must stay on that item as it climbs (or move to its other button at the top).
 */
async function orderByKeyboard(page: Page, box: Locator, wanted: readonly string[]): Promise<void> {
  for (let target = 0; target < wanted.length; target++) {
    const texts = await box.locator('.quiz-ordering__text').allInnerTexts();
    let at = texts.indexOf(wanted[target]!);
    expect(at, `"${wanted[target]}" is one of ${JSON.stringify(texts)}`).toBeGreaterThanOrEqual(target);
    if (at === target) continue;
    await box.locator('li', { hasText: wanted[target]! }).locator('[data-move="up"]').focus();
    while (at > target) {
      await page.keyboard.press('Enter');
      at--;
      await expect.poll(() => box.locator('.quiz-ordering__text').nth(at).innerText()).toBe(wanted[target]);
      // Focus follows the moved item (its other button once it reaches the top).
      await expect.poll(() => page.evaluate(FOCUS)).toEqual({ move: at === 0 ? 'down' : 'up', item: wanted[target] });
    }
  }
  expect(await box.locator('.quiz-ordering__text').allInnerTexts()).toEqual([...wanted]);
  // Shuffled into the right order already (1 in 4!): nothing moved, so keep the order shown.
  const keep = box.getByRole('button', { name: 'Keep this order' });
  if ((await keep.count()) > 0) {
    await keep.focus();
    await page.keyboard.press('Enter');
  }
  expect(await keep.count()).toBe(0);
}

/** The runner's island has hydrated (Astro removes `ssr` from the island when it has). */
const hydrated = (page: Page, quizTitle: string) =>
  page.locator('astro-island:not([ssr]) .quiz-runner', { has: page.getByRole('heading', { name: quizTitle }) }).waitFor();

describe('quiz → certificate', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let fx: Fixture;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    fx = await authorCourse();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await registerOnSite(page, `quiz-cert-${run}@example.com`, PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('takes the quiz, passes, completes the course, gets the certificate and verifies it', async () => {
    await page.goto(`${siteUrl}/courses/${fx.slug}`);
    await Promise.all([page.waitForURL(`**/learn/${fx.slug}/${fx.lessons[0]!.slug}`), page.getByRole('button', { name: 'Enroll for free' }).click()]);
    await page.locator('.mark-complete').scrollIntoViewIfNeeded();
    await page.locator('astro-island:not([ssr]) .mark-complete').waitFor();
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await page.getByText('Lesson completed', { exact: true }).waitFor();
    await Promise.all([page.waitForURL(`**/learn/${fx.slug}/${fx.lessons[1]!.slug}`), page.getByRole('link', { name: /^Next/ }).click()]);

    // The overview, rendered by the server before the island hydrates.
    const runner = page.locator('.quiz-runner', { has: page.getByRole('heading', { name: fx.quizTitle }) });
    await expect(runner.locator('.quiz-rules').innerText()).resolves.toContain('Pass mark: 70 %.');
    await expect(runner.locator('.quiz-rules').innerText()).resolves.toContain('3 attempts allowed; your best attempt counts.');
    await expect(runner.locator('.quiz-grade__value').innerText()).resolves.toBe('Not attempted yet');
    await hydrated(page, fx.quizTitle);

    // Start by keyboard; focus moves to the attempt.
    await runner.getByRole('button', { name: 'Start the quiz' }).focus();
    await page.keyboard.press('Enter');
    await runner.getByRole('heading', { name: 'Attempt 1' }).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Attempt 1');
    expect(await runner.locator('fieldset.quiz-q').count()).toBe(QUESTIONS.length);
    // The countdown starts from the server's time left (30 minutes).
    await expect(runner.locator('.quiz-timer [role=timer]').innerText()).resolves.toMatch(/^(30:00|29:[0-5]\d)$/);

    await questionBox(page, 'Red Planet').getByLabel('Mars').check();
    const primes = questionBox(page, 'numbers are prime');
    await primes.getByLabel('2', { exact: true }).check();
    await primes.getByLabel('3', { exact: true }).check();
    await questionBox(page, 'Water boils').getByLabel('True').check();
    await questionBox(page, 'declares a constant').getByLabel('Your answer').fill('const');
    // A decimal comma is accepted.
    await questionBox(page, '7 divided by 2').getByLabel('Your answer (a number)').fill('3,5');
    await orderByKeyboard(page, questionBox(page, 'release steps'), ORDER);
    const capitals = questionBox(page, 'capital');
    for (const [country, capital] of CAPITALS) await capitals.getByLabel(country).selectOption({ label: capital });
    const blanks = questionBox(page, 'Complete the sentence');
    await blanks.getByLabel('Blank 1 of 2').fill('sun');
    await blanks.getByLabel('Blank 2 of 2').fill('east');

    // Every answer autosaves and says so.
    await runner.locator('.quiz-bar__saved', { hasText: 'All answers saved' }).waitFor({ timeout: 20_000 });
    await expect(runner.locator('.quiz-q__save').allInnerTexts()).resolves.toEqual(QUESTIONS.map(() => 'Saved'));
    await expect(runner.locator('.quiz-bar__answered').innerText()).resolves.toBe(`${QUESTIONS.length} of ${QUESTIONS.length} answered`);
    expect(await seriousAxeViolations(page)).toEqual([]);
    // From the top, so the sticky header and quiz bar are drawn where they belong.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SHOTS, 'quiz-runner-during.png'), fullPage: true });
    // Mid-quiz in the window: the bar with the countdown sticks under the site header.
    await questionBox(page, 'release steps').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'quiz-runner-during-viewport.png') });

    // Submit asks first.
    await runner.getByRole('button', { name: 'Submit answers…' }).click();
    const confirm = runner.getByRole('group', { name: 'Submit attempt 1?' });
    await expect(confirm.innerText()).resolves.toContain('Every question is answered.');
    await confirm.getByRole('button', { name: 'Submit now' }).click();

    const result = runner.locator('.quiz-result');
    await runner.getByRole('heading', { name: 'Attempt 1 submitted' }).waitFor();
    await expect(result.locator('.quiz-result__score').innerText()).resolves.toBe(`Score: ${MAX_POINTS} / ${MAX_POINTS} points (100 %) · Passed`);
    expect(await result.locator('.quiz-review__item[data-outcome="correct"]').count()).toBe(QUESTIONS.length);
    // after_submit releases feedback: the authored feedback of the single-choice question shows.
    await expect(result.innerText()).resolves.toContain('Iron oxide on its surface makes Mars look red.');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SHOTS, 'quiz-runner-after.png'), fullPage: true });

    // Back to the overview: the grade and the attempt are listed.
    await runner.getByRole('button', { name: 'Back to the quiz' }).click();
    await expect.poll(() => runner.locator('.quiz-grade__value').innerText()).toBe('100 % · passed');
    await expect(runner.locator('.quiz-attempts tbody tr').innerText()).resolves.toMatch(new RegExp(`^1\\s+100 % · passed\\s+${MAX_POINTS} / ${MAX_POINTS}\\s`));
    await expect(runner.locator('.quiz-start__left').innerText()).resolves.toBe('2 attempts left');

    await page.locator('.mark-complete').scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Mark complete' }).click();
    await page.getByText('Lesson completed', { exact: true }).waitFor();

    // The certificate is issued by the queue after course.completed: the dashboard shows it once it exists.
    const certificate = page.locator('.my-certificate', { has: page.getByRole('heading', { name: fx.courseTitle }) });
    const deadline = Date.now() + 60_000;
    for (;;) {
      await page.goto(`${siteUrl}/dashboard`);
      if ((await certificate.count()) > 0) break;
      if (Date.now() > deadline) throw new Error('no certificate on the dashboard within 60 s');
      await page.waitForTimeout(1000);
    }
    const code = (await certificate.locator('.my-certificate__code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    await Promise.all([page.waitForURL(`**/verify/${code}`), certificate.getByRole('link', { name: /^Verification page/ }).click()]);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('Valid certificate');
    await expect(page.locator('main').innerText()).resolves.toContain(fx.courseTitle);

    // The token stayed out of every page.
    const token = (await context.cookies(siteUrl)).find((c) => c.name === SESSION_COOKIE)?.value;
    expect(token).toBeTruthy();
    await page.goto(`${siteUrl}/learn/${fx.slug}/${fx.lessons[1]!.slug}`);
    expect(await page.content()).not.toContain(token);
    expect(pageErrors).toEqual([]);
  });

  it('lists my grades with the course grade', async () => {
    await page.goto(`${siteUrl}/dashboard`);
    await Promise.all([page.waitForURL('**/dashboard/grades'), page.getByRole('link', { name: 'My grades' }).click()]);
    const course = page.locator('.course-grades', { has: page.getByRole('heading', { name: fx.courseTitle }) });
    await expect(course.locator('.course-grade__value').innerText()).resolves.toBe('100 %');
    const row = course.locator('tbody tr', { hasText: fx.quizTitle });
    await expect(row.locator('.grade-status').innerText()).resolves.toBe('Passed');
    await expect(row.locator('.grade-table__number').innerText()).resolves.toBe('100 %');
    // The practice quiz does not count, so it is not listed.
    expect(await course.locator('tbody tr', { hasText: fx.practiceTitle }).count()).toBe(0);
    await expect(course.locator('.pill').innerText()).resolves.toMatch(/^Completed/);
    await page.screenshot({ path: path.join(SHOTS, 'grades-page.png'), fullPage: true });
    // The link leads to the quiz in its lesson.
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/learn/${fx.slug}/${fx.lessons[1]!.slug}`),
      row.getByRole('link', { name: fx.quizTitle, exact: true }).click(),
    ]);
    expect(new URL(page.url()).hash).toMatch(/^#quiz-block-/);
    expect(await seriousAxeViolations(page)).toEqual([]);
  });

  it('keeps an essay typed into an attempt across a reload, with its word count', async () => {
    const lesson = `${siteUrl}/learn/${fx.slug}/${fx.lessons[0]!.slug}`;
    await page.goto(lesson);
    const runner = page.locator('.quiz-runner', { has: page.getByRole('heading', { name: fx.practiceTitle }) });
    await runner.scrollIntoViewIfNeeded();
    await hydrated(page, fx.practiceTitle);
    await runner.getByRole('button', { name: 'Start the quiz' }).click();
    const essay = runner.getByLabel('Your answer');
    await essay.fill('Tests');
    await expect(runner.locator('.quiz-q__words').innerText()).resolves.toBe('1 word · 5 to 60 expected');
    await essay.fill('A missing await let the test pass before the save finished.');
    await expect(runner.locator('.quiz-q__words').innerText()).resolves.toBe('11 words · 5 to 60 expected');
    // Exactly "Saved" ("Not saved yet" contains the word too).
    await runner.locator('.quiz-q__save', { hasText: /^Saved$/ }).waitFor({ timeout: 20_000 });

    await page.reload();
    await hydrated(page, fx.practiceTitle);
    await runner.getByRole('button', { name: 'Continue your attempt' }).click();
    await expect(runner.getByLabel('Your answer').inputValue()).resolves.toBe('A missing await let the test pass before the save finished.');
    await expect(runner.locator('.quiz-q__save').innerText()).resolves.toBe('Saved');

    // Submitting sends the essay to the instructor: the result says it waits.
    await runner.getByRole('button', { name: 'Submit answers…' }).click();
    await runner.getByRole('button', { name: 'Submit now' }).click();
    await runner.getByRole('heading', { name: 'Attempt 1 submitted' }).waitFor();
    await expect(runner.locator('.quiz-result').innerText()).resolves.toContain('4 points wait for your instructor');
    await expect(runner.locator('.quiz-review__item').getAttribute('data-outcome')).resolves.toBe('pending-review');

    // The one attempt is used: the server's refusal is shown in words, with its reason.
    await runner.getByRole('button', { name: 'Back to the quiz' }).click();
    const refusal = runner.locator('.quiz-start__refusal');
    await refusal.waitFor();
    await expect(refusal.getAttribute('data-code')).resolves.toBe('max-attempts-reached');
    await expect(refusal.innerText()).resolves.toMatch(/^You have used every attempt this quiz allows\. All 1 attempt\(s\) allowed/);
    expect(await runner.getByRole('button', { name: /^Start/ }).count()).toBe(0);
    await expect(runner.locator('.quiz-grade__value').innerText()).resolves.toBe('Waiting for your instructor to grade written answers');
    expect(pageErrors).toEqual([]);
  });

  it('submits an assignment with a file, then shows the grade, feedback and rubric; the plain form works without JavaScript', async () => {
    await page.goto(`${siteUrl}/learn/${fx.slug}/${fx.lessons[0]!.slug}`);
    const block = page.locator('.assignment-block', { has: page.getByRole('heading', { name: fx.assignmentTitle }) });
    await expect(block.innerText()).resolves.toContain('Write a short reflection and attach it as a PDF.');
    await block.locator('.assignment-form').scrollIntoViewIfNeeded();
    await page.locator('astro-island:not([ssr]) .assignment-panel').waitFor();

    // Checked in the browser first: a file of the wrong type is named, nothing is uploaded.
    const files = block.getByLabel('Files', { exact: true });
    await files.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('plain text') });
    await block.getByRole('button', { name: 'Submit' }).click();
    await expect(block.getByRole('alert').innerText()).resolves.toContain('“notes.txt” is not a PDF file.');

    await block.getByLabel(/^Your answer/).fill('I learned to read the error message before changing code.');
    await files.setInputFiles({ name: 'reflection.pdf', mimeType: 'application/pdf', buffer: makePdf('reflection') });
    await block.getByRole('button', { name: 'Submit' }).click();
    await expect.poll(() => block.locator('.assignment-status').innerText()).toBe('Submitted: attempt 1. Your instructor will grade it.');
    const first = block.locator('.submission', { hasText: 'Attempt 1' });
    await expect(first.locator('.submission__status').innerText()).resolves.toBe('Submitted, waiting for a grade');
    const link = first.getByRole('link', { name: 'reflection.pdf' });
    const href = await link.getAttribute('href');
    expect(href).toMatch(/\/api\/lms-grading\/files\//);
    const download = await fetch(href!);
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    // An instructor grades it with the rubric (admin API), and the learner sees grade, feedback and breakdown.
    const queue = await getJson<{ data: Array<{ id: number; assignment: { documentId: string } }> }>(`/lms-grading/admin/submissions?status=submitted&course=${fx.courseId}`, { headers: admin });
    const submission = queue.body.data[0];
    expect(submission, JSON.stringify(queue.body)).toBeTruthy();
    const detail = await getJson<{ data: { assignment: { rubric: Array<{ id: string; title: string; levels: Array<{ id: string; label: string }> }> } } }>(`/lms-grading/admin/submissions/${submission!.id}`, { headers: admin });
    const pick = (title: string, label: string) => {
      const criterion = detail.body.data.assignment.rubric.find((c) => c.title === title)!;
      return { criterionId: criterion.id, levelId: criterion.levels.find((l) => l.label === label)!.id };
    };
    const graded = await sendJson(`POST`, `/lms-grading/admin/submissions/${submission!.id}/grade`, { selections: [pick('Insight', 'Thoughtful'), pick('Clarity', 'Muddled')], feedback: 'Good insight; tidy the wording.' }, admin);
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);

    await page.reload();
    const gradedRow = block.locator('.submission', { hasText: 'Attempt 1' });
    await expect(gradedRow.locator('.submission__status').innerText()).resolves.toBe('Graded');
    // 2 + 0 of 3 rubric points, scaled to 10 (6.667; its percent is of the rounded score).
    await expect(gradedRow.locator('.submission__score').innerText()).resolves.toMatch(/^Grade: 6\.667 \/ 10 \(66\.67 %\) · passed$/);
    await expect(gradedRow.innerText()).resolves.toContain('Good insight; tidy the wording.');
    await expect(gradedRow.locator('.submission__rubric tbody').innerText()).resolves.toMatch(/Insight\s+Thoughtful\s+2 \/ 2\s+Clarity\s+Muddled\s+0 \/ 1/);
    await expect(block.getByRole('heading', { name: 'Submit again (attempt 2)' }).isVisible()).resolves.toBe(true);
    // Clipped from a full-page shot taken at the top, so the sticky header does not cover the block.
    await page.evaluate('window.scrollTo(0, 0)');
    const box = await block.boundingBox();
    await page.screenshot({ path: path.join(SHOTS, 'assignment-panel.png'), fullPage: true, clip: box! });

    // Without JavaScript the same form posts and comes back to the lesson with a message.
    const plain = await browser.newContext({ javaScriptEnabled: false, storageState: await context.storageState() });
    const noJs = await plain.newPage();
    await noJs.goto(`${siteUrl}/learn/${fx.slug}/${fx.lessons[0]!.slug}`);
    const plainBlock = noJs.locator('.assignment-block', { has: noJs.getByRole('heading', { name: fx.assignmentTitle }) });
    await plainBlock.getByLabel(/^Your answer/).fill('A second, text-only attempt.');
    // The post answers 303 back to this lesson (same URL), so wait for the message rather than the URL.
    await plainBlock.getByRole('button', { name: 'Submit' }).click();
    await noJs.getByText('Submitted (attempt 2). Your instructor will grade it.').waitFor();
    expect(new URL(noJs.url()).pathname).toBe(`/learn/${fx.slug}/${fx.lessons[0]!.slug}`);
    await expect(plainBlock.locator('.submission', { hasText: 'Attempt 2' }).locator('.submission__status').innerText()).resolves.toBe('Submitted, waiting for a grade');
    await plain.close();
    expect(pageErrors).toEqual([]);
  });

  it('ships the quiz lesson within the JavaScript budget', async () => {
    const loaded = await scriptsLoadedBy(context, `${siteUrl}/learn/${fx.slug}/${fx.lessons[1]!.slug}`);
    expect(loaded.status).toBe(200);
    expect(loaded.scripts.some((s) => s.url.includes('QuizRunner'))).toBe(true);
    expect(loaded.total, JSON.stringify(loaded.scripts)).toBeLessThanOrEqual(LESSON_JS_BUDGET_BYTES);
  });
});

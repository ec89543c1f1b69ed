import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { questionData } from '../../database/seed/to-strapi';
import type { QuestionSeed } from '../../database/seed/types';
import { adminAuth } from '../harness/api';
import { launchBrowser, registerOnSite } from '../harness/browser';
import { connect, publishDoc, richText } from '../harness/content';
import { seriousAxeViolations } from '../harness/page-checks';

/**
 * A quiz in immediate feedback mode in a real browser: each question has a "Check answer" button
 * that shows its result and feedback at once and makes the answer final (the inputs lock, and a
 * reload shows the same), then the attempt is submitted with the checked answers. Screenshot:
 * test-results/quiz-immediate/checked.png.
 */

const siteUrl = inject('siteUrl');
const run = Date.now().toString(36);
const SHOTS = path.resolve(__dirname, '../../test-results/quiz-immediate');

const QUESTIONS: QuestionSeed[] = [
  {
    type: 'single-choice',
    prompt: 'Which planet is closest to the Sun?',
    points: 1,
    feedback: 'Mercury orbits closest, at about 58 million km.',
    options: [
      { text: 'Mercury', correct: true },
      { text: 'Venus', correct: false, feedback: 'Venus is second; it is the hottest, though.' },
    ],
  },
  { type: 'true-false', prompt: 'The Moon has its own light.', points: 1, feedback: 'It reflects sunlight.', correctAnswer: false },
];

const questionBox = (page: Page, prompt: string) => page.locator('fieldset.quiz-q', { has: page.locator('legend', { hasText: prompt }) });

describe('immediate feedback quiz on the site', () => {
  let browser: Browser;
  let page: Page;
  let slug: string;
  let lessonSlug: string;
  const quizTitle = `Space check ${run}`;
  const errors: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    slug = `quiz-immediate-${run}`;
    const courseId = await publishDoc(admin, 'api::course.course', {
      title: `Immediate feedback ${run}`,
      slug,
      summary: 'A course whose quiz shows each answer’s result at once',
      level: 'beginner',
      language: 'en',
      pricingModel: 'free',
      priceAmount: 0,
    });
    const quizId = await publishDoc(admin, 'api::quiz.quiz', {
      title: quizTitle,
      course: connect(courseId),
      passingScore: 50,
      maxAttempts: 0,
      shuffleQuestions: false,
      shuffleOptions: false,
      feedbackMode: 'immediate',
      attemptPolicy: 'best',
      questions: QUESTIONS.map(questionData),
    });
    const section = await publishDoc(admin, 'api::section.section', { title: 'Only section', order: 0, course: connect(courseId), dripType: 'none' });
    lessonSlug = `qi-lesson-${run}`;
    await publishDoc(admin, 'api::lesson.lesson', {
      title: `Planets ${run}`,
      slug: lessonSlug,
      order: 0,
      freePreview: false,
      estimatedMinutes: 5,
      section: connect(section),
      blocks: [richText('Check each answer as you go.'), { __component: 'blocks.quiz', quiz: connect(quizId), countsTowardCompletion: true }],
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await registerOnSite(page, `quiz-immediate-${run}@example.com`, 'Learner-2026-pass');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('checks a question: result and feedback at once, the answer locks, and a reload keeps it', async () => {
    await page.goto(`${siteUrl}/courses/${slug}`);
    await Promise.all([page.waitForURL(`**/learn/${slug}/${lessonSlug}`), page.getByRole('button', { name: 'Enroll for free' }).click()]);
    const runner = page.locator('astro-island:not([ssr]) .quiz-runner', { has: page.getByRole('heading', { name: quizTitle }) });
    await runner.waitFor();
    await runner.getByRole('button', { name: 'Start the quiz' }).click();
    await runner.getByRole('heading', { name: 'Attempt 1' }).waitFor();

    const planet = questionBox(page, 'closest to the Sun');
    const check = planet.getByRole('button', { name: /^Check answer/ });
    expect(await check.isDisabled()).toBe(true);
    await planet.getByLabel('Venus').check();
    await check.click();
    const result = planet.locator('.quiz-check');
    await result.waitFor();
    await expect(result.getAttribute('data-outcome')).resolves.toBe('incorrect');
    await expect(result.innerText()).resolves.toContain('Venus is second');
    expect(await planet.getByLabel('Mercury').isDisabled()).toBe(true);
    await expect(planet.locator('.quiz-q__save').innerText()).resolves.toBe('Checked: this answer is final');
    // The other question is still open and unchecked.
    expect(await questionBox(page, 'own light').locator('.quiz-check').count()).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await planet.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, 'checked.png') });

    await page.reload();
    const again = page.locator('astro-island:not([ssr]) .quiz-runner', { has: page.getByRole('heading', { name: quizTitle }) });
    await again.waitFor();
    await again.getByRole('button', { name: 'Continue your attempt' }).click();
    await again.getByRole('heading', { name: 'Attempt 1' }).waitFor();
    const reloaded = questionBox(page, 'closest to the Sun');
    await expect(reloaded.locator('.quiz-check').getAttribute('data-outcome')).resolves.toBe('incorrect');
    expect(await reloaded.getByLabel('Venus').isChecked()).toBe(true);
    expect(await reloaded.getByLabel('Venus').isDisabled()).toBe(true);
  });

  it('submits with the checked answers', async () => {
    const runner = page.locator('.quiz-runner', { has: page.getByRole('heading', { name: quizTitle }) });
    const moon = questionBox(page, 'own light');
    await moon.getByLabel('False').check();
    await moon.getByRole('button', { name: /^Check answer/ }).click();
    await expect(moon.locator('.quiz-check').getAttribute('data-outcome')).resolves.toBe('correct');
    await runner.getByRole('button', { name: 'Submit answers…' }).click();
    await runner.getByRole('button', { name: 'Submit now' }).click();
    await runner.getByRole('heading', { name: 'Attempt 1 submitted' }).waitFor();
    await expect(runner.locator('.quiz-result__score').innerText()).resolves.toBe('Score: 1 / 2 points (50 %) · Passed');
    expect(errors).toEqual([]);
  });
});

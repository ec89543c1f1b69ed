import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makePdf } from '../../plugins/lms-grading/server/src/assignments/testing/files';
import { adminAuth, sendJson } from '../harness/api';
import { launchBrowser, logInToAdmin } from '../harness/browser';
import { connect, publishDoc } from '../harness/content';
import { sql } from '../harness/pg';

const cmsUrl = inject('cmsUrl');
const run = Date.now().toString(36);

/** Where the screenshot of the grading page is written (looked at by a person; not compared). */
const GRADING_SCREENSHOT = path.join(os.tmpdir(), 'lms-grading-queue.png');

let admin: Record<string, string>;

/**
 * The Grading admin page as an instructor uses it: find the submission in the queue, open it,
 * read the text and see the files, pick rubric levels (the score updates live), write feedback
 * and grade; the learner's row then holds the score. Then an essay from a quiz, graded with points
 * and a comment from the essay tab. Screenshots of the views are saved (GRADING_SCREENSHOT).
 */
describe('Grading admin page', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const learnerEmail = `grading-page-${run}@example.com`;
  let assignmentTitle: string;

  beforeAll(async () => {
    admin = await adminAuth(inject('adminEmail'), inject('seedPassword'));
    const course = await publishDoc(admin, 'api::course.course', {
      title: `Grading page course ${run}`,
      slug: `grading-page-${run}`,
      summary: 'For the grading page test',
      level: 'beginner',
      language: 'en',
      pricingModel: 'free',
      priceAmount: 0,
    });
    assignmentTitle = `Persuasive essay ${run}`;
    const assignment = await publishDoc(admin, 'api::assignment.assignment', {
      title: assignmentTitle,
      course: connect(course),
      maxScore: 20,
      passScore: 12,
      allowedFileTypes: 'pdf',
      rubric: [
        { title: 'Thesis', levels: [{ label: 'Missing', points: 0 }, { label: 'Clear', points: 2 }, { label: 'Compelling', points: 3 }] },
        { title: 'Evidence', levels: [{ label: 'None', points: 0 }, { label: 'Some', points: 1 }, { label: 'Thorough', points: 2 }] },
        { title: 'Style', levels: [{ label: 'Rough', points: 0 }, { label: 'Polished', points: 1 }] },
      ],
    });
    const section = await publishDoc(admin, 'api::section.section', { title: 'Week 1', order: 0, course: connect(course), dripType: 'none' });
    await publishDoc(admin, 'api::lesson.lesson', {
      title: `Write it ${run}`,
      slug: `grading-page-lesson-${run}`,
      order: 0,
      freePreview: false,
      estimatedMinutes: 20,
      section: connect(section),
      blocks: [{ __component: 'blocks.assignment', assignment: connect(assignment), countsTowardCompletion: true }],
    });

    const reg = await sendJson<{ jwt: string }>('POST', '/api/auth/local/register', { username: `grading-page-${run}`, email: learnerEmail, password: 'Learner-2026-pass' });
    expect(reg.status).toBe(200);
    const auth = { authorization: `Bearer ${reg.body.jwt}` };
    expect((await sendJson('POST', '/api/lms-enrollment/enrollments', { course }, auth)).status).toBe(201);
    const form = new FormData();
    form.append('text', 'Cities should replace car lanes with bus lanes.\n\nFirst, buses move more people per lane…');
    form.append('files', new Blob([makePdf('essay')], { type: 'application/pdf' }), 'bus-lanes-essay.pdf');
    const submitted = await fetch(`${cmsUrl}/api/lms-grading/assignments/${assignment}/submissions`, { method: 'POST', headers: auth, body: form });
    expect(submitted.status).toBe(201);

    // A quiz of the same course with one essay question, taken and submitted by the learner: it
    // waits in the essay queue (lms-grading's quiz routes).
    const quiz = await publishDoc(admin, 'api::quiz.quiz', {
      title: `Reflection quiz ${run}`,
      course: connect(course),
      passingScore: 50,
      feedbackMode: 'after_submit',
      attemptPolicy: 'best',
      questions: [{ __component: 'question.essay', prompt: 'Why do bus lanes matter?', points: 4, guidance: 'Two reasons, with evidence.' }],
    });
    const started = await sendJson<{ data: { id: number; paper: { questions: Array<{ id: string }> } } }>('POST', `/api/lms-grading/quizzes/${quiz}/attempts`, {}, auth);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const attempt = started.body.data;
    const questionId = attempt.paper.questions[0]!.id;
    expect((await sendJson('PUT', `/api/lms-grading/attempts/${attempt.id}/answers/${questionId}`, { answer: { text: 'They move more people and make buses reliable.' } }, auth)).status).toBe(200);
    expect((await sendJson('POST', `/api/lms-grading/attempts/${attempt.id}/submit`, {}, auth)).status).toBe(200);

    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await logInToAdmin(page, inject('adminEmail'), inject('seedPassword'));
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('grades a submission with the rubric from the queue', async () => {
    await page.goto(`${cmsUrl}/admin/plugins/lms-grading/queue`);
    await page.getByRole('heading', { name: 'Grading' }).waitFor();
    const row = page.locator('tbody tr', { hasText: learnerEmail });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain(assignmentTitle);
    await page.screenshot({ path: GRADING_SCREENSHOT.replace(/\.png$/, '-list.png'), fullPage: true });
    await row.getByRole('button', { name: 'Grade' }).click();

    await page.getByRole('heading', { name: assignmentTitle }).waitFor();
    await page.getByText('Cities should replace car lanes with bus lanes.').waitFor();
    await expect(page.getByRole('link', { name: /bus-lanes-essay\.pdf/ }).getAttribute('href')).resolves.toMatch(/^\/api\/lms-grading\/files\//);

    await page.getByRole('button', { name: 'Compelling · 3' }).click();
    await page.getByRole('button', { name: 'Some · 1' }).click();
    await page.getByText('2 of 3 criteria chosen (4 points so far)').waitFor();
    await page.getByRole('button', { name: 'Polished · 1' }).click();
    // 3 + 1 + 1 = 5 of 6, scaled to 20 → 16.667 (half-up to a thousandth).
    await page.getByText('Score: 16.667 / 20 — passes').waitFor();
    await page.getByLabel('Feedback').fill('A compelling thesis; add a second source for the evidence.');
    await page.screenshot({ path: GRADING_SCREENSHOT, fullPage: true });

    await page.getByRole('button', { name: 'Grade', exact: true }).click();
    await page.getByText('Graded: 16.667 / 20.').waitFor();
    const [graded] = await sql<{ status: string; score: number; passed: boolean; feedback: string }>(
      `SELECT s.status, s.score, s.passed, s.feedback FROM lms_assignment_submissions s JOIN up_users u ON u.id = s.user_id WHERE u.email = $1`,
      [learnerEmail],
    );
    expect(graded).toMatchObject({ status: 'graded', score: 16_667, passed: true, feedback: 'A compelling thesis; add a second source for the evidence.' });
    await page.getByRole('button', { name: 'Update grade' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('grades a quiz essay from the essay queue', async () => {
    await page.getByRole('button', { name: 'Back to the queue' }).click();
    await page.getByRole('tab', { name: 'Quiz essays' }).click();
    const row = page.locator('tbody tr', { hasText: learnerEmail });
    await row.waitFor();
    await expect(row.innerText()).resolves.toContain('Why do bus lanes matter?');
    await row.getByRole('button', { name: 'Grade' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('They move more people and make buses reliable.').waitFor();
    await dialog.getByLabel('Points').fill('3.5');
    await dialog.getByLabel('Comment').fill('Good reasons; cite a source next time.');
    await page.waitForTimeout(500); // let the dialog finish fading in before the screenshot
    await page.screenshot({ path: GRADING_SCREENSHOT.replace(/\.png$/, '-essay.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Save grade' }).click();
    await page.getByText(/Essay graded: 3\.5 \/ 4/).waitFor();
    const [answer] = await sql<{ points_awarded: string; grader_kind: string; grade_status: string }>(
      `SELECT a.points_awarded, a.grader_kind, a.grade_status FROM lms_quiz_answers a JOIN lms_quiz_attempts t ON t.id = a.attempt_id JOIN up_users u ON u.id = t.user_id WHERE u.email = $1`,
      [learnerEmail],
    );
    expect(answer).toMatchObject({ grader_kind: 'instructor' });
    expect(Number(answer?.points_awarded)).toBe(3500);
    // Graded, it leaves the pending queue (other test files may leave essays of their own there).
    await expect(row.waitFor({ state: 'detached' })).resolves.toBeUndefined();
    expect(errors).toEqual([]);
  });
});

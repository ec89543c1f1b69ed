import fs from 'node:fs';
import path from 'node:path';
import type { LessonsResponse, UploadPackageResponse } from '../../plugins/lms-h5p/server/src/contracts';
import { cmsUrl, getJson, sendJson } from './api';
import { CONTENT_MANAGER, connect, publishDoc, richText } from './content';
import { repoRoot } from './stack';

/** The H5P fixtures (tests/fixtures/h5p): the Hub's MultiChoice package and the greeting card folder. */
export const H5P_FIXTURES = path.join(repoRoot, 'tests', 'fixtures', 'h5p');
export const MULTICHOICE = fs.readFileSync(path.join(H5P_FIXTURES, 'H5P.MultiChoice.h5p'));

export interface H5pCourse {
  courseId: string;
  courseSlug: string;
  lessonId: string;
  lessonSlug: string;
  lessonTitle: string;
}

/**
 * A free, published course whose one lesson holds a rich-text block and an H5P block without a
 * package yet (the author adds the block in the content-manager, then uploads in lms-h5p's page).
 */
export async function createH5pCourse(admin: Record<string, string>, label: string, run: string): Promise<H5pCourse> {
  const courseSlug = `h5p-${label}-${run}`;
  const courseId = await publishDoc(admin, 'api::course.course', {
    title: `H5P ${label} ${run}`,
    slug: courseSlug,
    summary: 'A course with one H5P activity',
    level: 'beginner',
    language: 'en',
    pricingModel: 'free',
    priceAmount: 0,
  });
  const sectionId = await publishDoc(admin, 'api::section.section', { title: 'Warm-up', order: 1, course: connect(courseId), dripType: 'none' });
  const lessonTitle = `Blackcurrants ${label} ${run}`;
  const lessonSlug = `blackcurrants-${label}-${run}`;
  const lessonId = await publishDoc(admin, 'api::lesson.lesson', {
    title: lessonTitle,
    slug: lessonSlug,
    order: 1,
    freePreview: false,
    estimatedMinutes: 3,
    section: connect(sectionId),
    blocks: [richText('Answer the question below.'), { __component: 'blocks.h5p', title: 'What colour is a blackcurrant?', graded: true }],
  });
  return { courseId, courseSlug, lessonId, lessonSlug, lessonTitle };
}

/** The draft H5P block of a lesson, as lms-h5p's admin page lists it. */
export async function draftH5pBlock(admin: Record<string, string>, lessonId: string) {
  const res = await getJson<LessonsResponse>('/lms-h5p/lessons', { headers: admin });
  if (res.status !== 200) throw new Error(`GET /lms-h5p/lessons: ${res.status} ${JSON.stringify(res.body)}`);
  const lesson = res.body.data.find((l) => l.documentId === lessonId);
  const block = lesson?.blocks[0];
  if (!lesson || !block) throw new Error(`lesson ${lessonId} has no H5P block in /lms-h5p/lessons`);
  return { lesson, block };
}

/** POST /lms-h5p/packages (multipart) as the admin page sends it. */
export async function uploadH5p(admin: Record<string, string>, bytes: Buffer, name: string, attach?: { lesson: string; block: number }, baseUrl?: string) {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: 'application/zip' }), name);
  if (attach) {
    form.append('lesson', attach.lesson);
    form.append('block', String(attach.block));
  }
  const res = await fetch(baseUrl ? `${baseUrl}/lms-h5p/packages` : cmsUrl('/lms-h5p/packages'), { method: 'POST', headers: admin, body: form });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as UploadPackageResponse & { error?: { message: string; details?: { code?: string; entry?: string } } } };
}

/** Publishes the lesson's draft (the package was attached to the draft's block). */
export async function publishLesson(admin: Record<string, string>, lessonId: string): Promise<void> {
  const res = await sendJson('POST', `${CONTENT_MANAGER}/api::lesson.lesson/${lessonId}/actions/publish`, {}, admin);
  if (res.status !== 200) throw new Error(`publish lesson ${lessonId}: ${res.status} ${JSON.stringify(res.body)}`);
}

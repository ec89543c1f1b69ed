import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { onCleanup } from './cleanup';
import { solidPng } from './cover-image';

/** Authored content for the benchmarks, made through Strapi's own services as authors make it. */

const CATEGORY = 'api::category.category';
const INSTRUCTOR = 'api::instructor.instructor';

const CATEGORY_NAMES = ['Programming', 'Data Science', 'Design', 'Business', 'Languages', 'Photography'];
const INSTRUCTOR_NAMES = ['Thandi Nkosi', 'Pieter van Wyk', 'Amara Okafor', 'Lerato Dlamini', 'James Mitchell'];

export const slugify = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
export const paragraph = (text: string) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];

export interface UploadedFile {
  id: number;
}
interface UploadService {
  upload(input: { data: Record<string, unknown>; files: Record<string, unknown> }): Promise<UploadedFile[]>;
  remove(file: UploadedFile): Promise<unknown>;
}

/** One cover image, uploaded through the upload plugin like the admin does, shared by every course. */
export async function uploadCover(strapi: Core.Strapi, keep: boolean): Promise<UploadedFile> {
  const upload = strapi.plugin('upload').service('upload') as unknown as UploadService;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-bench-'));
  const filepath = path.join(dir, 'bench-cover.png');
  fs.writeFileSync(filepath, solidPng());
  try {
    const [file] = await upload.upload({
      data: { fileInfo: { name: 'bench-cover.png', alternativeText: 'Course cover' } },
      files: { filepath, originalFilename: 'bench-cover.png', mimetype: 'image/png', size: fs.statSync(filepath).size },
    });
    if (!file) throw new Error('the upload plugin returned no file for the cover image');
    // The local provider writes into cms/public/uploads: take the files away again, unless the
    // database that points at them is kept.
    if (!keep) onCleanup('remove the uploaded cover', async () => void (await upload.remove(file)));
    return file;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Creates a published document (draft + published rows, as "Publish" in the admin does). */
export async function createPublished(strapi: Core.Strapi, uid: string, data: Record<string, unknown>): Promise<string> {
  const documents = strapi.documents(uid as 'api::course.course');
  const doc = (await documents.create({ data, status: 'published' } as Parameters<typeof documents.create>[0])) as { documentId: string };
  return doc.documentId;
}

/** The categories and instructors courses point at, published (instructors with `avatarId` as avatar). */
export async function createReferenceData(strapi: Core.Strapi, avatarId?: number) {
  const categoryIds: string[] = [];
  for (const name of CATEGORY_NAMES) {
    categoryIds.push(await createPublished(strapi, CATEGORY, { name, slug: slugify(name), description: `Courses about ${name.toLowerCase()}.` }));
  }
  const instructorIds: string[] = [];
  for (const name of INSTRUCTOR_NAMES) {
    instructorIds.push(
      await createPublished(strapi, INSTRUCTOR, {
        name,
        slug: slugify(name),
        headline: `Teaches ${CATEGORY_NAMES[instructorIds.length % CATEGORY_NAMES.length]}`,
        bio: paragraph(`${name} has taught online for years.`),
        ...(avatarId === undefined ? {} : { avatar: avatarId }),
      }),
    );
  }
  return { categoryIds, instructorIds };
}

/** An image file from disk (seed media, say), uploaded through the upload plugin as the admin's media library does. */
export async function uploadImageFile(strapi: Core.Strapi, filepath: string, alternativeText: string, keep: boolean): Promise<UploadedFile> {
  const upload = strapi.plugin('upload').service('upload') as unknown as UploadService;
  const name = path.basename(filepath);
  const mimetype = name.toLowerCase().endsWith('.png') ? 'image/png' : 'image/jpeg';
  // The upload plugin gets a copy in a temp folder, so the seed file itself is never touched.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-bench-'));
  const copy = path.join(dir, name);
  fs.copyFileSync(filepath, copy);
  try {
    const [file] = await upload.upload({
      data: { fileInfo: { name, alternativeText } },
      files: { filepath: copy, originalFilename: name, mimetype, size: fs.statSync(copy).size },
    });
    if (!file) throw new Error(`the upload plugin returned no file for ${name}`);
    if (!keep) onCleanup(`remove the uploaded ${name}`, async () => void (await upload.remove(file)));
    return file;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What a certificate is made from, read from Strapi: the published course and its certificate
 * template (cms content types), the template's images (upload plugin files: bytes from the local
 * provider's folder or the file's URL), and the learner (users-permissions). The untyped Strapi
 * calls are wrapped here once.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import sharp from 'sharp';
import { certificateLearnerName } from '../domain';
import type { CertificateTemplate } from './render';
import { isJpeg, isPng } from './images';

const COURSE = 'api::course.course';
const TEMPLATE = 'api::certificate-template.certificate-template';
const USER = 'plugin::users-permissions.user';
/** Template images larger than this are refused (a 300 dpi A4 page is ~25 MB as raw RGB; files are compressed). */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

interface MediaFile {
  id: number;
  name: string;
  url: string;
  mime: string | null;
  provider: string | null;
}

interface TemplateDocument {
  documentId: string;
  name: string;
  orientation: 'landscape' | 'portrait' | null;
  titleText: string | null;
  bodyText: string | null;
  primaryColor: string | null;
  textColor: string | null;
  font: 'serif' | 'sans' | null;
  signatoryName: string | null;
  signatoryTitle: string | null;
  background: MediaFile | null;
  logo: MediaFile | null;
  signature: MediaFile | null;
}

interface CourseDocument {
  documentId: string;
  title: string;
  certificateTemplate: { documentId: string } | null;
}

interface DocumentReader<T> {
  findOne(params: { documentId: string; status: 'published' | 'draft'; fields?: string[]; populate?: unknown }): Promise<T | null>;
}

const documents = <T>(strapi: Core.Strapi, uid: string) => strapi.documents(uid as never) as unknown as DocumentReader<T>;

/**
 * The certificate of a course without a template (docs/decisions: certificates): the content
 * type's own defaults, with the platform's name as signatory line left out. Landscape, serif.
 */
export const DEFAULT_TEMPLATE: CertificateTemplate = {
  orientation: 'landscape',
  titleText: 'Certificate of Completion',
  bodyText: 'This certifies that {learner} completed {course} on {date}. Verification code: {code}.',
  primaryColor: '#1f4e79',
  textColor: '#222222',
  font: 'serif',
  signatoryName: null,
  signatoryTitle: null,
  background: null,
  logo: null,
  signature: null,
};

export interface CertificateSource {
  course: { documentId: string; title: string };
  /** null: {@link DEFAULT_TEMPLATE}. */
  templateDocumentId: string | null;
  template: CertificateTemplate;
}

export class CertificateSourceError extends Error {}

/**
 * The course (published; a course unpublished since completion is read as its draft, the learner
 * finished it all the same) and its published template with image bytes. Null when the course
 * no longer exists at all.
 */
export async function loadCertificateSource(strapi: Core.Strapi, courseDocumentId: string): Promise<CertificateSource | null> {
  const courseParams = { documentId: courseDocumentId, fields: ['title'], populate: { certificateTemplate: { fields: ['documentId'] } } };
  const course =
    (await documents<CourseDocument>(strapi, COURSE).findOne({ ...courseParams, status: 'published' })) ??
    (await documents<CourseDocument>(strapi, COURSE).findOne({ ...courseParams, status: 'draft' }));
  if (!course) return null;

  const templateId = course.certificateTemplate?.documentId ?? null;
  const document = templateId
    ? await documents<TemplateDocument>(strapi, TEMPLATE).findOne({ documentId: templateId, status: 'published', populate: ['background', 'logo', 'signature'] })
    : null;
  if (!document) {
    // No template, or one that is not published (a draft is unfinished work): the default.
    return { course: { documentId: course.documentId, title: course.title }, templateDocumentId: null, template: DEFAULT_TEMPLATE };
  }

  const image = (field: 'background' | 'logo' | 'signature') => (document[field] ? readTemplateImage(strapi, document[field] as MediaFile, `${document.name}: ${field}`) : null);
  const [background, logo, signature] = await Promise.all([image('background'), image('logo'), image('signature')]);
  return {
    course: { documentId: course.documentId, title: course.title },
    templateDocumentId: document.documentId,
    template: {
      orientation: document.orientation ?? DEFAULT_TEMPLATE.orientation,
      titleText: document.titleText?.trim() || DEFAULT_TEMPLATE.titleText,
      bodyText: document.bodyText?.trim() || DEFAULT_TEMPLATE.bodyText,
      primaryColor: document.primaryColor || DEFAULT_TEMPLATE.primaryColor,
      textColor: document.textColor || DEFAULT_TEMPLATE.textColor,
      font: document.font ?? DEFAULT_TEMPLATE.font,
      signatoryName: document.signatoryName,
      signatoryTitle: document.signatoryTitle,
      background,
      logo,
      signature,
    },
  };
}

/**
 * The bytes of an uploaded image as PNG or JPEG. The local provider keeps files under the cms's
 * public folder (url "/uploads/..."); S3 and other providers give an absolute URL. Other formats
 * (WebP, SVG, GIF, AVIF) are converted to PNG, which is all the renderer places.
 */
async function readTemplateImage(strapi: Core.Strapi, file: MediaFile, what: string): Promise<Buffer> {
  let bytes: Buffer;
  if (file.url.startsWith('/')) {
    const publicDir = path.resolve(strapi.dirs.static.public);
    const target = path.resolve(publicDir, `.${decodeURIComponent(file.url.split('?')[0] ?? '')}`);
    if (!target.startsWith(publicDir + path.sep)) throw new CertificateSourceError(`${what}: file ${file.name} has a URL outside the public folder (${file.url})`);
    try {
      bytes = await fsp.readFile(target);
    } catch (error) {
      throw new CertificateSourceError(`${what}: cannot read ${file.name} at ${target} (${(error as Error).message}); re-upload it in the media library`);
    }
  } else if (/^https?:\/\//i.test(file.url)) {
    const response = await fetch(file.url, { signal: AbortSignal.timeout(15_000) }).catch((error: unknown) => {
      throw new CertificateSourceError(`${what}: cannot fetch ${file.url} (${String(error)})`);
    });
    if (!response.ok) throw new CertificateSourceError(`${what}: ${file.url} answered ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > MAX_IMAGE_BYTES) throw new CertificateSourceError(`${what}: ${file.name} is ${length} bytes; at most ${MAX_IMAGE_BYTES}`);
    bytes = Buffer.from(await response.arrayBuffer());
  } else {
    throw new CertificateSourceError(`${what}: file ${file.name} has an unsupported URL ${JSON.stringify(file.url)}`);
  }
  if (bytes.length > MAX_IMAGE_BYTES) throw new CertificateSourceError(`${what}: ${file.name} is ${bytes.length} bytes; at most ${MAX_IMAGE_BYTES}`);
  if (isPng(bytes) || isJpeg(bytes)) return bytes;
  try {
    return await sharp(bytes, { limitInputPixels: 40_000_000 }).png().toBuffer();
  } catch (error) {
    throw new CertificateSourceError(`${what}: ${file.name} (${file.mime ?? 'unknown type'}) is not an image the certificate can use: ${(error as Error).message}`);
  }
}

export interface LearnerIdentity {
  id: number;
  email: string | null;
  username: string | null;
  /** As printed (domain/certificates.ts: never an email address). */
  displayName: string;
}

/** The learner's identity; null when the account is gone. `fullName` is read when the user model has it. */
export async function loadLearner(strapi: Core.Strapi, userId: number): Promise<LearnerIdentity | null> {
  const attributes = (strapi.getModel(USER as never) as { attributes?: Record<string, unknown> } | undefined)?.attributes ?? {};
  const select = ['id', 'email', 'username', ...('fullName' in attributes ? ['fullName'] : [])];
  const user = (await strapi.db.query(USER as never).findOne({ where: { id: userId }, select } as never)) as {
    id: number;
    email: string | null;
    username: string | null;
    fullName?: string | null;
  } | null;
  if (!user) return null;
  return { id: user.id, email: user.email ?? null, username: user.username ?? null, displayName: certificateLearnerName(user) };
}

/** How long an issued certificate's course source (course, template, image bytes) is reused. */
export const CERTIFICATE_SOURCE_TTL_MS = 30_000;
/** Courses whose source is kept at once (each holds its template's image bytes). */
export const CERTIFICATE_SOURCE_MAX_COURSES = 64;

/**
 * Certificates of one course are issued in bursts (a cohort finishing, the seed, a backfill) and
 * each needs the same course, template and image bytes: about eight queries and three image
 * reads. This keeps a course's source for {@link CERTIFICATE_SOURCE_TTL_MS}, at most
 * {@link CERTIFICATE_SOURCE_MAX_COURSES} courses, and forgets everything at once when a course or
 * certificate template is written in this process (the Document Service middleware in the
 * certificates concern); another process sees such a change within the TTL. A failed load is
 * not kept. Regeneration (an admin applying a changed template) always reads afresh.
 */
export function createCertificateSourceCache(
  load: (courseDocumentId: string) => Promise<CertificateSource | null>,
  options: { ttlMs?: number; maxCourses?: number; now?: () => number } = {},
) {
  const ttl = options.ttlMs ?? CERTIFICATE_SOURCE_TTL_MS;
  const max = options.maxCourses ?? CERTIFICATE_SOURCE_MAX_COURSES;
  const now = options.now ?? Date.now;
  const entries = new Map<string, { value: Promise<CertificateSource | null>; expiresAt: number }>();
  let generation = 0;
  return {
    get(courseDocumentId: string): Promise<CertificateSource | null> {
      const hit = entries.get(courseDocumentId);
      if (hit && hit.expiresAt > now()) return hit.value;
      const started = generation;
      const value = load(courseDocumentId);
      entries.delete(courseDocumentId);
      entries.set(courseDocumentId, { value, expiresAt: now() + ttl });
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
      // Not kept: a failure, or a load that raced with an invalidation (it may hold the old content).
      value.then(
        () => {
          if (generation !== started && entries.get(courseDocumentId)?.value === value) entries.delete(courseDocumentId);
        },
        () => {
          if (entries.get(courseDocumentId)?.value === value) entries.delete(courseDocumentId);
        },
      );
      return value;
    },
    invalidate(): void {
      generation += 1;
      entries.clear();
    },
    get size(): number {
      return entries.size;
    },
  };
}


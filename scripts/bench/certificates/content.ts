import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { certificateTemplates } from '../../../database/seed/content';
import type { MediaSeed } from '../../../database/seed/types';
import { repoRoot } from '../../../tests/harness/stack';
import { createLearners } from '../learner/learners';
import type { BenchServices } from '../learner/services';
import { createPublished, paragraph, uploadImageFile } from '../lib/content';
import { forEachConcurrently, progress } from '../lib/work';

/**
 * What the certificates are made from, made the way an author and learners make it: the demo
 * seed's two certificate templates (logo and signature images uploaded through the upload plugin) and
 * the default template of a course without one, four published one-lesson courses, learners
 * with full names in several scripts, each enrolled in every course and completing its lesson
 * through lms-enrollment's services, which completes the enrollment (and emits course.completed,
 * as in production).
 */

const COURSE = 'api::course.course';
const SECTION = 'api::section.section';
const LESSON = 'api::lesson.lesson';
const TEMPLATE = 'api::certificate-template.certificate-template';
const USER = 'plugin::users-permissions.user';
const MEDIA = path.join(repoRoot, 'database/seed/media');

/** Given and family names in the scripts the certificate fonts cover (accented Latin, Cyrillic, Greek). */
const GIVEN = ['Zoë', 'Thandiwe', 'Дмитрий', 'Αλέξανδρος', 'Siobhán', 'Ravi', 'Émilie', 'Анна', 'Σοφία', 'Sipho', 'Jürgen', 'Nomvula'];
const FAMILY = ['Ångström', 'van der Merwe', 'Шостакович', 'Παπαδόπουλος', 'Ó Súilleabháin', 'Naidoo', 'Lefèvre', 'Ковалёва', 'Γεωργίου', 'Dlamini', 'Müller', 'Mokoena'];

/** The n-th learner's full name (varied length and script; distinct for the first 144). */
export function learnerFullName(n: number): string {
  return `${GIVEN[n % GIVEN.length]} ${FAMILY[Math.floor(n / GIVEN.length) % FAMILY.length]}`;
}

const COURSES = [
  { title: 'Git for Everyday Work', template: 'thandi-nkosi' },
  { title: 'SQL for Data Analysis: Joins, Windows and Reports', template: 'thandi-nkosi' },
  { title: 'Personal Finance in South Africa', template: 'lerato-mokoena' },
  { title: 'Public Speaking Without Fear', template: null },
] as const;

export interface CertificateCourses {
  courses: Array<{ documentId: string; lessonDocumentId: string; template: string | null }>;
}

/** The seed's templates (with their images uploaded) and the four courses, published. */
export async function createCertificateCourses(strapi: Core.Strapi, keep: boolean): Promise<CertificateCourses> {
  const uploaded = new Map<string, number>();
  const upload = async (image: MediaSeed) => {
    const known = uploaded.get(image.file);
    if (known !== undefined) return known;
    const file = await uploadImageFile(strapi, path.join(MEDIA, image.file), image.alternativeText, keep);
    uploaded.set(image.file, file.id);
    return file.id;
  };
  // Keyed by the owner's slug: "thandi-nkosi", "lerato-mokoena".
  const templates: Record<string, string> = {};
  for (const { owner, logo, signature, ...fields } of certificateTemplates) {
    templates[owner] = await createPublished(strapi, TEMPLATE, { ...fields, logo: await upload(logo), signature: await upload(signature) });
  }
  const courses: CertificateCourses['courses'] = [];
  for (const [i, plan] of COURSES.entries()) {
    const slug = `bench-certificates-${i + 1}`;
    const documentId = await createPublished(strapi, COURSE, {
      title: plan.title,
      slug,
      summary: `${plan.title}, in one lesson.`,
      description: paragraph(`Complete the lesson to earn the certificate of ${plan.title}.`),
      level: 'beginner',
      language: 'en',
      pricingModel: 'free',
      priceAmount: 0,
      ...(plan.template ? { certificateTemplate: templates[plan.template] } : {}),
    });
    const section = await createPublished(strapi, SECTION, { title: 'The lesson', order: 1, course: documentId, dripType: 'none' });
    const lessonDocumentId = await createPublished(strapi, LESSON, {
      title: 'Everything in one page',
      slug: `${slug}-lesson`,
      section,
      order: 1,
      estimatedMinutes: 15,
      blocks: [{ __component: 'blocks.rich-text', body: paragraph(`All of ${plan.title} on one page.`) }],
    });
    courses.push({ documentId, lessonDocumentId, template: plan.template });
  }
  return { courses };
}

/**
 * Learners (⌈count ÷ courses⌉ of them, named) each enrolled in the courses and completing their
 * lesson until `count` enrollments are completed.
 */
export async function completeEnrollments(
  strapi: Core.Strapi,
  services: BenchServices,
  courses: CertificateCourses['courses'],
  count: number,
  concurrency: number,
): Promise<void> {
  const learnerCount = Math.ceil(count / courses.length);
  const ids = await createLearners(strapi, services, learnerCount, concurrency);
  const tickName = progress('full names', ids.length).tick;
  await forEachConcurrently(
    ids.map((id, n) => ({ id, n })),
    concurrency,
    async ({ id, n }) => {
      await strapi.db.query(USER).update({ where: { id }, data: { fullName: learnerFullName(n) } });
      tickName();
    },
  );
  const work = Array.from({ length: count }, (_, i) => ({ userId: ids[Math.floor(i / courses.length)] as number, course: courses[i % courses.length] as CertificateCourses['courses'][number] }));
  const tick = progress('enrollments completed', work.length).tick;
  await forEachConcurrently(work, concurrency, async ({ userId, course }) => {
    await services.enroll(userId, course.documentId);
    await services.completeLesson(userId, course.lessonDocumentId);
    tick();
  });
}

/**
 * The idempotent demo seed: accounts, media and the catalog of database/seed/content.ts.
 *
 * Every record is found again by a natural key (email, media file name, slug, or title within
 * its course) and only created when missing; existing records are left exactly as they are, so
 * a second run creates nothing, and edits made in the admin panel survive a re-seed. A draft
 * left unpublished by an interrupted run is published on the next one.
 *
 * There is no surrounding transaction: uploads write files outside the database, and because
 * each record is keyed, a run that dies half-way is simply completed by the next.
 *
 * Ownership: everything an instructor authors (courses, sections, lessons, quizzes,
 * assignments, certificate templates, and the media they use) is created with
 * createdBy/updatedBy = that instructor's admin user, which is what the Instructor role's
 * `admin::is-creator` condition checks. Shared data (categories, instructor profiles, the
 * platform logo) belongs to the super admin.
 */
import { DEMO_LIVE_SESSION, seedDemoLiveSession } from './live';
import fs from 'node:fs';
import type { Core } from '@strapi/strapi';
import { loadConfig, type LmsConfig } from '@lms/config';
// The role itself is created by the cms bootstrap; only its code is shared.
import { INSTRUCTOR_ROLE_CODE } from '../../cms/src/bootstrap/instructor-role';
import { accountSummaries, demoAccounts, type AccountSummary } from './accounts';
import { DEMO_CERTIFICATE, seedDemoCertificate, type DemoCertificateSummary } from './certificate';
import { catalog } from './content';
import { allMedia, mediaPath } from './media';
import { createSeedAdapter, type AdminUserRef, type SeedAdapter, type SeedUid } from './strapi-adapter';
import { assignmentData, lessonBlockData, quizData, type BlockRefs } from './to-strapi';
import type { AssignmentSeed, CourseSeed, MediaSeed, QuizSeed } from './types';

export const SEEDED_TYPES = [
  'adminUsers',
  'learners',
  'media',
  'categories',
  'instructors',
  'certificateTemplates',
  'courses',
  'quizzes',
  'assignments',
  'sections',
  'lessons',
  'certificates',
  'liveSessions',
] as const;
export type SeededType = (typeof SEEDED_TYPES)[number];
export type SeedCounts = Record<SeededType, number>;

export interface SeedSummary {
  /** Demo records present after the run (found or created), per type. */
  counts: SeedCounts;
  /** How many of those this run created: all zero when the demo was already there. */
  created: SeedCounts;
  /** The demo logins (all with SEED_PASSWORD). */
  accounts: AccountSummary[];
  /** A learner's certificate to verify at once (database/seed/certificate.ts). */
  demoCertificate: DemoCertificateSummary;
}

export interface SeedOptions {
  /** Defaults to loadConfig(): the same environment the cms was booted with. */
  config?: LmsConfig;
}

const zeroCounts = (): SeedCounts => Object.fromEntries(SEEDED_TYPES.map((t) => [t, 0])) as SeedCounts;

class Tally {
  readonly counts = zeroCounts();
  readonly created = zeroCounts();
  add(type: SeededType, created: boolean): void {
    this.counts[type] += 1;
    if (created) this.created[type] += 1;
  }
}

export async function seedDemo(strapi: Core.Strapi, options: SeedOptions = {}): Promise<SeedSummary> {
  const config = options.config ?? loadConfig();
  const store = createSeedAdapter(strapi);
  const tally = new Tally();

  const owners = await seedAccounts(store, config, tally);

  const mediaIds = await seedMedia(store, owners, tally);

  const ensure = documentEnsurer(store, tally);
  const superAdminId = owners.superAdmin.id;

  const categoryIds = new Map<string, string>();
  for (const c of catalog.categories) {
    categoryIds.set(c.slug, await ensure('categories', 'api::category.category', { slug: c.slug }, superAdminId, () => c));
  }

  const instructorIds = new Map<string, string>();
  for (const i of catalog.instructors) {
    const adminUser = owners.instructor(i.slug);
    instructorIds.set(
      i.slug,
      await ensure('instructors', 'api::instructor.instructor', { slug: i.slug }, superAdminId, () => ({
        name: i.name,
        slug: i.slug,
        headline: i.headline,
        bio: i.bio,
        avatar: mediaIds.of(i.avatar),
        adminUser: adminUser.id,
      })),
    );
  }

  const templateIds = new Map<string, string>();
  for (const t of catalog.certificateTemplates) {
    const { owner, logo, signature, ...fields } = t;
    templateIds.set(
      t.name,
      await ensure('certificateTemplates', 'api::certificate-template.certificate-template', { name: t.name }, owners.instructor(owner).id, () => ({
        ...fields,
        logo: mediaIds.of(logo),
        signature: mediaIds.of(signature),
      })),
    );
  }

  const courseIds = new Map<string, string>();
  for (const course of catalog.courses) {
    const ownerId = owners.instructor(course.instructor).id;
    const courseId = await ensure('courses', 'api::course.course', { slug: course.slug }, ownerId, () =>
      courseData(course, {
        category: lookup(categoryIds, course.category, 'category', course.slug),
        instructor: lookup(instructorIds, course.instructor, 'instructor', course.slug),
        certificateTemplate: course.certificateTemplate
          ? lookup(templateIds, course.certificateTemplate, 'certificate template', course.slug)
          : undefined,
        prerequisites: (course.prerequisites ?? []).map((slug) => lookup(courseIds, slug, 'prerequisite course', course.slug)),
        cover: mediaIds.of(course.cover),
      }),
    );
    courseIds.set(course.slug, courseId);
    await seedCourseContent(course, courseId, ownerId, ensure, mediaIds);
  }

  const certificateHolder = await store.findLearner(DEMO_CERTIFICATE.learnerEmail);
  if (!certificateHolder) throw new Error(`the demo certificate's learner ${DEMO_CERTIFICATE.learnerEmail} is not among the demo accounts`);
  const demo = await seedDemoCertificate(strapi, {
    learnerId: certificateHolder.id,
    courseDocumentId: lookup(courseIds, DEMO_CERTIFICATE.courseSlug, 'course', 'the demo certificate'),
    siteUrl: config.siteUrl,
  });
  tally.add('certificates', demo.created);

  tally.add(
    'liveSessions',
    await seedDemoLiveSession(strapi, {
      courseDocumentId: lookup(courseIds, DEMO_LIVE_SESSION.courseSlug, 'course', 'the demo live session'),
      instructorAdminId: owners.instructor('thandi-nkosi').id,
    }),
  );

  // Resolve only once Strapi's background entry events are done, so the caller may destroy it.
  await store.settle();
  return { counts: tally.counts, created: tally.created, accounts: accountSummaries(config), demoCertificate: demo.summary };
}

// --- accounts -------------------------------------------------------------------------------

interface Owners {
  superAdmin: AdminUserRef;
  /** The admin user behind an instructor slug. */
  instructor(slug: string): AdminUserRef;
  /** Who creates a media file: its owner instructor, else the super admin. */
  ofMedia(seed: MediaSeed): AdminUserRef;
}

async function seedAccounts(store: SeedAdapter, config: LmsConfig, tally: Tally): Promise<Owners> {
  const accounts = demoAccounts(config);

  const ensureAdmin = async (a: { email: string; firstname: string; lastname: string }, roleId: number) => {
    const existing = await store.findAdminUser(a.email);
    tally.add('adminUsers', !existing);
    return existing ?? store.createAdminUser({ ...a, password: accounts.password, roleId });
  };

  const superAdmin = await ensureAdmin(accounts.superAdmin, await store.superAdminRoleId());
  const instructorRoleId = await store.adminRoleIdByCode(INSTRUCTOR_ROLE_CODE);
  const bySlug = new Map<string, AdminUserRef>();
  for (const account of accounts.instructors) {
    const { instructorSlug, ...profile } = account;
    bySlug.set(instructorSlug, await ensureAdmin(profile, instructorRoleId));
  }

  const learnerRoleId = await store.authenticatedRoleId();
  for (const learner of accounts.learners) {
    const existing = await store.findLearner(learner.email);
    tally.add('learners', !existing);
    if (!existing) {
      await store.createLearner({
        username: learner.username,
        email: learner.email,
        password: accounts.password,
        roleId: learnerRoleId,
        fullName: `${learner.firstname} ${learner.lastname}`,
      });
    }
  }

  const instructor = (slug: string): AdminUserRef => {
    const user = bySlug.get(slug);
    if (!user) throw new Error(`no demo instructor account has instructorSlug "${slug}" (database/seed/accounts.ts)`);
    return user;
  };
  return { superAdmin, instructor, ofMedia: (seed) => (seed.owner ? instructor(seed.owner) : superAdmin) };
}

// --- media ----------------------------------------------------------------------------------

interface MediaIds {
  of(seed: MediaSeed): number;
}

async function seedMedia(store: SeedAdapter, owners: Owners, tally: Tally): Promise<MediaIds> {
  const ids = new Map<string, number>();
  for (const seed of allMedia) {
    const existing = await store.findMedia(seed.file);
    tally.add('media', !existing);
    if (existing) {
      ids.set(seed.file, existing.id);
      continue;
    }
    const filepath = mediaPath(seed);
    const uploaded = await store.uploadMedia(
      { filepath, name: seed.file, mimetype: seed.mime, alternativeText: seed.alternativeText, caption: seed.caption },
      fs.statSync(filepath).size,
      owners.ofMedia(seed),
    );
    ids.set(seed.file, uploaded.id);
  }
  return {
    of(seed) {
      const id = ids.get(seed.file);
      if (id === undefined) throw new Error(`media file ${seed.file} is used but not listed in database/seed/media.ts`);
      return id;
    },
  };
}

// --- documents ------------------------------------------------------------------------------

/** Finds a document by `filters` or creates and publishes it; returns its documentId. */
type Ensure = (
  type: SeededType,
  uid: SeedUid,
  filters: Record<string, unknown>,
  ownerId: number,
  data: () => object,
) => Promise<string>;

function documentEnsurer(store: SeedAdapter, tally: Tally): Ensure {
  return async (type, uid, filters, ownerId, data) => {
    const existing = await store.findDocument(uid, filters);
    tally.add(type, !existing);
    if (existing) {
      // An earlier run may have died between create and publish.
      if (!(await store.isPublished(uid, existing.documentId))) await store.publish(uid, existing.documentId);
      return existing.documentId;
    }
    const created = await store.createPublished(uid, { ...data() }, ownerId);
    return created.documentId;
  };
}

function lookup(ids: Map<string, string>, key: string, what: string, courseSlug: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`course "${courseSlug}" refers to ${what} "${key}", which the catalog does not define before it`);
  return id;
}

function courseData(
  course: CourseSeed,
  refs: { category: string; instructor: string; certificateTemplate?: string; prerequisites: string[]; cover: number },
): Record<string, unknown> {
  const pricing =
    course.pricing.model === 'free'
      ? { pricingModel: 'free', priceAmount: 0, currency: null }
      : { pricingModel: course.pricing.model, priceAmount: course.pricing.amount, currency: course.pricing.currency };
  return {
    title: course.title,
    slug: course.slug,
    summary: course.summary,
    description: course.description,
    outcomes: course.outcomes.map((text) => ({ text })),
    level: course.level,
    language: course.language,
    ...pricing,
    ...refs,
  };
}

/** Quizzes and assignments first (lessons point at them), then sections, then their lessons. */
async function seedCourseContent(course: CourseSeed, courseId: string, ownerId: number, ensure: Ensure, mediaIds: MediaIds): Promise<void> {
  const quizIds = new Map<QuizSeed, string>();
  for (const quiz of course.quizzes ?? []) {
    const filters = { title: quiz.title, course: { documentId: courseId } };
    quizIds.set(quiz, await ensure('quizzes', 'api::quiz.quiz', filters, ownerId, () => quizData(quiz, courseId)));
  }
  const assignmentIds = new Map<AssignmentSeed, string>();
  for (const assignment of course.assignments ?? []) {
    const filters = { title: assignment.title, course: { documentId: courseId } };
    assignmentIds.set(
      assignment,
      await ensure('assignments', 'api::assignment.assignment', filters, ownerId, () => assignmentData(assignment, courseId)),
    );
  }

  const refs: BlockRefs = {
    mediaId: (seed) => mediaIds.of(seed),
    quizDocumentId: (quiz) => {
      const id = quizIds.get(quiz);
      if (!id) throw new Error(`a lesson of "${course.slug}" uses quiz "${quiz.title}", which is not in that course's quizzes`);
      return id;
    },
    assignmentDocumentId: (assignment) => {
      const id = assignmentIds.get(assignment);
      if (!id) throw new Error(`a lesson of "${course.slug}" uses assignment "${assignment.title}", which is not in that course's assignments`);
      return id;
    },
  };

  for (const [sectionIndex, section] of course.sections.entries()) {
    const sectionId = await ensure('sections', 'api::section.section', { title: section.title, course: { documentId: courseId } }, ownerId, () => ({
      title: section.title,
      order: sectionIndex + 1,
      course: courseId,
      dripType: section.drip?.type ?? 'none',
      dripDays: section.drip?.type === 'after_days' ? section.drip.days : null,
      dripDate: section.drip?.type === 'on_date' ? section.drip.date : null,
    }));
    for (const [lessonIndex, lesson] of section.lessons.entries()) {
      // Keyed by slug within the course, as the catalog resolves lessons; moving a lesson to
      // another section in the admin does not make the seed create it again.
      const filters = { slug: lesson.slug, section: { course: { documentId: courseId } } };
      await ensure('lessons', 'api::lesson.lesson', filters, ownerId, () => ({
        title: lesson.title,
        slug: lesson.slug,
        section: sectionId,
        order: lessonIndex + 1,
        freePreview: lesson.freePreview ?? false,
        estimatedMinutes: lesson.estimatedMinutes,
        blocks: lesson.blocks.map((block) => lessonBlockData(block, refs)),
      }));
    }
  }
}

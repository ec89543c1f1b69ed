import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { INSTRUCTOR_ACCOUNTS, LEARNER_ACCOUNTS } from '../../database/seed/accounts';
import { catalog } from '../../database/seed/content';
import { allMedia } from '../../database/seed/media';
import type { SeedSummary } from '../../database/seed';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '../harness/db';
import { freePort, repoRoot, testEnvironment } from '../harness/stack';

/**
 * The demo seed against a real Strapi on PostgreSQL.
 *
 * The integration global setup has already booted the cms on a fresh database and seeded it.
 * Its Strapi lives in the runner's main process, so this file boots a second, non-listening
 * Strapi on the same database to read rows and to run the seed a second time. Run without the
 * global setup (no `databaseUrl` provided), it makes and seeds a database of its own.
 */

const OWNED_UIDS = [
  'api::course.course',
  'api::section.section',
  'api::lesson.lesson',
  'api::quiz.quiz',
  'api::assignment.assignment',
  'api::certificate-template.certificate-template',
] as const;

const COUNTED_UIDS = [
  ...OWNED_UIDS,
  'api::category.category',
  'api::instructor.instructor',
  'admin::user',
  'plugin::users-permissions.user',
  'plugin::upload.file',
] as const;

const BLOCK_COMPONENTS = [
  'blocks.rich-text',
  'blocks.video',
  'blocks.file',
  'blocks.h5p',
  'blocks.quiz',
  'blocks.assignment',
  'blocks.external-tool',
];

const QUESTION_COMPONENTS = [
  'question.single-choice',
  'question.multiple-choice',
  'question.true-false',
  'question.short-answer',
  'question.numeric',
  'question.ordering',
  'question.matching',
  'question.fill-blanks',
  'question.essay',
];

interface UserRef {
  id: number;
  email: string;
}
interface OwnedRow {
  id: number;
  documentId: string;
  publishedAt: string | null;
  createdBy: UserRef | null;
  updatedBy: UserRef | null;
}
interface MediaRow {
  id: number;
  name: string;
  url: string;
  mime: string;
}
type Component = { __component: string } & Record<string, unknown>;

let strapi: Core.Strapi;
let ownDatabase: TestDatabase | undefined;
let firstCounts: Record<string, number>;
let secondRun: SeedSummary;
let seedPassword: string;
let adminEmail: string;
type Listener = (...args: unknown[]) => void;
/** `process` as a plain emitter: its own typings only list listeners by signal name. */
const processEvents: NodeJS.EventEmitter = process;
let runnerListeners: Array<readonly [string | symbol, Listener[]]> = [];

/** Untyped query engine calls, typed once for this file. */
const query = <T>(uid: string, params: Record<string, unknown>): Promise<T[]> =>
  strapi.db.query(uid as never).findMany(params as never) as Promise<T[]>;
const countRows = (uid: string, where: Record<string, unknown> = {}): Promise<number> =>
  strapi.db.query(uid as never).count({ where } as never) as Promise<number>;

async function countEverything(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const uid of COUNTED_UIDS) counts[uid] = await countRows(uid);
  // Components and join tables too: a re-run that rewrote a document would show up here.
  for (const table of ['components_blocks_rich_text', 'components_question_option', 'files_related_mph', 'courses_prerequisites_lnk', 'lessons_section_lnk', 'lms_live_sessions']) {
    const row = (await strapi.db.connection(table).count({ n: '*' }).first()) as { n: string | number };
    counts[table] = Number(row.n);
  }
  return counts;
}

beforeAll(async () => {
  // A database of its own: the shared stack's is changed by the other test files (courses
  // created, a seeded course renamed and restored by an admin), and this file counts rows.
  ownDatabase = await createTestDatabase('lms_seed');
  const env = testEnvironment({ databaseUrl: ownDatabase.url, redisPrefix: uniqueRedisPrefix('lms_seed'), port: await freePort() });
  seedPassword = (inject('seedPassword') as string | undefined) ?? env.SEED_PASSWORD;
  adminEmail = (inject('adminEmail') as string | undefined) ?? env.SEED_ADMIN_EMAIL;
  Object.assign(process.env, env, { SEED_PASSWORD: seedPassword, SEED_ADMIN_EMAIL: adminEmail });

  // Imported late: both read the environment set just above.
  const { bootStrapi } = await import('../../scripts/lib/strapi');
  const { seedDemo } = await import('../../database/seed');
  runnerListeners = processEvents.eventNames().map((event) => [event, processEvents.listeners(event) as Listener[]] as const);
  strapi = await bootStrapi({ logLevel: 'error' });
  await seedDemo(strapi);

  firstCounts = await countEverything();
  secondRun = await seedDemo(strapi);
});

afterAll(async () => {
  await strapi?.destroy();
  // destroy() ends with process.removeAllListeners(), which also drops the test worker's IPC
  // listener (the run then dies with "Channel closed"); give the runner its listeners back.
  for (const [event, listeners] of runnerListeners) {
    for (const listener of listeners) if (!processEvents.listeners(event).includes(listener)) processEvents.on(event, listener);
  }
  await ownDatabase?.drop();
});

describe('demo seed', () => {
  it('creates the catalog the issue asks for, all published', async () => {
    const published = { publishedAt: { $notNull: true } };
    expect(await countRows('api::category.category', published)).toBe(4);
    expect(await countRows('api::instructor.instructor', published)).toBe(2);
    expect(await countRows('api::course.course', published)).toBe(6);
    expect(await countRows('api::course.course', { publishedAt: null })).toBe(6);
    expect(await countRows('api::certificate-template.certificate-template', published)).toBe(2);
    const expectedLessons = catalog.courses.flatMap((c) => c.sections.flatMap((s) => s.lessons)).length;
    expect(await countRows('api::lesson.lesson', published)).toBe(expectedLessons);
  });

  it('creates the super admin, two instructors with the Instructor role and three confirmed learners', async () => {
    const admins = await query<{ email: string; isActive: boolean; roles: Array<{ code: string }> }>('admin::user', { populate: ['roles'] });
    const roleOf = (email: string) => admins.find((a) => a.email === email)?.roles.map((r) => r.code);
    expect(roleOf(adminEmail)).toContain('strapi-super-admin');
    for (const account of INSTRUCTOR_ACCOUNTS) expect(roleOf(account.email)).toEqual(['lms-instructor']);
    expect(admins.every((a) => a.isActive)).toBe(true);

    const learners = await query<{ email: string; confirmed: boolean; blocked: boolean; role: { type: string } }>(
      'plugin::users-permissions.user',
      { where: { email: { $in: LEARNER_ACCOUNTS.map((l) => l.email) } }, populate: ['role'] },
    );
    expect(learners).toHaveLength(3);
    for (const learner of learners) {
      expect(learner).toMatchObject({ confirmed: true, blocked: false, role: { type: 'authenticated' } });
    }
  });

  it('stores passwords so every account can sign in with SEED_PASSWORD', async () => {
    const auth = strapi.service('admin::auth') as unknown as {
      checkCredentials(input: { email: string; password: string }): Promise<[unknown, { id: number } | false, unknown?]>;
    };
    for (const email of [adminEmail, ...INSTRUCTOR_ACCOUNTS.map((a) => a.email)]) {
      const [error, user] = await auth.checkCredentials({ email, password: seedPassword });
      expect(error, email).toBeNull();
      expect(user, email).toBeTruthy();
    }
    const users = strapi.plugin('users-permissions').service('user') as unknown as {
      validatePassword(password: string, hash: string): Promise<boolean>;
    };
    const learners = await query<{ password: string }>('plugin::users-permissions.user', {
      where: { email: { $in: LEARNER_ACCOUNTS.map((l) => l.email) } },
      select: ['password'],
    });
    for (const learner of learners) {
      expect(learner.password).not.toBe(seedPassword);
      expect(await users.validatePassword(seedPassword, learner.password)).toBe(true);
    }
  });

  it('links each instructor profile to its admin user', async () => {
    const profiles = await query<{ slug: string; adminUser: UserRef | null }>('api::instructor.instructor', {
      where: { publishedAt: { $notNull: true } },
      populate: ['adminUser'],
    });
    for (const account of INSTRUCTOR_ACCOUNTS) {
      expect(profiles.find((p) => p.slug === account.instructorSlug)?.adminUser?.email).toBe(account.email);
    }
  });

  it('uses every lesson block type, with uploaded video, YouTube video, PDF and H5P package', async () => {
    const lessons = await query<{ slug: string; blocks: Component[] }>('api::lesson.lesson', {
      where: { publishedAt: { $notNull: true } },
      populate: { blocks: { populate: true } },
    });
    const blocks = lessons.flatMap((l) => l.blocks);
    expect(new Set(blocks.map((b) => b.__component))).toEqual(new Set(BLOCK_COMPONENTS));

    const videos = blocks.filter((b) => b.__component === 'blocks.video');
    expect(videos.some((v) => v.provider === 'upload' && (v.file as MediaRow | null)?.mime === 'video/mp4')).toBe(true);
    expect(videos.some((v) => v.provider === 'youtube' && String(v.url).startsWith('https://www.youtube.com/'))).toBe(true);
    expect(blocks.some((b) => b.__component === 'blocks.file' && (b.file as MediaRow | null)?.mime === 'application/pdf')).toBe(true);
    expect(blocks.some((b) => b.__component === 'blocks.h5p' && (b.package as MediaRow | null)?.name === 'H5P.MultiChoice.h5p')).toBe(true);
    // Relations inside published components point at published quizzes and assignments.
    for (const b of blocks.filter((x) => x.__component === 'blocks.quiz' || x.__component === 'blocks.assignment')) {
      const target = (b.quiz ?? b.assignment) as { publishedAt: string | null } | null;
      expect(target?.publishedAt).toBeTruthy();
    }
  });

  it('has a quiz using every question type, with points and feedback', async () => {
    const quizzes = await query<{ title: string; questions: Component[] }>('api::quiz.quiz', {
      where: { publishedAt: { $notNull: true } },
      populate: { questions: { populate: true } },
    });
    const complete = quizzes.find((q) => new Set(q.questions.map((x) => x.__component)).size === QUESTION_COMPONENTS.length);
    expect(complete, 'a quiz with all nine question types').toBeDefined();
    expect(new Set(complete?.questions.map((q) => q.__component))).toEqual(new Set(QUESTION_COMPONENTS));
    for (const question of complete?.questions ?? []) {
      expect(Number(question.points), question.__component).toBeGreaterThan(0);
      expect(question.feedback, question.__component).toBeTruthy();
    }
    const multiple = complete?.questions.find((q) => q.__component === 'question.multiple-choice');
    expect(multiple?.partialCredit).toBe(true);
    const numeric = complete?.questions.find((q) => q.__component === 'question.numeric');
    expect(Number(numeric?.tolerance)).toBeGreaterThan(0);
  });

  it('has an assignment with a rubric of criteria and levels', async () => {
    const [assignment] = await query<{ rubric: Array<{ title: string; levels: Array<{ points: number }> }> }>('api::assignment.assignment', {
      where: { publishedAt: { $notNull: true } },
      populate: { rubric: { populate: ['levels'] } },
    });
    expect(assignment?.rubric.length).toBeGreaterThanOrEqual(3);
    for (const criterion of assignment?.rubric ?? []) expect(criterion.levels.length).toBeGreaterThanOrEqual(3);
  });

  it('gives every course a cover, outcomes, a description, a free preview and a valid price', async () => {
    const courses = await query<{
      slug: string;
      pricingModel: string;
      priceAmount: number;
      currency: string | null;
      cover: MediaRow | null;
      outcomes: unknown[];
      description: unknown[] | null;
      prerequisites: Array<{ slug: string; publishedAt: string | null }>;
      sections: Array<{ dripType: string; dripDays: number | null; lessons: Array<{ freePreview: boolean }> }>;
    }>('api::course.course', {
      where: { publishedAt: { $notNull: true } },
      populate: { cover: true, outcomes: true, prerequisites: true, sections: { populate: ['lessons'] } },
    });
    expect(courses).toHaveLength(6);
    for (const course of courses) {
      expect(course.cover?.mime, course.slug).toMatch(/^image\//);
      expect(course.outcomes.length, course.slug).toBeGreaterThanOrEqual(3);
      expect(course.description?.length, course.slug).toBeGreaterThan(0);
      expect(course.sections.length, course.slug).toBeGreaterThanOrEqual(2);
      expect(course.sections.length, course.slug).toBeLessThanOrEqual(4);
      expect(course.sections.some((s) => s.lessons.some((l) => l.freePreview)), course.slug).toBe(true);
      if (course.pricingModel === 'free') expect(course.priceAmount).toBe(0);
      else {
        expect(course.priceAmount).toBeGreaterThan(0);
        expect(['ZAR', 'USD']).toContain(course.currency);
      }
    }
    expect(new Set(courses.map((c) => c.pricingModel))).toEqual(new Set(['free', 'one_time', 'subscription']));
    expect(new Set(courses.map((c) => c.currency).filter(Boolean))).toEqual(new Set(['ZAR', 'USD']));
    const withPrerequisite = courses.filter((c) => c.prerequisites.length > 0);
    expect(withPrerequisite.map((c) => c.prerequisites.map((p) => p.slug))).toEqual([['git-for-everyday-work']]);
    expect(withPrerequisite[0]?.prerequisites[0]?.publishedAt).toBeTruthy();
    expect(courses.flatMap((c) => c.sections).some((s) => s.dripType === 'after_days' && (s.dripDays ?? 0) > 0)).toBe(true);
  });

  it('uploads every media file once, and the files exist', async () => {
    const files = await query<MediaRow>('plugin::upload.file', { where: { name: { $in: allMedia.map((m) => m.file) } } });
    expect(files.map((f) => f.name).sort()).toEqual(allMedia.map((m) => m.file).sort());
    for (const file of files) {
      // The tests use the local upload provider: URLs are /uploads/... under cms/public.
      expect(fs.existsSync(path.join(repoRoot, 'cms', 'public', file.url)), file.url).toBe(true);
    }
  });

  it('makes each instructor the creator of their courses and everything in them, draft and published', async () => {
    const emailOf = new Map(INSTRUCTOR_ACCOUNTS.map((a) => [a.instructorSlug, a.email]));
    const check = (rows: OwnedRow[], expected: string | undefined, what: string) => {
      expect(rows.length, what).toBeGreaterThan(0);
      expect(rows.some((r) => r.publishedAt === null) && rows.some((r) => r.publishedAt !== null), `${what}: draft and published`).toBe(true);
      for (const row of rows) {
        expect(row.createdBy?.email, `${what} #${row.id} createdBy`).toBe(expected);
        expect(row.updatedBy?.email, `${what} #${row.id} updatedBy`).toBe(expected);
      }
    };
    const owned = { populate: ['createdBy', 'updatedBy'] };
    for (const course of catalog.courses) {
      const expected = emailOf.get(course.instructor);
      check(await query<OwnedRow>('api::course.course', { where: { slug: course.slug }, ...owned }), expected, course.slug);
      const inCourse = { course: { slug: course.slug } };
      check(await query<OwnedRow>('api::section.section', { where: inCourse, ...owned }), expected, `${course.slug} sections`);
      check(await query<OwnedRow>('api::lesson.lesson', { where: { section: inCourse }, ...owned }), expected, `${course.slug} lessons`);
      if (course.quizzes?.length) check(await query<OwnedRow>('api::quiz.quiz', { where: inCourse, ...owned }), expected, `${course.slug} quizzes`);
      if (course.assignments?.length) {
        check(await query<OwnedRow>('api::assignment.assignment', { where: inCourse, ...owned }), expected, `${course.slug} assignments`);
      }
    }
    for (const template of catalog.certificateTemplates) {
      const rows = await query<OwnedRow>('api::certificate-template.certificate-template', { where: { name: template.name }, ...owned });
      check(rows, emailOf.get(template.owner), template.name);
    }
    // Nothing an instructor could own is left without a creator.
    for (const uid of OWNED_UIDS) expect(await countRows(uid, { createdBy: { id: { $null: true } } }), uid).toBe(0);
  });

  it('changes nothing when run again', async () => {
    expect(Object.values(secondRun.created).every((n) => n === 0), JSON.stringify(secondRun.created)).toBe(true);
    expect(secondRun.counts).toMatchObject({ courses: 6, categories: 4, instructors: 2, learners: 3, adminUsers: 3, media: allMedia.length, liveSessions: 1 });
    expect(firstCounts.lms_live_sessions).toBe(1);
    expect(await countEverything()).toEqual(firstCounts);
    expect(secondRun.accounts.map((a) => a.role)).toEqual(['super admin', 'instructor', 'instructor', 'learner', 'learner', 'learner']);
  });
});

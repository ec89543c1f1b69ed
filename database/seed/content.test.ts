import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCoursePricing } from '../../cms/src/domain/course-pricing';
import { INSTRUCTOR_ACCOUNTS, LEARNER_ACCOUNTS } from './accounts';
import { catalog } from './content';
import { allMedia, MEDIA_DIR } from './media';
import { lessonBlockData, questionData, type BlockRefs } from './to-strapi';
import type { LessonBlockKind, MediaSeed, QuestionType } from './types';

// The demo catalog as data, checked without Strapi: what the seed will write must be complete
// and consistent before it reaches the database.

const BLOCK_KINDS: LessonBlockKind[] = ['rich-text', 'video', 'file', 'h5p', 'quiz', 'assignment', 'external-tool'];
const QUESTION_TYPES: QuestionType[] = [
  'single-choice',
  'multiple-choice',
  'true-false',
  'short-answer',
  'numeric',
  'ordering',
  'matching',
  'fill-blanks',
  'essay',
];

const lessons = catalog.courses.flatMap((c) => c.sections.flatMap((s) => s.lessons));
const blocks = lessons.flatMap((l) => l.blocks);

describe('demo catalog', () => {
  it('has 4 categories, 2 instructors and 6 courses with unique keys', () => {
    expect(catalog.categories).toHaveLength(4);
    expect(catalog.instructors).toHaveLength(2);
    expect(catalog.courses).toHaveLength(6);
    const unique = (keys: string[]) => expect(new Set(keys).size).toBe(keys.length);
    unique(catalog.categories.map((c) => c.slug));
    unique(catalog.courses.map((c) => c.slug));
    unique(lessons.map((l) => l.slug));
    unique(catalog.certificateTemplates.map((t) => t.name));
  });

  it('uses every lesson block type, and video both uploaded and from YouTube', () => {
    expect(new Set(blocks.map((b) => b.kind))).toEqual(new Set(BLOCK_KINDS));
    const videos = blocks.filter((b) => b.kind === 'video');
    expect(videos.map((v) => v.provider)).toEqual(expect.arrayContaining(['upload', 'youtube']));
  });

  it('has a quiz with every question type, each with points and feedback', () => {
    const quizzes = catalog.courses.flatMap((c) => c.quizzes ?? []);
    const complete = quizzes.find((q) => new Set(q.questions.map((x) => x.type)).size === QUESTION_TYPES.length);
    expect(complete).toBeDefined();
    for (const q of complete?.questions ?? []) {
      expect(q.points).toBeGreaterThan(0);
      expect(q.feedback.length).toBeGreaterThan(0);
    }
  });

  it('marks every blank of a fill-in-the-blanks question exactly once', () => {
    const questions = catalog.courses.flatMap((c) => (c.quizzes ?? []).flatMap((q) => q.questions));
    for (const q of questions) {
      if (q.type !== 'fill-blanks') continue;
      const markers = [...q.text.matchAll(/\{\{(\d+)\}\}/g)].map((m) => Number(m[1]));
      expect(markers).toEqual(q.blanks.map((_, i) => i + 1));
    }
  });

  it('has an assignment whose rubric has criteria with several levels', () => {
    const assignments = catalog.courses.flatMap((c) => c.assignments ?? []);
    expect(assignments.length).toBeGreaterThan(0);
    for (const a of assignments) {
      expect(a.rubric.length).toBeGreaterThanOrEqual(3);
      for (const c of a.rubric) expect(c.levels.length).toBeGreaterThanOrEqual(3);
      const best = a.rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0);
      expect(best).toBe(a.maxScore);
    }
  });

  it('gives every course what the catalog page shows, and a price the cms accepts', () => {
    for (const course of catalog.courses) {
      expect(course.sections.length, course.slug).toBeGreaterThanOrEqual(2);
      expect(course.sections.length, course.slug).toBeLessThanOrEqual(4);
      expect(course.sections.every((s) => s.lessons.length > 0), course.slug).toBe(true);
      expect(course.sections.some((s) => s.lessons.some((l) => l.freePreview)), course.slug).toBe(true);
      expect(course.outcomes.length, course.slug).toBeGreaterThanOrEqual(3);
      expect(course.description.length, course.slug).toBeGreaterThan(0);
      const pricing =
        course.pricing.model === 'free'
          ? { pricingModel: 'free' as const, priceAmount: 0 }
          : { pricingModel: course.pricing.model, priceAmount: course.pricing.amount, currency: course.pricing.currency };
      expect(checkCoursePricing(pricing), course.slug).toBeNull();
    }
    const models = catalog.courses.map((c) => c.pricing.model);
    expect(new Set(models)).toEqual(new Set(['free', 'one_time', 'subscription']));
    const currencies = catalog.courses.flatMap((c) => (c.pricing.model === 'free' ? [] : [c.pricing.currency]));
    expect(new Set(currencies)).toEqual(new Set(['ZAR', 'USD']));
  });

  it('has one course with a prerequisite, listed before it, and one section with drip', () => {
    const order = catalog.courses.map((c) => c.slug);
    const withPrerequisites = catalog.courses.filter((c) => c.prerequisites?.length);
    expect(withPrerequisites.length).toBeGreaterThanOrEqual(1);
    for (const c of withPrerequisites) {
      for (const p of c.prerequisites ?? []) expect(order.indexOf(p), `${c.slug} needs ${p}`).toBeGreaterThanOrEqual(0);
      for (const p of c.prerequisites ?? []) expect(order.indexOf(p)).toBeLessThan(order.indexOf(c.slug));
    }
    const drips = catalog.courses.flatMap((c) => c.sections).filter((s) => s.drip?.type === 'after_days');
    expect(drips.length).toBeGreaterThanOrEqual(1);
  });

  it('only refers to quizzes, assignments and templates of the same course and instructor', () => {
    for (const course of catalog.courses) {
      const courseBlocks = course.sections.flatMap((s) => s.lessons.flatMap((l) => l.blocks));
      for (const b of courseBlocks) {
        if (b.kind === 'quiz') expect(course.quizzes, course.slug).toContain(b.quiz);
        if (b.kind === 'assignment') expect(course.assignments, course.slug).toContain(b.assignment);
      }
      const template = catalog.certificateTemplates.find((t) => t.name === course.certificateTemplate);
      expect(template?.owner, course.slug).toBe(course.instructor);
      expect(catalog.categories.map((c) => c.slug)).toContain(course.category);
      expect(catalog.instructors.map((i) => i.slug)).toContain(course.instructor);
    }
  });

  it('labels code blocks with languages the admin editor offers', () => {
    // A subset of the content-manager's code block languages; an unknown one shows a blank picker.
    const editorLanguages = new Set(['bash', 'javascript', 'json', 'plaintext', 'shell', 'sql', 'typescript', 'yaml']);
    const richText = [
      ...catalog.courses.flatMap((c) => c.description),
      ...blocks.flatMap((b) => (b.kind === 'rich-text' ? b.body : [])),
    ];
    for (const node of richText) if (node.type === 'code') expect(editorLanguages.has(node.language ?? ''), node.language).toBe(true);
  });

  it('maps every block and question to its Strapi component', () => {
    const refs: BlockRefs = { mediaId: () => 1, quizDocumentId: () => 'quiz', assignmentDocumentId: () => 'assignment' };
    expect(new Set(blocks.map((b) => lessonBlockData(b, refs).__component))).toEqual(new Set(BLOCK_KINDS.map((k) => `blocks.${k}`)));
    const questions = catalog.courses.flatMap((c) => (c.quizzes ?? []).flatMap((q) => q.questions));
    for (const q of questions) expect(questionData(q).__component).toBe(`question.${q.type}`);
  });
});

describe('demo accounts', () => {
  it('has two instructors linked to the catalog instructors and three learners, all at example.com', () => {
    expect(INSTRUCTOR_ACCOUNTS.map((a) => a.instructorSlug).sort()).toEqual(catalog.instructors.map((i) => i.slug).sort());
    expect(LEARNER_ACCOUNTS).toHaveLength(3);
    for (const a of [...INSTRUCTOR_ACCOUNTS, ...LEARNER_ACCOUNTS]) expect(a.email).toMatch(/@example\.com$/);
  });
});

describe('demo media', () => {
  const used = new Set<MediaSeed>([
    ...catalog.instructors.map((i) => i.avatar),
    ...catalog.certificateTemplates.flatMap((t) => [t.logo, t.signature]),
    ...catalog.courses.map((c) => c.cover),
    ...blocks.flatMap((b) => ('media' in b ? [b.media] : [])),
  ]);

  it('lists every file the catalog uses, once, and uses every file listed', () => {
    expect(new Set(allMedia.map((m) => m.file)).size).toBe(allMedia.length);
    expect(new Set(allMedia)).toEqual(used);
  });

  it('ships every file, with its provenance, in under 2 MB', () => {
    const provenance = fs.readFileSync(path.join(MEDIA_DIR, 'PROVENANCE.md'), 'utf8');
    let total = 0;
    for (const file of fs.readdirSync(MEDIA_DIR)) total += fs.statSync(path.join(MEDIA_DIR, file)).size;
    for (const m of allMedia) {
      expect(fs.existsSync(path.join(MEDIA_DIR, m.file)), m.file).toBe(true);
      expect(provenance, m.file).toContain(m.file);
    }
    expect(total).toBeLessThan(2 * 1024 * 1024);
  });
});

import type { Core } from '@strapi/strapi';
import { createPublished, createReferenceData, paragraph } from '../lib/content';
import { forEachConcurrently, progress } from '../lib/work';
import { creationWaves, type CoursePlan, type Drip, type LessonPlan } from './plan-courses';

const COURSE = 'api::course.course';
const SECTION = 'api::section.section';
const LESSON = 'api::lesson.lesson';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface CreatedCourse {
  plan: CoursePlan;
  documentId: string;
  /** Lesson documentIds by [section][lesson]. */
  lessons: string[][];
}

function dripData(drip: Drip): Record<string, unknown> {
  if (drip.type === 'after_days') return { dripType: 'after_days', dripDays: drip.days, dripDate: null };
  if (drip.type === 'on_date') return { dripType: 'on_date', dripDays: null, dripDate: new Date(Date.now() + drip.daysFromNow * DAY_MS).toISOString() };
  return { dripType: 'none', dripDays: null, dripDate: null };
}

function lessonBlocks(courseTitle: string, lesson: LessonPlan): Array<Record<string, unknown>> {
  const text = { __component: 'blocks.rich-text', body: paragraph(`${lesson.title} of ${courseTitle}. Read this, then try the exercise.`) };
  if (!lesson.video) return [text];
  return [
    {
      __component: 'blocks.video',
      title: `${lesson.title} walkthrough`,
      provider: 'youtube',
      url: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      durationSeconds: lesson.video.durationSeconds,
      completionThreshold: lesson.video.completionThreshold,
    },
    text,
  ];
}

/**
 * Creates the planned courses through the Document Service, published, as an author does in the
 * admin: course, then its sections, then its lessons in order (a lesson's prerequisites exist
 * before it). Courses that others depend on are created in an earlier wave.
 */
export async function createCourses(strapi: Core.Strapi, plans: CoursePlan[], concurrency: number): Promise<CreatedCourse[]> {
  const { categoryIds, instructorIds } = await createReferenceData(strapi);
  const created = new Map<number, CreatedCourse>();
  const lessonId = (course: number, section: number, lesson: number) => {
    const id = created.get(course)?.lessons[section]?.[lesson];
    if (!id) throw new Error(`lesson ${section + 1}.${lesson + 1} of course ${course} is needed as a prerequisite before it exists`);
    return id;
  };
  const tick = progress('courses (with sections and lessons)', plans.length).tick;

  for (const wave of creationWaves(plans)) {
    await forEachConcurrently(wave, concurrency, async (plan) => {
      const documentId = await createPublished(strapi, COURSE, {
        title: plan.title,
        slug: plan.slug,
        summary: `${plan.title}: a ${plan.level} course in ${plan.sections.length} parts.`,
        description: paragraph(`In ${plan.title} you learn by doing, one short lesson at a time.`),
        outcomes: [{ text: 'Apply the core ideas' }, { text: 'Build a small project' }],
        level: plan.level,
        language: 'en',
        category: categoryIds[plan.index % categoryIds.length],
        instructor: instructorIds[plan.index % instructorIds.length],
        pricingModel: plan.pricingModel,
        priceAmount: plan.priceAmount,
        ...(plan.currency ? { currency: plan.currency } : {}),
        prerequisites: plan.prerequisites.map((i) => {
          const id = created.get(i)?.documentId;
          if (!id) throw new Error(`course ${i} is needed as a prerequisite of course ${plan.index} before it exists`);
          return id;
        }),
      });
      const course: CreatedCourse = { plan, documentId, lessons: [] };
      created.set(plan.index, course);
      for (const [s, section] of plan.sections.entries()) {
        const sectionId = await createPublished(strapi, SECTION, { title: section.title, order: section.order, course: documentId, ...dripData(section.drip) });
        const ids: string[] = [];
        course.lessons[s] = ids;
        for (const lesson of section.lessons) {
          ids.push(
            await createPublished(strapi, LESSON, {
              title: lesson.title,
              slug: `${plan.slug}-${lesson.slugSuffix}`,
              section: sectionId,
              order: lesson.order,
              freePreview: lesson.freePreview,
              estimatedMinutes: lesson.estimatedMinutes,
              blocks: lessonBlocks(plan.title, lesson),
              prerequisites: lesson.prerequisites.map((p) => lessonId(p.course, p.section, p.lesson)),
            }),
          );
        }
      }
      tick();
    });
  }
  return plans.map((p) => created.get(p.index) as CreatedCourse);
}

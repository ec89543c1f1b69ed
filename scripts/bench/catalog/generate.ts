import type { Core } from '@strapi/strapi';
import { createPublished, createReferenceData, paragraph, slugify, uploadCover } from '../lib/content';
import { forEachConcurrently, progress, seededRandom } from '../lib/work';

const COURSE = 'api::course.course';
const SECTION = 'api::section.section';
const LESSON = 'api::lesson.lesson';
const CATEGORY = 'api::category.category';
const INSTRUCTOR = 'api::instructor.instructor';

export interface CatalogSize {
  courses: number;
  lessons: number;
  /** Document Service creates in flight at once. */
  concurrency: number;
}

/** Published documents per type, as counted in the database. */
export interface CatalogCounts {
  categories: number;
  instructors: number;
  courses: number;
  sections: number;
  lessons: number;
}

type Level = 'beginner' | 'intermediate' | 'advanced';
type Pricing = { pricingModel: 'free'; priceAmount: 0 } | { pricingModel: 'one_time' | 'subscription'; priceAmount: number; currency: 'ZAR' | 'USD' };

interface SectionPlan {
  title: string;
  order: number;
  lessonCount: number;
}
interface CoursePlan {
  index: number;
  title: string;
  slug: string;
  level: Level;
  pricing: Pricing;
  categoryId: string;
  instructorId: string;
  sections: SectionPlan[];
}

const ADJECTIVES = ['Practical', 'Modern', 'Complete', 'Hands-on', 'Applied', 'Essential', 'Advanced', 'Intro to'];
const TOPICS = ['TypeScript', 'Data Analysis', 'UX Research', 'Bookkeeping', 'isiZulu', 'Portrait Lighting', 'SQL', 'Product Design', 'Statistics', 'Web Security'];
const LEVELS: Level[] = ['beginner', 'intermediate', 'advanced'];
const LESSONS_PER_SECTION = 8;
const MAX_SECTIONS = 8;

/** Roughly 40% free, 40% one-time, 20% subscription; paid prices in ZAR or USD minor units. */
function pickPricing(random: () => number): Pricing {
  const r = random();
  if (r < 0.4) return { pricingModel: 'free', priceAmount: 0 };
  const currency = random() < 0.5 ? 'ZAR' : 'USD';
  const zar = [19900, 49900, 89900, 149900];
  const usd = [900, 2900, 4900, 9900];
  const amounts = currency === 'ZAR' ? zar : usd;
  const priceAmount = amounts[Math.floor(random() * amounts.length)] ?? amounts[0] ?? 900;
  return { pricingModel: r < 0.8 ? 'one_time' : 'subscription', priceAmount, currency };
}

/** Splits `total` into `parts` near-equal whole numbers (the first ones get the remainder). */
function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  return Array.from({ length: parts }, (_, i) => base + (i < total % parts ? 1 : 0));
}

function planCourses(size: CatalogSize, categoryIds: string[], instructorIds: string[]): CoursePlan[] {
  const random = seededRandom(20260101);
  return split(size.lessons, size.courses).map((lessonCount, index) => {
    const title = `${ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]} ${TOPICS[Math.floor(random() * TOPICS.length)]} ${index + 1}`;
    const sectionCount = Math.min(MAX_SECTIONS, Math.max(1, Math.ceil(lessonCount / LESSONS_PER_SECTION)));
    return {
      index,
      title,
      slug: slugify(title),
      level: LEVELS[Math.floor(random() * LEVELS.length)] ?? 'beginner',
      pricing: pickPricing(random),
      categoryId: categoryIds[index % categoryIds.length] ?? '',
      instructorId: instructorIds[index % instructorIds.length] ?? '',
      sections: split(lessonCount, sectionCount).map((n, order) => ({ title: `Part ${order + 1}`, order, lessonCount: n })),
    };
  });
}

function courseData(plan: CoursePlan, coverId: number): Record<string, unknown> {
  return {
    title: plan.title,
    slug: plan.slug,
    summary: `${plan.title}: a ${plan.level} course with ${plan.sections.length} parts and hands-on exercises.`,
    description: paragraph(`In ${plan.title} you learn by doing, one short lesson at a time.`),
    outcomes: [{ text: 'Apply the core ideas' }, { text: 'Build a small project' }, { text: 'Know where to go next' }],
    cover: coverId,
    level: plan.level,
    language: 'en',
    category: plan.categoryId,
    instructor: plan.instructorId,
    ...plan.pricing,
  };
}

/**
 * Builds the benchmark catalog through the Document Service, so rows, link tables, components
 * and draft/published pairs are exactly what authors produce in the admin.
 */
export async function generateCatalog(strapi: Core.Strapi, size: CatalogSize, keepUpload: boolean): Promise<void> {
  const cover = await uploadCover(strapi, keepUpload);
  const { categoryIds, instructorIds } = await createReferenceData(strapi, cover.id);
  const plans = planCourses(size, categoryIds, instructorIds);

  const courseIds = new Map<number, string>();
  const courseProgress = progress('courses', plans.length);
  await forEachConcurrently(plans, size.concurrency, async (plan) => {
    courseIds.set(plan.index, await createPublished(strapi, COURSE, courseData(plan, cover.id)));
    courseProgress.tick();
  });

  const sections = plans.flatMap((plan) => plan.sections.map((section) => ({ plan, section })));
  const sectionIds = new Map<SectionPlan, string>();
  const sectionProgress = progress('sections', sections.length);
  await forEachConcurrently(sections, size.concurrency, async ({ plan, section }) => {
    const data = { title: section.title, order: section.order, dripType: 'none', course: courseIds.get(plan.index) };
    sectionIds.set(section, await createPublished(strapi, SECTION, data));
    sectionProgress.tick();
  });

  const lessons = sections.flatMap(({ plan, section }) =>
    Array.from({ length: section.lessonCount }, (_, order) => ({ plan, section, order })),
  );
  const lessonProgress = progress('lessons', lessons.length);
  await forEachConcurrently(lessons, size.concurrency, async ({ plan, section, order }) => {
    const title = `Lesson ${section.order + 1}.${order + 1} of ${plan.title}`;
    await createPublished(strapi, LESSON, {
      title,
      slug: slugify(`${plan.slug}-${section.order + 1}-${order + 1}`),
      section: sectionIds.get(section),
      order,
      freePreview: section.order === 0 && order === 0,
      estimatedMinutes: 5 + (order % 4) * 5,
      blocks: [{ __component: 'blocks.rich-text', body: paragraph(`${title}. Read this, then try the exercise.`) }],
    });
    lessonProgress.tick();
  });
}

export async function countPublished(strapi: Core.Strapi): Promise<CatalogCounts> {
  const count = (uid: string) => strapi.db.query(uid as typeof COURSE).count({ where: { publishedAt: { $notNull: true } } });
  return {
    categories: await count(CATEGORY),
    instructors: await count(INSTRUCTOR),
    courses: await count(COURSE),
    sections: await count(SECTION),
    lessons: await count(LESSON),
  };
}

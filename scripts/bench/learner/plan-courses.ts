/**
 * The learner benchmark's course catalog as a plan (pure, seeded): what an instructor team would
 * publish, with the features that make a learner's outline cost something to compute: drip
 * (after N days of enrollment, on a past or a future date), lesson prerequisites inside a course
 * and across courses, course prerequisites, free previews and video blocks with a completion
 * threshold beside rich text.
 */

export type PricingModel = 'free' | 'one_time' | 'subscription';
export type Drip = { type: 'none' } | { type: 'after_days'; days: number } | { type: 'on_date'; daysFromNow: number };

/** A lesson by position: course index, section index, lesson index (all from 0). */
export interface LessonAddress {
  course: number;
  section: number;
  lesson: number;
}

export interface LessonPlan {
  title: string;
  slugSuffix: string;
  order: number;
  freePreview: boolean;
  estimatedMinutes: number;
  video: { completionThreshold: number; durationSeconds: number } | null;
  prerequisites: LessonAddress[];
}

export interface SectionPlan {
  title: string;
  order: number;
  drip: Drip;
  lessons: LessonPlan[];
}

export interface CoursePlan {
  index: number;
  title: string;
  slug: string;
  level: 'beginner' | 'intermediate' | 'advanced';
  pricingModel: PricingModel;
  priceAmount: number;
  currency: 'ZAR' | 'USD' | null;
  /** Indexes of courses to complete before enrolling. */
  prerequisites: number[];
  sections: SectionPlan[];
}

export interface CourseShape {
  courses: number;
  sectionsPerCourse: number;
  lessonsPerSection: number;
}

const TOPICS = [
  'TypeScript',
  'SQL',
  'Data Analysis',
  'UX Research',
  'Bookkeeping',
  'isiZulu',
  'Portrait Lighting',
  'Product Design',
  'Statistics',
  'Web Security',
  'Public Speaking',
  'Python',
];
const LEVELS = ['beginner', 'intermediate', 'advanced'] as const;

/** Pricing by position: of every five courses two are free, two sold once, one by subscription. */
export function pricingOf(index: number): Pick<CoursePlan, 'pricingModel' | 'priceAmount' | 'currency'> {
  const slot = index % 5;
  if (slot < 2) return { pricingModel: 'free', priceAmount: 0, currency: null };
  const zar = index % 2 === 0;
  const amount = zar ? [19900, 49900, 89900][index % 3] : [900, 2900, 4900][index % 3];
  return { pricingModel: slot === 4 ? 'subscription' : 'one_time', priceAmount: amount ?? 900, currency: zar ? 'ZAR' : 'USD' };
}

/** Drip by position: a quarter of the courses release their second half after 7 and 14 days, some open a last section on a date. */
export function dripOf(courseIndex: number, sectionIndex: number, sections: number): Drip {
  const last = sectionIndex === sections - 1;
  switch (courseIndex % 4) {
    case 1:
      if (sectionIndex >= Math.ceil(sections / 2)) return { type: 'after_days', days: last ? 14 : 7 };
      return { type: 'none' };
    case 2:
      return last ? { type: 'on_date', daysFromNow: -30 } : { type: 'none' };
    case 3:
      return last ? { type: 'on_date', daysFromNow: 30 } : { type: 'none' };
    default:
      return { type: 'none' };
  }
}

export function planCourses(shape: CourseShape): CoursePlan[] {
  const { courses, sectionsPerCourse: sections, lessonsPerSection: perSection } = shape;
  return Array.from({ length: courses }, (_, index): CoursePlan => {
    const level = LEVELS[Math.floor(index / TOPICS.length) % LEVELS.length] ?? 'beginner';
    const title = `${TOPICS[index % TOPICS.length]} ${level === 'beginner' ? 'Foundations' : level === 'intermediate' ? 'in Practice' : 'Masterclass'} ${index + 1}`;
    const pricing = pricingOf(index);
    // Sold courses in slot 3 build on the free course three places earlier ("Intro" → "Advanced").
    const prerequisites = pricing.pricingModel === 'one_time' && index % 5 === 3 && index >= 3 ? [index - 3] : [];
    return {
      index,
      title,
      slug: `bench-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      level,
      ...pricing,
      prerequisites,
      sections: Array.from({ length: sections }, (_, s): SectionPlan => ({
        title: `Part ${s + 1}`,
        order: s,
        drip: dripOf(index, s, sections),
        lessons: Array.from({ length: perSection }, (_, l): LessonPlan => {
          const n = s * perSection + l;
          const lessonPrerequisites: LessonAddress[] = [];
          // Every third course gates each part on the last lesson of the part before.
          if (index % 3 === 0 && s > 0 && l === 0) lessonPrerequisites.push({ course: index, section: s - 1, lesson: perSection - 1 });
          // Every seventh course (from the sixth) asks for a lesson of the first course in its second part.
          if (index % 7 === 6 && s === Math.min(1, sections - 1) && l === 0 && courses > 1) lessonPrerequisites.push({ course: 0, section: 0, lesson: perSection - 1 });
          return {
            title: `Lesson ${s + 1}.${l + 1}`,
            slugSuffix: `${s + 1}-${l + 1}`,
            order: l,
            freePreview: n === 0,
            estimatedMinutes: 5 + (n % 4) * 5,
            video: n % 3 === 1 ? { completionThreshold: 80 + (n % 3) * 5, durationSeconds: 300 + n * 15 } : null,
            prerequisites: lessonPrerequisites,
          };
        }),
      })),
    };
  });
}

/** Courses in the order they can be created: every course after the courses its course or lesson prerequisites name. */
export function creationWaves(plans: readonly CoursePlan[]): CoursePlan[][] {
  const dependsOn = (plan: CoursePlan) =>
    new Set([...plan.prerequisites, ...plan.sections.flatMap((s) => s.lessons.flatMap((l) => l.prerequisites.map((p) => p.course)))].filter((c) => c !== plan.index));
  const wave = new Map<number, number>();
  const waveOf = (plan: CoursePlan, seen: Set<number>): number => {
    const known = wave.get(plan.index);
    if (known !== undefined) return known;
    if (seen.has(plan.index)) throw new Error(`course ${plan.index} depends on itself through its prerequisites`);
    seen.add(plan.index);
    let w = 0;
    for (const dep of dependsOn(plan)) {
      const target = plans[dep];
      if (!target) throw new Error(`course ${plan.index} names course ${dep} as a prerequisite, which is not planned`);
      w = Math.max(w, waveOf(target, seen) + 1);
    }
    wave.set(plan.index, w);
    return w;
  };
  const waves: CoursePlan[][] = [];
  for (const plan of plans) (waves[waveOf(plan, new Set())] ??= []).push(plan);
  return waves;
}

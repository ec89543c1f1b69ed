/**
 * Words for the learner's grades page (gradebook/contracts.ts `MyCourseGrades`): each item's
 * state, its grade, the course grade and the enrollment, so the page only lays them out.
 */
import type { CourseDetail } from '@contracts/catalog';
import type { CourseGradeView, MyCourseGrades, MyGradeItem } from '@contracts/gradebook';

/** Two-decimal truncated percentages as the contract gives them: "72.22 %". */
export function percentLabel(percent: number | null): string {
  return percent === null ? '—' : `${percent.toLocaleString('en', { maximumFractionDigits: 2 })} %`;
}

export type Tone = 'good' | 'bad' | 'waiting' | 'neutral';

/** What the item's state is, in words, and how to colour it. */
export function itemStatus(item: MyGradeItem): { text: string; tone: Tone } {
  if (item.kind === 'quiz') {
    switch (item.status) {
      case 'not-attempted':
        return item.inProgress ? { text: 'Attempt in progress', tone: 'neutral' } : { text: 'Not attempted', tone: 'neutral' };
      case 'pending-review':
        return { text: 'Waiting for grading', tone: 'waiting' };
      case 'graded':
        return item.passed
          ? { text: item.provisional ? 'Passed (may still rise)' : 'Passed', tone: 'good' }
          : { text: item.provisional ? 'Not passed yet (attempts are being graded)' : 'Not passed', tone: 'bad' };
    }
  }
  switch (item.status) {
    case 'not-submitted':
      return { text: 'Not submitted', tone: 'neutral' };
    case 'submitted':
      return { text: 'Submitted, waiting for a grade', tone: 'waiting' };
    case 'returned':
      return { text: 'Returned for changes', tone: 'waiting' };
    case 'graded':
      return item.passed ? { text: 'Passed', tone: 'good' } : { text: 'Not passed', tone: 'bad' };
  }
  return { text: item.status, tone: 'neutral' };
}

/** "2 attempts", "attempt 2 · late" */
export function itemFacts(item: MyGradeItem): string {
  const facts: string[] = [];
  if (item.kind === 'quiz' && item.attempts > 0) facts.push(`${item.attempts} ${item.attempts === 1 ? 'attempt' : 'attempts'}`);
  if (item.kind === 'assignment' && item.attempts > 0) facts.push(`attempt ${item.attempts}`);
  if (item.late) facts.push('handed in late');
  return facts.join(' · ');
}

export function courseGradeText(grade: CourseGradeView): string {
  if (grade.totalItems === 0) return 'This course has no graded quizzes or assignments.';
  const items = `${grade.gradedItems} of ${grade.totalItems} ${grade.totalItems === 1 ? 'item' : 'items'} graded`;
  if (grade.minimum === null) return `${items}.`;
  return `${items}; the course needs at least ${percentLabel(grade.minimum)}${grade.meetsMinimum === null ? '' : grade.meetsMinimum ? ', which you meet' : ', which you do not meet yet'}.`;
}

export function enrollmentText(course: Pick<MyCourseGrades, 'enrollment' | 'completion'>, dateText: (iso: string) => string | null): { text: string; tone: Tone } {
  const { enrollment } = course;
  if (enrollment.status === 'completed') {
    const when = enrollment.completedAt ? dateText(enrollment.completedAt) : null;
    return { text: when ? `Completed ${when}` : 'Completed', tone: 'good' };
  }
  if (enrollment.status === 'active') return { text: 'In progress', tone: 'neutral' };
  const ended: Record<string, string> = { refunded: 'Refunded', revoked: 'Access withdrawn', expired: 'Expired' };
  return { text: ended[enrollment.status] ?? enrollment.status, tone: 'bad' };
}

/**
 * Where an item lives: the lesson that embeds it, from the public catalog entry (slugs), with
 * an anchor to the block. null when the lesson is not (or no longer) in the published outline.
 */
export function itemHref(course: Pick<CourseDetail, 'slug' | 'sections'> | null, item: Pick<MyGradeItem, 'kind' | 'documentId' | 'lessonDocumentId'>): string | null {
  if (!course) return null;
  for (const section of course.sections) {
    const lesson = section.lessons.find((l) => l.documentId === item.lessonDocumentId);
    if (lesson) return `/learn/${encodeURIComponent(course.slug)}/${encodeURIComponent(lesson.slug)}#${item.kind}-block-${encodeURIComponent(item.documentId)}`;
  }
  return null;
}

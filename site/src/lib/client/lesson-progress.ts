import { lessonsDoneText, progressLabel } from '../progress-text';

/**
 * The lesson player's one piece of shared client state: "this lesson is now complete". The
 * Mark complete button and the video player both report it; the page's server-rendered parts
 * (course progress meter, the outline's tick) are brought up to date here, so a learner sees
 * the same thing a reload would show.
 */

export interface LessonCompletion {
  lessonDocumentId: string;
  courseProgress: number;
  lessonsCompleted: number;
  lessonsTotal: number;
}

type Listener = (completion: LessonCompletion) => void;
const listeners = new Set<Listener>();
// Islands hydrate when they scroll into view, possibly after the news: they ask here on mount.
const completed = new Set<string>();

export function isLessonCompleted(lessonDocumentId: string): boolean {
  return completed.has(lessonDocumentId);
}

export function onLessonCompleted(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function lessonCompleted(completion: LessonCompletion): void {
  completed.add(completion.lessonDocumentId);
  syncPage(completion);
  for (const listener of listeners) listener(completion);
}

function syncPage({ lessonDocumentId, courseProgress, lessonsCompleted, lessonsTotal }: LessonCompletion): void {
  const value = Math.min(100, Math.max(0, Math.round(courseProgress)));
  for (const meter of document.querySelectorAll<HTMLElement>('[data-course-progress]')) {
    const fill = meter.querySelector<HTMLElement>('.meter__fill');
    if (fill) fill.style.width = `${value}%`;
    const label = meter.querySelector('.meter__label');
    if (label) label.textContent = progressLabel(value);
    const counts = meter.querySelector('.meter__counts');
    if (counts) counts.textContent = ` · ${lessonsDoneText(lessonsCompleted, lessonsTotal)}`;
    meter.classList.toggle('is-complete', value === 100);
  }
  const item = document.querySelector<HTMLElement>(`[data-outline-lesson="${CSS.escape(lessonDocumentId)}"]`);
  if (item) {
    item.dataset.state = 'done';
    item.classList.remove('is-open', 'is-locked');
    item.classList.add('is-done');
    const status = item.querySelector('.lesson-item__status');
    if (status) status.textContent = ', Completed';
  }
}

import type { LessonBlockKind } from '@contracts/catalog';

/** How the outline names what a lesson holds, and which icon it gets (the first kind wins). */
export const KIND_LABELS: Record<LessonBlockKind, string> = {
  'rich-text': 'Reading',
  video: 'Video',
  file: 'Download',
  h5p: 'Interactive activity',
  quiz: 'Quiz',
  assignment: 'Assignment',
  'external-tool': 'External tool',
};

export const KIND_ICONS = {
  'rich-text': 'text',
  video: 'play',
  file: 'file',
  h5p: 'puzzle',
  quiz: 'quiz',
  assignment: 'assignment',
  'external-tool': 'external',
} as const satisfies Record<LessonBlockKind, string>;

/** The kind that best describes a lesson: a video or quiz says more than the text around it. */
export function primaryKind(kinds: LessonBlockKind[]): LessonBlockKind {
  const order: LessonBlockKind[] = ['video', 'quiz', 'assignment', 'h5p', 'external-tool', 'file', 'rich-text'];
  return order.find((k) => kinds.includes(k)) ?? 'rich-text';
}

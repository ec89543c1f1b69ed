import type { Core } from '@strapi/strapi';
import { courseContentOf, type CourseStructureView } from '../adapters/enrollment';

/** A quiz or assignment a course's lesson embeds in a block that counts toward completion. */
export interface GradedItem {
  documentId: string;
  title: string;
  /** The first published lesson (in course order) that embeds it. */
  lessonDocumentId: string;
  /** That lesson block's component id. */
  blockId: number;
}

export interface CourseGradedItems {
  courseDocumentId: string;
  quizzes: GradedItem[];
  assignments: GradedItem[];
}

interface BlockRow {
  id: number;
  countsTowardCompletion: boolean | number | null;
  quiz?: { documentId: string } | null;
  assignment?: { documentId: string } | null;
}

// A missing setting means the content type's default (true).
const isOn = (v: boolean | number | null | undefined) => v !== false && v !== 0;

/** A quiz or assignment block of a course's lesson, with what it points at. */
export interface BlockTarget {
  kind: 'quiz' | 'assignment';
  blockId: number;
  lesson: { documentId: string; slug: string; title: string };
  /** The quiz or assignment the block embeds; null when it points at nothing (deleted). */
  documentId: string | null;
  countsTowardCompletion: boolean;
}

/**
 * The quiz and assignment blocks of a course's lessons, in course order, with their targets:
 * lms-enrollment's structure gives the blocks' component ids, not what they point at, so the
 * targets are read from the block components' relations, one query per block kind whatever the
 * course's size.
 */
export async function blockTargets(strapi: Core.Strapi, course: CourseStructureView, kinds: ReadonlyArray<'quiz' | 'assignment'>): Promise<BlockTarget[]> {
  const placements: Array<Omit<BlockTarget, 'documentId' | 'countsTowardCompletion'>> = [];
  for (const section of course.sections) {
    for (const lesson of section.lessons) {
      for (const block of lesson.blocks) {
        if ((block.kind === 'quiz' || block.kind === 'assignment') && kinds.includes(block.kind)) {
          placements.push({ kind: block.kind, blockId: block.id, lesson: { documentId: lesson.documentId, slug: lesson.slug, title: lesson.title } });
        }
      }
    }
  }
  if (placements.length === 0) return [];
  const readBlocks = async (kind: 'quiz' | 'assignment'): Promise<Map<number, BlockRow>> => {
    const ids = placements.filter((p) => p.kind === kind).map((p) => p.blockId);
    if (ids.length === 0) return new Map();
    const rows = (await strapi.db.query(`blocks.${kind}`).findMany({
      where: { id: { $in: ids } },
      select: ['id', 'countsTowardCompletion'],
      populate: { [kind]: { select: ['documentId'] } },
    })) as BlockRow[];
    return new Map(rows.map((r) => [Number(r.id), r]));
  };
  const [quizBlocks, assignmentBlocks] = await Promise.all([readBlocks('quiz'), readBlocks('assignment')]);
  return placements.map((p) => {
    const row = (p.kind === 'quiz' ? quizBlocks : assignmentBlocks).get(p.blockId);
    return { ...p, documentId: (p.kind === 'quiz' ? row?.quiz : row?.assignment)?.documentId ?? null, countsTowardCompletion: row ? isOn(row.countsTowardCompletion) : false };
  });
}

/**
 * The graded items of a published course: quizzes and assignments in quiz/assignment blocks
 * with `countsTowardCompletion`, in course order, each once, published ones only (a block whose
 * quiz was unpublished or deleted cannot be passed, so it does not hold the course open).
 *
 * Targets come from blockTargets (one query per block kind), titles from one query per target
 * type, whatever the course's size. No cache: a published lesson's
 * component ids change on every re-publish, and these are indexed primary-key reads.
 *
 * Pass `structure` when the caller already has it (the completion requirement does).
 */
export async function courseGradedItems(strapi: Core.Strapi, courseDocumentId: string, structure?: CourseStructureView | null): Promise<CourseGradedItems> {
  const course = structure ?? (await courseContentOf(strapi).getCourseStructure(courseDocumentId));
  const result: CourseGradedItems = { courseDocumentId, quizzes: [], assignments: [] };
  if (!course) return result;

  const placements = await blockTargets(strapi, course, ['quiz', 'assignment']);
  const wanted = placements
    .filter((p) => p.countsTowardCompletion)
    .map((p) => ({ kind: p.kind, blockId: p.blockId, lessonDocumentId: p.lesson.documentId, documentId: p.documentId }))
    .filter((p): p is typeof p & { documentId: string } => p.documentId !== null);
  if (wanted.length === 0) return result;

  const publishedTitles = async (uid: string, ids: string[]): Promise<Map<string, string>> => {
    if (ids.length === 0) return new Map();
    const rows = (await strapi.db.query(uid).findMany({
      where: { documentId: { $in: [...new Set(ids)] }, publishedAt: { $notNull: true } },
      select: ['documentId', 'title'],
    })) as Array<{ documentId: string; title: string }>;
    return new Map(rows.map((r) => [r.documentId, r.title]));
  };
  const [quizTitles, assignmentTitles] = await Promise.all([
    publishedTitles('api::quiz.quiz', wanted.filter((w) => w.kind === 'quiz').map((w) => w.documentId)),
    publishedTitles('api::assignment.assignment', wanted.filter((w) => w.kind === 'assignment').map((w) => w.documentId)),
  ]);

  for (const w of wanted) {
    const list = w.kind === 'quiz' ? result.quizzes : result.assignments;
    const title = (w.kind === 'quiz' ? quizTitles : assignmentTitles).get(w.documentId);
    if (title === undefined || list.some((item) => item.documentId === w.documentId)) continue;
    list.push({ documentId: w.documentId, title, lessonDocumentId: w.lessonDocumentId, blockId: w.blockId });
  }
  return result;
}

import type { Core } from '@strapi/strapi';
import type { CourseRef, LessonBlockBase, LessonBlockKind, LessonRef } from '../contracts';
import type { CourseStructure, LessonBlockInfo, LessonNode, SectionNode } from '../domain/types';

const COURSE = 'api::course.course';
const LESSON = 'api::lesson.lesson';
const CATALOG_SERVICE = 'api::catalog.catalog';
const PUBLISHED = { publishedAt: { $notNull: true } };
const REF_FIELDS = ['documentId', 'slug', 'title', 'publishedAt'];

// Row shapes as the query engine returns them (only the selected columns).
interface RefRow {
  documentId: string;
  slug: string;
  title: string;
  publishedAt: unknown;
}
interface LessonRow extends RefRow {
  id: number;
  order: number | null;
  freePreview: boolean | number | null;
  estimatedMinutes: number | null;
  prerequisites?: RefRow[];
}
interface SectionRow {
  id: number;
  documentId: string;
  title: string;
  order: number | null;
  dripType: SectionNode['drip']['type'] | null;
  dripDays: number | null;
  dripDate: string | Date | null;
  publishedAt: unknown;
  lessons?: LessonRow[];
}
interface CourseRow extends RefRow {
  id: number;
  pricingModel: CourseStructure['pricingModel'];
  priceAmount: number | string | null;
  currency: string | null;
  prerequisites?: RefRow[];
  sections?: SectionRow[];
}

/**
 * The full lesson as the catalog maps it (cms/src/api/catalog: one allow-list mapping of blocks
 * for the free preview and for enrolled learners). Only the fields this plugin relies on are
 * spelled out; the blocks are passed through untouched.
 */
export interface CatalogLessonContent {
  documentId: string;
  slug: string;
  title: string;
  freePreview: boolean;
  estimatedMinutes: number;
  course: CourseRef;
  section: { documentId: string; title: string };
  blocks: LessonBlockBase[];
}
/** What this plugin uses of the cms catalog service (typed here once; see {@link catalog}). */
interface CatalogReader {
  getLessonContent(lessonDocumentId: string): Promise<CatalogLessonContent | null>;
  lessonBlockRefs(lessonRowIds: readonly number[]): Promise<Map<number, Array<{ id: number; componentType: string; kind: LessonBlockKind }>>>;
}

/**
 * The cms's catalog service, which owns the one mapping of lesson blocks (free previews and full
 * lessons alike) and the dynamic-zone reads behind it.
 */
function catalog(strapi: Core.Strapi): CatalogReader {
  const service = strapi.service(CATALOG_SERVICE) as unknown as Partial<CatalogReader> | undefined;
  if (typeof service?.getLessonContent !== 'function' || typeof service.lessonBlockRefs !== 'function') {
    throw new Error(`lms-enrollment needs the cms service ${CATALOG_SERVICE} (getLessonContent, lessonBlockRefs); is cms/src/api/catalog present?`);
  }
  return service as CatalogReader;
}

const ref = (r: RefRow): LessonRef => ({ documentId: r.documentId, slug: r.slug, title: r.title });
const byOrder = (a: { order: number | null; title: string }, b: { order: number | null; title: string }) =>
  (a.order ?? 0) - (b.order ?? 0) || a.title.localeCompare(b.title);

/**
 * Reads authored content (published documents only) through Strapi's query engine with explicit
 * field selection. A course structure is a fixed number of queries whatever its size: the
 * populates are batched per relation, block information is one query on the dynamic zone's link
 * table plus one per component kind that carries a completion setting.
 */
export const createContentService = ({ strapi }: { strapi: Core.Strapi }) => {
  const structures = createStructureCache();
  return {
    /**
     * Forgets every cached course structure. Called on each authored-content write in this
     * process (bootstrap registers the Document Service middleware); other processes (the worker)
     * see a change within {@link STRUCTURE_TTL_MS}.
     */
    invalidateStructures(): void {
      structures.clear();
    },

    async getCourseStructure(courseDocumentId: string): Promise<CourseStructure | null> {
      const [course] = await this.getCourseStructures([courseDocumentId]);
      return course ?? null;
    },

    /**
     * Published courses by documentId (missing or unpublished ones are left out), in the order
     * asked. A structure is the same for every learner and changes only when an author writes, so
     * it is cached (frozen: callers must not change it); the learner's own rows never are.
     */
    async getCourseStructures(courseDocumentIds: readonly string[]): Promise<CourseStructure[]> {
      const now = Date.now();
      const missing = [...new Set(courseDocumentIds)].filter((id) => !structures.get(id, now));
      if (missing.length > 0) {
        const generation = structures.generation;
        for (const course of await this.loadCourseStructures(missing)) structures.set(course, now, generation);
      }
      return courseDocumentIds.map((id) => structures.get(id, now)).filter((c): c is CourseStructure => c !== undefined);
    },

    /** Reads published course structures from the database (uncached). */
    async loadCourseStructures(courseDocumentIds: readonly string[]): Promise<CourseStructure[]> {
      if (courseDocumentIds.length === 0) return [];
      const rows = (await strapi.db.query(COURSE).findMany({
        where: { ...PUBLISHED, documentId: { $in: [...courseDocumentIds] } },
        select: ['id', 'documentId', 'slug', 'title', 'pricingModel', 'priceAmount', 'currency', 'publishedAt'],
        populate: {
          prerequisites: { select: REF_FIELDS },
          sections: {
            select: ['id', 'documentId', 'title', 'order', 'dripType', 'dripDays', 'dripDate', 'publishedAt'],
            populate: {
              lessons: {
                select: ['id', ...REF_FIELDS, 'order', 'freePreview', 'estimatedMinutes'],
                populate: { prerequisites: { select: REF_FIELDS } },
              },
            },
          },
        },
      })) as CourseRow[];

      const lessonRowIds = rows.flatMap((c) => (c.sections ?? []).flatMap((s) => (s.lessons ?? []).map((l) => l.id)));
      const blocksByLesson = await this.lessonBlocks(lessonRowIds);

      return rows.map((c) => ({
        documentId: c.documentId,
        slug: c.slug,
        title: c.title,
        pricingModel: c.pricingModel,
        priceAmount: c.pricingModel === 'free' ? 0 : Number(c.priceAmount ?? 0),
        currency: c.pricingModel === 'free' ? null : (c.currency ?? null),
        prerequisites: (c.prerequisites ?? []).filter((p) => p.publishedAt).map(ref),
        sections: (c.sections ?? [])
          .filter((s) => s.publishedAt)
          .sort(byOrder)
          .map(
            (s): SectionNode => ({
              documentId: s.documentId,
              title: s.title,
              order: s.order ?? 0,
              drip: {
                type: s.dripType ?? 'none',
                days: s.dripDays ?? null,
                date: s.dripDate ? new Date(s.dripDate) : null,
              },
              lessons: (s.lessons ?? [])
                .filter((l) => l.publishedAt)
                .sort(byOrder)
                .map((l): LessonNode => {
                  const blocks = blocksByLesson.get(l.id) ?? [];
                  return {
                    ...ref(l),
                    order: l.order ?? 0,
                    freePreview: Boolean(l.freePreview),
                    estimatedMinutes: l.estimatedMinutes ?? 0,
                    prerequisites: (l.prerequisites ?? []).filter((p) => p.publishedAt).map(ref),
                    kinds: [...new Set(blocks.map((b) => b.kind))],
                    blocks,
                  };
                }),
            }),
          ),
      }));
    },

    /** Blocks per lesson row id, with the settings the completion rules read: at most four queries. */
    async lessonBlocks(lessonRowIds: readonly number[]): Promise<Map<number, LessonBlockInfo[]>> {
      const refs = await catalog(strapi).lessonBlockRefs(lessonRowIds);
      const all = [...refs.values()].flat();
      const settings = async <T extends Record<string, unknown>>(uid: string, fields: string[]): Promise<Map<number, T>> => {
        const ids = all.filter((b) => b.componentType === uid).map((b) => b.id);
        if (ids.length === 0) return new Map();
        const found = (await strapi.db.query(uid).findMany({ where: { id: { $in: ids } }, select: ['id', ...fields] })) as Array<T & { id: number }>;
        return new Map(found.map((f) => [Number(f.id), f]));
      };
      const [videos, quizzes, h5ps] = await Promise.all([
        settings<{ completionThreshold: number | null }>('blocks.video', ['completionThreshold']),
        settings<{ countsTowardCompletion: boolean | number | null }>('blocks.quiz', ['countsTowardCompletion']),
        settings<{ graded: boolean | number | null }>('blocks.h5p', ['graded']),
      ]);
      // Booleans come back as 0/1 from SQLite.
      const isOn = (v: boolean | number | null | undefined) => v !== false && v !== 0;

      const result = new Map<number, LessonBlockInfo[]>();
      for (const [lessonId, blocks] of refs) {
        result.set(
          lessonId,
          blocks.map((b): LessonBlockInfo => {
            const block: LessonBlockInfo = { id: b.id, kind: b.kind };
            if (b.kind === 'video') block.completionThreshold = Number(videos.get(b.id)?.completionThreshold ?? 90);
            if (b.kind === 'quiz') block.countsTowardCompletion = isOn(quizzes.get(b.id)?.countsTowardCompletion);
            if (b.kind === 'h5p') block.graded = isOn(h5ps.get(b.id)?.graded);
            return block;
          }),
        );
      }
      return result;
    },

    /** The published course a published lesson belongs to; null when either is missing or a draft. */
    async findCourseOfLesson(lessonDocumentId: string): Promise<string | null> {
      const lesson = (await strapi.db.query(LESSON).findOne({
        where: { ...PUBLISHED, documentId: lessonDocumentId },
        select: ['id'],
        populate: { section: { select: ['id', 'publishedAt'], populate: { course: { select: ['documentId', 'publishedAt'] } } } },
      })) as { section?: { publishedAt: unknown; course?: { documentId: string; publishedAt: unknown } | null } | null } | null;
      const course = lesson?.section?.publishedAt ? lesson.section.course : null;
      return course?.publishedAt ? course.documentId : null;
    },

    /**
     * The full published lesson with every block, mapped by the catalog's one allow-list mapping
     * (the same that serves free previews). Callers check access first.
     */
    async getLessonContent(lessonDocumentId: string): Promise<CatalogLessonContent | null> {
      return catalog(strapi).getLessonContent(lessonDocumentId);
    },

    /** Titles and slugs of courses by documentId, drafts included (for admin lists of old enrollments). */
    async courseRefs(courseDocumentIds: readonly string[]): Promise<Map<string, CourseRef>> {
      const out = new Map<string, CourseRef>();
      if (courseDocumentIds.length === 0) return out;
      const rows = (await strapi.db.query(COURSE).findMany({
        where: { documentId: { $in: [...new Set(courseDocumentIds)] } },
        select: REF_FIELDS,
      })) as RefRow[];
      // Prefer the published version's title; a draft-only course still has a name.
      for (const r of rows.sort((a, b) => Number(Boolean(a.publishedAt)) - Number(Boolean(b.publishedAt)))) out.set(r.documentId, ref(r));
      return out;
    },

    /** documentIds of courses (any version) whose title contains `text`, case-insensitive. */
    async courseIdsByTitle(text: string): Promise<string[]> {
      const rows = (await strapi.db.query(COURSE).findMany({ where: { title: { $containsi: text } }, select: ['documentId'] })) as Array<{ documentId: string }>;
      return [...new Set(rows.map((r) => r.documentId))];
    },
};
};

/** How long another process's cached course structure may lag behind an author's change. */
export const STRUCTURE_TTL_MS = 30_000;
const STRUCTURE_CACHE_MAX = 1_000;

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

/**
 * Course structures by documentId with a time to live, at most {@link STRUCTURE_CACHE_MAX}
 * (oldest dropped first). `generation` keeps a read that started before a clear from storing
 * its possibly stale result after it.
 */
function createStructureCache() {
  const entries = new Map<string, { course: CourseStructure; expiresAt: number }>();
  const cache = {
    generation: 0,
    get(documentId: string, now: number): CourseStructure | undefined {
      const entry = entries.get(documentId);
      if (!entry) return undefined;
      if (entry.expiresAt <= now) {
        entries.delete(documentId);
        return undefined;
      }
      return entry.course;
    },
    set(course: CourseStructure, now: number, generation: number): void {
      if (generation !== cache.generation) return;
      entries.delete(course.documentId);
      entries.set(course.documentId, { course: deepFreeze(course), expiresAt: now + STRUCTURE_TTL_MS });
      while (entries.size > STRUCTURE_CACHE_MAX) entries.delete(entries.keys().next().value as string);
    },
    clear(): void {
      cache.generation += 1;
      entries.clear();
    },
  };
  return cache;
}


export type ContentService = ReturnType<typeof createContentService>;

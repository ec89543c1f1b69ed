import type { Core } from '@strapi/strapi';
import type {
  BlocksContent,
  CatalogQuery,
  CatalogResponse,
  CategoryRef,
  CategoryWithCount,
  CourseCard,
  CourseDetail,
  InstructorRef,
  LessonBlock,
  LessonBlockKind,
  LessonPreview,
  MediaRef,
  OutlineSection,
  Price,
} from '../contracts';

const COURSE = 'api::course.course';
const CATEGORY = 'api::category.category';
const LESSON = 'api::lesson.lesson';
const QUIZ = 'api::quiz.quiz';
const INSTRUCTOR = 'api::instructor.instructor';

const MEDIA_FIELDS = ['url', 'alternativeText', 'width', 'height', 'mime', 'name', 'size', 'ext'];
const CARD_FIELDS = ['id', 'documentId', 'slug', 'title', 'summary', 'level', 'language', 'pricingModel', 'priceAmount', 'currency'];
const PUBLISHED = { publishedAt: { $notNull: true } };

// Row shapes as the query engine returns them (only the selected columns).
interface MediaRow {
  url: string;
  alternativeText: string | null;
  width: number | null;
  height: number | null;
  mime: string | null;
  name: string | null;
  size: number | string | null;
  ext: string | null;
}
interface CourseRow {
  id: number;
  documentId: string;
  slug: string;
  title: string;
  summary: string;
  level: CourseCard['level'];
  language: string;
  pricingModel: Price['model'];
  priceAmount: number | string | null;
  currency: string | null;
  cover?: MediaRow | null;
  category?: { documentId: string; name: string; slug: string } | null;
  instructor?: InstructorRow | null;
}
interface InstructorRow {
  documentId: string;
  name: string;
  slug: string;
  headline: string | null;
  avatar?: MediaRow | null;
}
interface LessonRow {
  id: number;
  documentId: string;
  slug: string;
  title: string;
  order: number | null;
  freePreview: boolean | number | null;
  estimatedMinutes: number | null;
}

const toMedia = (m: MediaRow | null | undefined): MediaRef | null =>
  m
    ? {
        url: m.url,
        alternativeText: m.alternativeText ?? null,
        width: m.width ?? null,
        height: m.height ?? null,
        mime: m.mime ?? null,
        name: m.name ?? null,
        size: m.size === null || m.size === undefined ? null : Number(m.size),
        ext: m.ext ?? null,
      }
    : null;

const toPrice = (row: Pick<CourseRow, 'pricingModel' | 'priceAmount' | 'currency'>): Price => ({
  model: row.pricingModel,
  amount: row.pricingModel === 'free' ? 0 : Number(row.priceAmount ?? 0),
  currency: row.pricingModel === 'free' ? null : (row.currency ?? null),
});

const toCategory = (c: CourseRow['category']): CategoryRef | null =>
  c ? { documentId: c.documentId, name: c.name, slug: c.slug } : null;

const toInstructor = (i: InstructorRow | null | undefined): InstructorRef | null =>
  i
    ? { documentId: i.documentId, name: i.name, slug: i.slug, headline: i.headline ?? null, avatar: toMedia(i.avatar) }
    : null;

const toCard = (row: CourseRow): CourseCard => ({
  documentId: row.documentId,
  slug: row.slug,
  title: row.title,
  summary: row.summary,
  level: row.level,
  language: row.language,
  price: toPrice(row),
  cover: toMedia(row.cover),
  category: toCategory(row.category),
  instructor: row.instructor ? { documentId: row.instructor.documentId, name: row.instructor.name, slug: row.instructor.slug } : null,
});

const BLOCK_KIND: Record<string, LessonBlockKind> = {
  'blocks.rich-text': 'rich-text',
  'blocks.video': 'video',
  'blocks.file': 'file',
  'blocks.h5p': 'h5p',
  'blocks.quiz': 'quiz',
  'blocks.assignment': 'assignment',
  'blocks.external-tool': 'external-tool',
};

/** The link table behind a dynamic zone, read from Strapi's own metadata rather than guessed. */
function dynamicZoneTable(strapi: Core.Strapi, uid: string, field: string) {
  const attribute = strapi.db.metadata.get(uid).attributes[field] as unknown as {
    joinTable: { name: string; joinColumn: { name: string }; morphColumn: { idColumn: { name: string } }; orderColumnName?: string };
  };
  const { joinTable } = attribute;
  return {
    name: joinTable.name,
    entityColumn: joinTable.joinColumn.name,
    componentIdColumn: joinTable.morphColumn.idColumn.name,
    orderColumn: joinTable.orderColumnName ?? 'order',
  };
}

/** One block of a lesson: its component id (the block `id` of the lesson API) and kind. */
export interface LessonBlockRef {
  id: number;
  componentType: string;
  kind: LessonBlockKind;
}

/** A content type's table and its attributes' column names, from Strapi's metadata. */
function tableOf(strapi: Core.Strapi, uid: string) {
  const meta = strapi.db.metadata.get(uid);
  const attributes = meta.attributes as Record<string, { columnName?: string }>;
  return {
    table: meta.tableName,
    col: (attribute: string) => attributes[attribute]?.columnName ?? attribute,
  };
}

/** A relation's link table (Strapi v5 keeps every relation in one). */
function linkTableOf(strapi: Core.Strapi, uid: string, field: string) {
  const { joinTable } = strapi.db.metadata.get(uid).attributes[field] as unknown as {
    joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
  };
  return { name: joinTable.name, joinColumn: joinTable.joinColumn.name, inverseJoinColumn: joinTable.inverseJoinColumn.name };
}

/** The upload plugin's morph table, linking files to the entries and fields that use them. */
function mediaLinkTable(strapi: Core.Strapi) {
  const { joinTable } = strapi.db.metadata.get('plugin::upload.file').attributes.related as unknown as {
    joinTable: { name: string; joinColumn: { name: string }; morphColumn: { idColumn: { name: string }; typeColumn: { name: string } } };
  };
  return {
    name: joinTable.name,
    joinColumn: joinTable.joinColumn.name,
    idColumn: joinTable.morphColumn.idColumn.name,
    typeColumn: joinTable.morphColumn.typeColumn.name,
  };
}

function catalogTables(strapi: Core.Strapi) {
  return {
    course: tableOf(strapi, COURSE),
    category: tableOf(strapi, CATEGORY),
    instructor: tableOf(strapi, INSTRUCTOR),
    file: tableOf(strapi, 'plugin::upload.file'),
    categoryLink: linkTableOf(strapi, COURSE, 'category'),
    instructorLink: linkTableOf(strapi, COURSE, 'instructor'),
    media: mediaLinkTable(strapi),
  };
}

/** A flat joined row back into the shape the query engine would have returned. */
function courseRowFromJoin(r: Record<string, unknown>): CourseRow {
  const media = Object.fromEntries(MEDIA_FIELDS.map((a) => [a, r[`file_${a}`]])) as unknown as MediaRow;
  return {
    ...(Object.fromEntries(CARD_FIELDS.map((a) => [a, r[a]])) as unknown as CourseRow),
    category: r.categoryDocumentId
      ? { documentId: String(r.categoryDocumentId), name: String(r.categoryName), slug: String(r.categorySlug) }
      : null,
    instructor: r.instructorDocumentId
      ? { documentId: String(r.instructorDocumentId), name: String(r.instructorName), slug: String(r.instructorSlug), headline: null }
      : null,
    cover: r.fileId ? media : null,
  };
}

/** A published lesson with all its blocks (the preview shape, for any lesson). */
export type CatalogLesson = Omit<LessonPreview, 'freePreview'> & { freePreview: boolean };

export type LessonPreviewResult =
  | { kind: 'ok'; lesson: LessonPreview }
  | { kind: 'not-found'; message: string }
  | { kind: 'locked'; message: string };

/**
 * Reads of the published catalog through Strapi's query engine with explicit field selection.
 * Each call is a fixed, small number of SQL queries (populates are batched per relation, never
 * one query per row), which the catalog benchmark counts.
 */
const createCatalogService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /**
   * One page of published course cards in two statements (count + rows), whatever the page size:
   * category, instructor and cover come from left joins on Strapi's link and morph tables, named
   * from its metadata. This is the hottest read of the site, hence plain knex rather than the
   * query engine's per-relation populate (five statements and row hydration per request).
   */
  async listCourses(query: Required<Pick<CatalogQuery, 'page' | 'pageSize'>> & CatalogQuery): Promise<CatalogResponse> {
    const t = catalogTables(strapi);
    const knex = strapi.db.connection;
    const base = knex({ c: t.course.table })
      .leftJoin({ cl: t.categoryLink.name }, `cl.${t.categoryLink.joinColumn}`, 'c.id')
      // Relation targets with draft & publish: only their published row counts, as in Strapi's populate.
      .leftJoin({ cat: t.category.table }, (on) =>
        on.on('cat.id', `cl.${t.categoryLink.inverseJoinColumn}`).andOnNotNull(`cat.${t.category.col('publishedAt')}`),
      )
      .whereNotNull(`c.${t.course.col('publishedAt')}`);
    if (query.q) {
      const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
      base.andWhere((w) =>
        w
          .whereRaw(`lower(??) like ? escape '\\'`, [`c.${t.course.col('title')}`, pattern])
          .orWhereRaw(`lower(??) like ? escape '\\'`, [`c.${t.course.col('summary')}`, pattern]),
      );
    }
    if (query.category) base.andWhere(`cat.${t.category.col('slug')}`, query.category);
    if (query.level) base.andWhere(`c.${t.course.col('level')}`, query.level);
    if (query.price === 'free') base.andWhere(`c.${t.course.col('pricingModel')}`, 'free');
    if (query.price === 'paid') base.andWhereNot(`c.${t.course.col('pricingModel')}`, 'free');

    const [{ total }] = (await base.clone().countDistinct({ total: 'c.id' })) as Array<{ total: number | string }>;
    const rows = (await base
      .clone()
      .leftJoin({ il: t.instructorLink.name }, `il.${t.instructorLink.joinColumn}`, 'c.id')
      .leftJoin({ ins: t.instructor.table }, (on) =>
        on.on('ins.id', `il.${t.instructorLink.inverseJoinColumn}`).andOnNotNull(`ins.${t.instructor.col('publishedAt')}`),
      )
      .leftJoin({ fr: t.media.name }, (on) =>
        on
          .on(`fr.${t.media.idColumn}`, 'c.id')
          .andOn(`fr.${t.media.typeColumn}`, knex.raw('?', [COURSE]))
          .andOn('fr.field', knex.raw('?', ['cover'])),
      )
      .leftJoin({ f: t.file.table }, 'f.id', `fr.${t.media.joinColumn}`)
      .select(
        ...CARD_FIELDS.map((a) => `c.${t.course.col(a)} as ${a}`),
        `cat.${t.category.col('documentId')} as categoryDocumentId`,
        `cat.${t.category.col('name')} as categoryName`,
        `cat.${t.category.col('slug')} as categorySlug`,
        `ins.${t.instructor.col('documentId')} as instructorDocumentId`,
        `ins.${t.instructor.col('name')} as instructorName`,
        `ins.${t.instructor.col('slug')} as instructorSlug`,
        'f.id as fileId',
        ...MEDIA_FIELDS.map((a) => `f.${t.file.col(a)} as file_${a}`),
      )
      .orderBy([
        { column: `c.${t.course.col('title')}`, order: 'asc' },
        { column: 'c.id', order: 'asc' },
      ])
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize)) as Array<Record<string, unknown>>;

    const count = Number(total);
    return {
      data: rows.map((r) => toCard(courseRowFromJoin(r))),
      meta: {
        pagination: { page: query.page, pageSize: query.pageSize, pageCount: Math.ceil(count / query.pageSize), total: count },
      },
    };
  },

  async listCategories(): Promise<CategoryWithCount[]> {
    const categories = (await strapi.db.query(CATEGORY).findMany({
      where: PUBLISHED,
      select: ['id', 'documentId', 'name', 'slug', 'description'],
      orderBy: [{ name: 'asc' }],
    })) as Array<{ id: number; documentId: string; name: string; slug: string; description: string | null }>;

    // Published courses per published category, counted in SQL on the relation's link table.
    const link = (strapi.db.metadata.get(COURSE).attributes as Record<string, unknown>).category as {
      joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
    };
    const courseTable = strapi.db.metadata.get(COURSE).tableName;
    const rows = (await strapi.db
      .connection(link.joinTable.name)
      .join(courseTable, `${courseTable}.id`, `${link.joinTable.name}.${link.joinTable.joinColumn.name}`)
      .whereNotNull(`${courseTable}.published_at`)
      .groupBy(`${link.joinTable.name}.${link.joinTable.inverseJoinColumn.name}`)
      .select(`${link.joinTable.name}.${link.joinTable.inverseJoinColumn.name} as categoryId`)
      .count({ count: '*' })) as Array<{ categoryId: number; count: number | string }>;
    const counts = new Map(rows.map((r) => [Number(r.categoryId), Number(r.count)]));

    return categories.map((c) => ({
      documentId: c.documentId,
      name: c.name,
      slug: c.slug,
      description: c.description ?? null,
      courseCount: counts.get(c.id) ?? 0,
    }));
  },

  async getCourse(slug: string): Promise<CourseDetail | null> {
    const row = (await strapi.db.query(COURSE).findOne({
      where: { ...PUBLISHED, slug },
      select: [...CARD_FIELDS, 'description', 'updatedAt'],
      populate: {
        cover: { select: MEDIA_FIELDS },
        category: { select: ['documentId', 'name', 'slug'] },
        instructor: { select: ['documentId', 'name', 'slug', 'headline'], populate: { avatar: { select: MEDIA_FIELDS } } },
        coInstructors: { select: ['documentId', 'name', 'slug', 'headline'], populate: { avatar: { select: MEDIA_FIELDS } } },
        prerequisites: { select: ['documentId', 'slug', 'title', 'publishedAt'] },
        outcomes: { select: ['text'] },
        sections: {
          select: ['id', 'documentId', 'title', 'order', 'dripType', 'dripDays', 'dripDate', 'publishedAt'],
          populate: {
            lessons: { select: ['id', 'documentId', 'slug', 'title', 'order', 'freePreview', 'estimatedMinutes', 'publishedAt'] },
          },
        },
      },
    })) as
      | (CourseRow & {
          description: BlocksContent | null;
          updatedAt: string | Date;
          coInstructors?: InstructorRow[];
          prerequisites?: Array<{ documentId: string; slug: string; title: string; publishedAt: unknown }>;
          outcomes?: Array<{ text: string }>;
          sections?: Array<{
            id: number;
            documentId: string;
            title: string;
            order: number | null;
            dripType: 'none' | 'after_days' | 'on_date' | null;
            dripDays: number | null;
            dripDate: string | Date | null;
            publishedAt: unknown;
            lessons?: Array<LessonRow & { publishedAt: unknown }>;
          }>;
        })
      | null;
    if (!row) return null;

    const sections = (row.sections ?? []).filter((s) => s.publishedAt);
    const lessonIds = sections.flatMap((s) => (s.lessons ?? []).filter((l) => l.publishedAt).map((l) => l.id));
    const kindsByLesson = await this.lessonBlockKinds(lessonIds);

    const byOrder = (a: { order: number | null; title: string }, b: { order: number | null; title: string }) =>
      (a.order ?? 0) - (b.order ?? 0) || a.title.localeCompare(b.title);

    const outline: OutlineSection[] = sections.sort(byOrder).map((s) => ({
      documentId: s.documentId,
      title: s.title,
      order: s.order ?? 0,
      drip: {
        type: s.dripType ?? 'none',
        days: s.dripDays ?? null,
        date: s.dripDate ? new Date(s.dripDate).toISOString() : null,
      },
      lessons: (s.lessons ?? [])
        .filter((l) => l.publishedAt)
        .sort(byOrder)
        .map((l) => ({
          documentId: l.documentId,
          slug: l.slug,
          title: l.title,
          order: l.order ?? 0,
          freePreview: Boolean(l.freePreview),
          estimatedMinutes: l.estimatedMinutes ?? 0,
          kinds: kindsByLesson.get(l.id) ?? [],
        })),
    }));
    const lessons = outline.flatMap((s) => s.lessons);

    const card = toCard(row);
    return {
      ...card,
      description: row.description ?? [],
      outcomes: (row.outcomes ?? []).map((o) => o.text),
      instructor: toInstructor(row.instructor),
      coInstructors: (row.coInstructors ?? []).map((i) => toInstructor(i)).filter((i): i is InstructorRef => i !== null),
      prerequisites: (row.prerequisites ?? [])
        .filter((p) => p.publishedAt)
        .map((p) => ({ documentId: p.documentId, slug: p.slug, title: p.title })),
      sections: outline,
      lessonCount: lessons.length,
      totalMinutes: lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0),
      updatedAt: new Date(row.updatedAt).toISOString(),
    };
  },

  /** Block kinds per lesson, in order of first appearance: one query for the whole outline. */
  async lessonBlockKinds(lessonIds: number[]): Promise<Map<number, LessonBlockKind[]>> {
    const result = new Map<number, LessonBlockKind[]>();
    for (const [lessonId, blocks] of await this.lessonBlockRefs(lessonIds)) {
      result.set(lessonId, [...new Set(blocks.map((b) => b.kind))]);
    }
    return result;
  },

  /**
   * Every block of each lesson (by lesson row id), in order, from the dynamic zone's link table:
   * one query. lms-enrollment reads it too, for the completion rules of each block.
   */
  async lessonBlockRefs(lessonIds: readonly number[]): Promise<Map<number, LessonBlockRef[]>> {
    const result = new Map<number, LessonBlockRef[]>();
    if (lessonIds.length === 0) return result;
    const dz = dynamicZoneTable(strapi, LESSON, 'blocks');
    const rows = (await strapi.db
      .connection(dz.name)
      .whereIn(dz.entityColumn, [...lessonIds])
      .andWhere('field', 'blocks')
      .orderBy([dz.entityColumn, dz.orderColumn])
      .select(`${dz.entityColumn} as lessonId`, `${dz.componentIdColumn} as blockId`, 'component_type as componentType')) as Array<{
      lessonId: number | string;
      blockId: number | string;
      componentType: string;
    }>;
    for (const r of rows) {
      const kind = BLOCK_KIND[r.componentType];
      if (!kind) continue;
      const list = result.get(Number(r.lessonId)) ?? [];
      list.push({ id: Number(r.blockId), componentType: r.componentType, kind });
      result.set(Number(r.lessonId), list);
    }
    return result;
  },

  async getLessonPreview(courseSlug: string, lessonSlug: string): Promise<LessonPreviewResult> {
    const lesson = await this.readLesson({ slug: lessonSlug, section: { course: { slug: courseSlug } } });
    if (!lesson) {
      return { kind: 'not-found', message: `no published lesson "${lessonSlug}" in course "${courseSlug}"` };
    }
    if (!lesson.freePreview) {
      return {
        kind: 'locked',
        message: `lesson "${lesson.title}" is for enrolled learners; enroll in "${lesson.course.title}" to read it`,
      };
    }
    return { kind: 'ok', lesson: { ...lesson, freePreview: true } };
  },

  /**
   * A published lesson with every block, whatever its preview flag. Not behind any catalog route:
   * lms-enrollment serves it to learners for whom the lesson is open, so both routes share this
   * one read and one allow-list mapping of blocks.
   */
  async getLessonContent(lessonDocumentId: string): Promise<CatalogLesson | null> {
    return this.readLesson({ documentId: lessonDocumentId });
  },

  /** The first published lesson matching `filters` (of a published course), its blocks mapped. */
  async readLesson(filters: Record<string, unknown>): Promise<CatalogLesson | null> {
    const lesson = (await strapi.documents(LESSON).findFirst({
      status: 'published',
      filters,
      fields: ['slug', 'title', 'freePreview', 'estimatedMinutes'],
      populate: {
        section: { fields: ['title'], populate: { course: { fields: ['slug', 'title'] } } },
        blocks: {
          on: {
            'blocks.rich-text': true,
            'blocks.video': { populate: { file: { fields: MEDIA_FIELDS } } },
            'blocks.file': { populate: { file: { fields: MEDIA_FIELDS } } },
            'blocks.h5p': { populate: { package: { fields: MEDIA_FIELDS } } },
            'blocks.quiz': { populate: { quiz: { fields: ['title', 'timeLimitMinutes'] } } },
            'blocks.assignment': { populate: { assignment: { fields: ['title', 'dueDate', 'maxScore'] } } },
            'blocks.external-tool': true,
          },
        },
      },
    } as never)) as unknown as
      | {
          id: number;
          documentId: string;
          slug: string;
          title: string;
          freePreview: boolean | null;
          estimatedMinutes: number | null;
          section?: { documentId: string; title: string; course?: { documentId: string; slug: string; title: string } | null } | null;
          blocks?: Array<Record<string, unknown> & { __component: string; id: number }>;
        }
      | null;
    if (!lesson || !lesson.section?.course) return null;
    const course = lesson.section.course;

    const quizIds = (lesson.blocks ?? [])
      .filter((b) => b.__component === 'blocks.quiz' && b.quiz)
      .map((b) => (b.quiz as { id: number }).id);
    const questionCounts = await this.questionCounts(quizIds);

    return {
      documentId: lesson.documentId,
      slug: lesson.slug,
      title: lesson.title,
      freePreview: Boolean(lesson.freePreview),
      estimatedMinutes: lesson.estimatedMinutes ?? 0,
      course: { documentId: course.documentId, slug: course.slug, title: course.title },
      section: { documentId: lesson.section.documentId, title: lesson.section.title },
      blocks: (lesson.blocks ?? []).map((b) => toLessonBlock(b, questionCounts)).filter((b): b is LessonBlock => b !== null),
    };
  },

  async questionCounts(quizIds: number[]): Promise<Map<number, number>> {
    const counts = new Map<number, number>();
    if (quizIds.length === 0) return counts;
    const dz = dynamicZoneTable(strapi, QUIZ, 'questions');
    const rows = (await strapi.db
      .connection(dz.name)
      .whereIn(dz.entityColumn, quizIds)
      .andWhere('field', 'questions')
      .groupBy(dz.entityColumn)
      .select(`${dz.entityColumn} as quizId`)
      .count({ count: '*' })) as Array<{ quizId: number; count: number | string }>;
    for (const r of rows) counts.set(Number(r.quizId), Number(r.count));
    return counts;
  },
});

/** Maps a populated dynamic-zone entry to the public block shape: an allow-list of fields per kind. */
function toLessonBlock(b: Record<string, unknown> & { __component: string; id: number }, questionCounts: Map<number, number>): LessonBlock | null {
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  switch (b.__component) {
    case 'blocks.rich-text':
      return { __component: 'blocks.rich-text', id: b.id, body: (b.body as BlocksContent) ?? [] };
    case 'blocks.video':
      return {
        __component: 'blocks.video',
        id: b.id,
        title: str(b.title),
        provider: (b.provider as 'youtube' | 'vimeo' | 'upload' | 'url') ?? 'upload',
        url: str(b.url),
        file: toMedia(b.file as MediaRow | null),
        completionThreshold: Number(b.completionThreshold ?? 90),
        durationSeconds: b.durationSeconds === null || b.durationSeconds === undefined ? null : Number(b.durationSeconds),
      };
    case 'blocks.file':
      return {
        __component: 'blocks.file',
        id: b.id,
        title: str(b.title) ?? 'Download',
        description: str(b.description),
        file: toMedia(b.file as MediaRow | null),
      };
    case 'blocks.h5p':
      return { __component: 'blocks.h5p', id: b.id, title: str(b.title), package: toMedia(b.package as MediaRow | null), graded: b.graded !== false };
    case 'blocks.quiz': {
      const quiz = b.quiz as { id: number; documentId: string; title: string; timeLimitMinutes: number | null } | null;
      return {
        __component: 'blocks.quiz',
        id: b.id,
        quiz: quiz
          ? {
              documentId: quiz.documentId,
              title: quiz.title,
              questionCount: questionCounts.get(quiz.id) ?? 0,
              timeLimitMinutes: quiz.timeLimitMinutes ?? null,
            }
          : null,
      };
    }
    case 'blocks.assignment': {
      const a = b.assignment as { documentId: string; title: string; dueDate: string | null; maxScore: number } | null;
      return {
        __component: 'blocks.assignment',
        id: b.id,
        assignment: a ? { documentId: a.documentId, title: a.title, dueDate: a.dueDate ?? null, maxScore: Number(a.maxScore) } : null,
      };
    }
    case 'blocks.external-tool':
      return {
        __component: 'blocks.external-tool',
        id: b.id,
        title: str(b.title) ?? 'External tool',
        url: str(b.url) ?? '',
        lti: Boolean(b.lti),
        openInNewTab: b.openInNewTab !== false,
      };
    default:
      return null;
  }
}

export type CatalogService = ReturnType<typeof createCatalogService>;
export default createCatalogService;

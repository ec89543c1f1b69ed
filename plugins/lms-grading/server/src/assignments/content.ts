import type { Core } from '@strapi/strapi';
import { GradingError, parseRubric, type Rubric } from '../domain';
import { acceptedExtensions } from './domain/uploads';

const ASSIGNMENT = 'api::assignment.assignment';

const SETTINGS_FIELDS = ['title', 'instructions', 'maxScore', 'passScore', 'allowResubmission', 'allowedFileTypes', 'maxFileSizeMb', 'dueDate'] as const;

type AssignmentRow = Record<(typeof SETTINGS_FIELDS)[number], unknown> & {
  documentId: string;
  course?: { documentId: string; title: string; slug: string } | null;
  rubric?: unknown[] | null;
};

/** A published assignment as lms-grading uses it. */
export interface AssignmentDocument {
  documentId: string;
  title: string;
  /** Strapi "blocks" rich text, passed through for the site to render. */
  instructions: unknown;
  course: { documentId: string; title: string; slug: string } | null;
  /** Whole points (the content type's integers). */
  maxScore: number;
  passScore: number;
  allowResubmission: boolean;
  /** Extensions whose content can be verified, from `allowedFileTypes`. */
  acceptedFileTypes: string[];
  /** Listed by the author but not verifiable by content, hence not accepted. */
  unverifiableFileTypes: string[];
  maxFileSizeMb: number;
  dueDate: Date | null;
  /** null: no rubric (graded with a typed score); a GradingError: the rubric as authored is broken. */
  rubric: Rubric | GradingError | null;
}

const asBool = (v: unknown): boolean => v === true || v === 1;
const wholeNumber = (v: unknown, fallback: number): number => {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : fallback;
};

function readRubric(raw: unknown[] | null | undefined): Rubric | GradingError | null {
  if (!raw || raw.length === 0) return null;
  try {
    return parseRubric(raw);
  } catch (error) {
    if (error instanceof GradingError) return error;
    throw error;
  }
}

function toAssignment(row: AssignmentRow): AssignmentDocument {
  const types = acceptedExtensions(typeof row.allowedFileTypes === 'string' ? row.allowedFileTypes : null);
  const due = row.dueDate ? new Date(String(row.dueDate)) : null;
  return {
    documentId: row.documentId,
    title: String(row.title ?? ''),
    instructions: row.instructions ?? null,
    course: row.course ? { documentId: row.course.documentId, title: row.course.title, slug: row.course.slug } : null,
    maxScore: wholeNumber(row.maxScore, 100) || 100,
    passScore: wholeNumber(row.passScore, 0),
    allowResubmission: asBool(row.allowResubmission),
    acceptedFileTypes: types.accepted,
    unverifiableFileTypes: types.unverifiable,
    maxFileSizeMb: Math.min(Math.max(wholeNumber(row.maxFileSizeMb, 10), 1), 100),
    dueDate: due && !Number.isNaN(due.getTime()) ? due : null,
    rubric: readRubric(row.rubric),
  };
}

/**
 * Reads published assignments through the Document Service (drafts never reach a learner or a
 * grade). The one place that knows the assignment content type's shape.
 */
export const createAssignmentContentService = ({ strapi }: { strapi: Core.Strapi }) => ({
  /** The published assignment with its course and rubric; null when unknown or a draft. */
  async findAssignment(documentId: string): Promise<AssignmentDocument | null> {
    const row = (await strapi.documents(ASSIGNMENT).findOne({
      documentId,
      status: 'published',
      fields: [...SETTINGS_FIELDS],
      populate: { course: { fields: ['title', 'slug'] }, rubric: { populate: { levels: true } } },
    } as never)) as unknown as AssignmentRow | null;
    return row ? toAssignment(row) : null;
  },

  /** Titles of assignments by documentId, drafts included (queues list old submissions too). */
  async assignmentTitles(documentIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (documentIds.length === 0) return out;
    const rows = (await strapi.db.query(ASSIGNMENT).findMany({
      where: { documentId: { $in: [...new Set(documentIds)] } },
      select: ['documentId', 'title', 'publishedAt'],
    })) as Array<{ documentId: string; title: string; publishedAt: unknown }>;
    // The published version's title wins over the draft's.
    for (const r of rows.sort((a, b) => Number(Boolean(a.publishedAt)) - Number(Boolean(b.publishedAt)))) out.set(r.documentId, r.title);
    return out;
  },
});

export type AssignmentContentService = ReturnType<typeof createAssignmentContentService>;

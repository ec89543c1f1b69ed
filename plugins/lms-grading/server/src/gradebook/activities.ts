import type { ActivityCell, ActivityColumn } from './contracts';

/**
 * Activities scored outside lms-grading (H5P activities, scored by lms-h5p from xAPI) that the
 * gradebook shows beside its own items. Another plugin registers a source in its register() with
 * the gradebook service's `addActivitySource`; lms-grading imports nothing of it. Activities are
 * columns of their own: they do not count toward the course grade or completion (decision 031).
 */
export interface ActivitySource {
  /** Who provides the columns ("lms-h5p"). */
  name: string;
  /** The course's scored activities, in course order. */
  columns(courseDocumentId: string): Promise<ActivityColumn[]>;
  /** Cells of these learners, by learner id then column key (absent: no result yet). */
  cells(courseDocumentId: string, userIds: readonly number[]): Promise<Map<number, Map<string, ActivityCell>>>;
}

const empty = (key: string): ActivityCell => ({ key, percent: null, attempts: 0, passed: null });

/** Every source's columns of a course, and a way to read a learner's row of cells. */
export async function activityTable(sources: readonly ActivitySource[], courseDocumentId: string, userIds: readonly number[]) {
  const parts = await Promise.all(
    sources.map(async (source) => {
      const columns = await source.columns(courseDocumentId);
      const cells = columns.length > 0 && userIds.length > 0 ? await source.cells(courseDocumentId, userIds) : new Map<number, Map<string, ActivityCell>>();
      return { columns, cells };
    }),
  );
  const columns = parts.flatMap((p) => p.columns);
  return {
    columns,
    cellsOf(userId: number): ActivityCell[] {
      return parts.flatMap((p) => p.columns.map((c) => p.cells.get(userId)?.get(c.key) ?? empty(c.key)));
    },
  };
}

import type { Core } from '@strapi/strapi';
import { enrollmentOf, lessonsOf, type ActivityCellPort, type ActivityColumnPort, type ActivitySourcePort } from '../adapters/strapi';
import { PLUGIN_ID, getService } from '../utils';

/** The gradebook key of an activity: the lesson and the package it plays (stable across publishes). */
export const activityKey = (lessonDocumentId: string, fileId: number) => `${lessonDocumentId}:${fileId}`;

/**
 * lms-h5p's columns in lms-grading's gradebook: every graded H5P block with a package in the
 * published course, in course order; a learner's cell is their best score there.
 */
export function h5pActivitySource(strapi: Core.Strapi): ActivitySourcePort {
  return {
    name: PLUGIN_ID,
    async columns(courseDocumentId) {
      const course = await enrollmentOf(strapi).getCourseStructure(courseDocumentId);
      const withH5p = (course?.sections ?? []).flatMap((s) => s.lessons).filter((l) => l.blocks.some((b) => b.kind === 'h5p' && b.graded !== false));
      const published = new Map((await lessonsOf(strapi).publishedLessons(withH5p.map((l) => l.documentId))).map((l) => [l.documentId, l]));
      const packages = await getService(strapi, 'packages').findByFiles(
        [...published.values()].flatMap((l) => l.blocks.map((b) => b.packageFileId)).filter((id): id is number => id !== null),
      );
      const columns: ActivityColumnPort[] = [];
      for (const lesson of withH5p) {
        for (const block of published.get(lesson.documentId)?.blocks ?? []) {
          const pkg = block.packageFileId === null ? undefined : packages.get(block.packageFileId);
          if (!block.graded || !pkg) continue;
          const key = activityKey(lesson.documentId, pkg.fileId);
          if (!columns.some((c) => c.key === key)) columns.push({ source: PLUGIN_ID, key, title: block.title ?? pkg.title, lessonDocumentId: lesson.documentId });
        }
      }
      return columns;
    },
    async cells(courseDocumentId, userIds) {
      const out = new Map<number, Map<string, ActivityCellPort>>();
      for (const r of await getService(strapi, 'results').resultsOf(courseDocumentId, userIds)) {
        const key = activityKey(r.lessonDocumentId, r.fileId);
        const mine = out.get(r.userId) ?? new Map<string, ActivityCellPort>();
        mine.set(key, { key, percent: r.bestBp / 100, attempts: r.attempts, passed: r.passed });
        out.set(r.userId, mine);
      }
      return out;
    },
  };
}

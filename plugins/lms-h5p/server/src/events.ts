/**
 * The domain event lms-h5p publishes (through lms-core's outbox, in the transaction that stores
 * the result). LTI grade passback and gradebook consumers take it from there.
 */
declare module '@lms/plugin-lms-core/server' {
  interface EventPayloads {
    /** A learner's result at an H5P activity changed (an `answered` or `completed` statement with a score). */
    'h5p.scored': {
      learnerId: number;
      courseId: string;
      lessonId: string;
      /** plugin::upload.file id of the package: the activity's stable identity. */
      packageFileId: number;
      blockId: number;
      /** Whether the block is graded (counts toward the lesson and the gradebook). */
      graded: boolean;
      /** Scaled scores in basis points, 0–10000; the best counts. */
      scoreBp: number;
      bestScoreBp: number;
      attempts: number;
      passed: boolean | null;
      scoredAt: string;
    };
  }
}

export {};

import { describe, expect, it } from 'vitest';
import { courseProgress, isCourseComplete, lessonRequirements, videoCompletesLesson, watchedPercent } from './progress';

describe('course progress', () => {
  it('is completed published lessons over published lessons, rounded down', () => {
    expect(courseProgress(['a', 'b', 'c'], new Set(['a']))).toEqual({ lessonsTotal: 3, lessonsCompleted: 1, percent: 33, allLessonsComplete: false });
    expect(courseProgress(['a', 'b', 'c'], new Set(['a', 'b']))).toMatchObject({ percent: 66 });
    expect(courseProgress(['a', 'b', 'c'], new Set(['a', 'b', 'c']))).toMatchObject({ percent: 100, allLessonsComplete: true });
  });

  it('ignores completed lessons that are no longer published', () => {
    expect(courseProgress(['a', 'b'], new Set(['a', 'gone']))).toMatchObject({ lessonsCompleted: 1, percent: 50 });
  });

  it('is 0 and never complete for a course without published lessons', () => {
    expect(courseProgress([], new Set(['x']))).toEqual({ lessonsTotal: 0, lessonsCompleted: 0, percent: 0, allLessonsComplete: false });
  });

  it('completes the course only when every extra requirement is met too', () => {
    const done = courseProgress(['a'], new Set(['a']));
    expect(isCourseComplete(done, [])).toBe(true);
    expect(isCourseComplete(done, [{ name: 'final-quiz', met: false, missing: 'pass the final quiz' }])).toBe(false);
    expect(isCourseComplete(courseProgress(['a', 'b'], new Set(['a'])), [{ name: 'x', met: true }])).toBe(false);
  });
});

describe('video completion', () => {
  const video = { id: 7, kind: 'video' as const, completionThreshold: 80 };

  it('measures the share reached, clamped to 0–100', () => {
    expect(watchedPercent(45, 60)).toBe(75);
    expect(watchedPercent(59.9, 60)).toBe(99);
    expect(watchedPercent(90, 60)).toBe(100);
    expect(watchedPercent(-5, 60)).toBe(0);
    expect(watchedPercent(10, 0)).toBe(0);
  });

  it("completes the lesson at the video's threshold when the video is its only requirement", () => {
    const blocks = [{ id: 1, kind: 'rich-text' as const }, video, { id: 2, kind: 'file' as const }];
    expect(videoCompletesLesson(blocks, 7, 79)).toBe(false);
    expect(videoCompletesLesson(blocks, 7, 80)).toBe(true);
    expect(videoCompletesLesson(blocks, 8, 100)).toBe(false);
  });

  it('does not complete a lesson that also asks for a quiz or another video', () => {
    expect(videoCompletesLesson([video, { id: 3, kind: 'quiz', countsTowardCompletion: true }], 7, 100)).toBe(false);
    expect(videoCompletesLesson([video, { id: 8, kind: 'video', completionThreshold: 50 }], 7, 100)).toBe(false);
    // A quiz that does not count, or an ungraded H5P, is no requirement.
    expect(videoCompletesLesson([video, { id: 3, kind: 'quiz', countsTowardCompletion: false }, { id: 4, kind: 'h5p', graded: false }], 7, 100)).toBe(true);
  });

  it('lists what a lesson asks for', () => {
    expect(lessonRequirements([{ id: 1, kind: 'rich-text' }, { id: 2, kind: 'video' }, { id: 3, kind: 'assignment' }, { id: 4, kind: 'h5p' }])).toEqual([
      { kind: 'video', blockId: 2, threshold: 90 },
      { kind: 'assignment', blockId: 3 },
      { kind: 'h5p', blockId: 4 },
    ]);
  });
});

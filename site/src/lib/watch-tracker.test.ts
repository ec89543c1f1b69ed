import { describe, expect, it } from 'vitest';
import { WatchTracker } from './watch-tracker';

/** Plays from `from` to `to` in timeupdate-sized steps. */
function play(tracker: WatchTracker, from: number, to: number, duration = 60) {
  for (let t = from; t <= to + 1e-9; t += 0.25) tracker.sample(t, duration);
}

describe('WatchTracker', () => {
  it('counts seconds of playback and is due every interval', () => {
    const tracker = new WatchTracker(10);
    play(tracker, 0, 9.5);
    expect(tracker.due).toBe(false);
    play(tracker, 9.75, 10.25);
    expect(tracker.due).toBe(true);
    expect(tracker.take()).toEqual({ position: 10.25, duration: 60, secondsWatched: 10.25 });
    expect(tracker.due).toBe(false);
    expect(tracker.take()).toBeNull();
  });

  it('does not count a seek as watching, but reports the new position', () => {
    const tracker = new WatchTracker(10);
    play(tracker, 0, 2);
    tracker.seeked(50);
    play(tracker, 50, 51);
    expect(tracker.take()).toEqual({ position: 51, duration: 60, secondsWatched: 3 });
    // a jump without a seeked event (the element skipped) is not counted either
    tracker.sample(58, 60);
    expect(tracker.take()).toEqual({ position: 58, duration: 60, secondsWatched: 0 });
  });

  it('gives back the seconds of a report that could not be sent', () => {
    const tracker = new WatchTracker(10);
    play(tracker, 0, 4);
    const report = tracker.take();
    expect(report?.secondsWatched).toBe(4);
    tracker.giveBack(report!);
    play(tracker, 4.25, 5);
    expect(tracker.take()).toEqual({ position: 5, duration: 60, secondsWatched: 5 });
  });

  it('reports nothing before the duration is known, and never past the end', () => {
    const tracker = new WatchTracker(10);
    tracker.sample(1, Number.NaN);
    expect(tracker.pending).toBe(false);
    tracker.sample(6.04, 6);
    expect(tracker.take()).toEqual({ position: 6, duration: 6, secondsWatched: 0 });
  });
});

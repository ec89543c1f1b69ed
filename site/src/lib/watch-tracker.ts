/**
 * Counts what a learner really watched of a video, for the progress reports the lesson player
 * sends: seconds of playback (not wall time, not seeking), the position reached, and when a
 * report is due (every `intervalSeconds` of watching; pause, end and leaving the page report at
 * once). Pure: the video island feeds it the element's times.
 */

export interface WatchReport {
  position: number;
  duration: number;
  secondsWatched: number;
}

/** Gaps between two samples larger than this are seeks (timeupdate fires about 4 times a second). */
const MAX_PLAYBACK_STEP_SECONDS = 2;

export class WatchTracker {
  #lastPosition: number | null = null;
  #duration = 0;
  #unreported = 0;
  #reportedPosition: number | null = null;

  constructor(private readonly intervalSeconds = 10) {}

  /** A playback sample (the element's currentTime and duration while it plays). */
  sample(position: number, duration: number): void {
    if (Number.isFinite(duration) && duration > 0) this.#duration = duration;
    if (!Number.isFinite(position) || position < 0) return;
    if (this.#lastPosition !== null) {
      const step = position - this.#lastPosition;
      if (step > 0 && step <= MAX_PLAYBACK_STEP_SECONDS) this.#unreported += step;
    }
    this.#lastPosition = position;
  }

  /** The learner jumped: the next sample starts a new run instead of counting the jump as watched. */
  seeked(position: number): void {
    this.#lastPosition = Number.isFinite(position) ? position : null;
  }

  /** Whether enough has been watched since the last report to send another. */
  get due(): boolean {
    return this.#duration > 0 && this.#unreported >= this.intervalSeconds;
  }

  /** Whether there is anything a report would tell the server that it does not know yet. */
  get pending(): boolean {
    return this.#duration > 0 && this.#lastPosition !== null && (this.#unreported > 0 || this.#lastPosition !== this.#reportedPosition);
  }

  /** The report to send now; the counters restart (call {@link giveBack} if sending fails). */
  take(): WatchReport | null {
    if (!this.pending || this.#lastPosition === null) return null;
    const report: WatchReport = {
      position: Math.min(round(this.#lastPosition), round(this.#duration)),
      duration: round(this.#duration),
      secondsWatched: round(this.#unreported),
    };
    this.#unreported = 0;
    this.#reportedPosition = this.#lastPosition;
    return report;
  }

  /** A report that could not be sent: its watched seconds count again in the next one. */
  giveBack(report: WatchReport): void {
    this.#unreported += report.secondsWatched;
    this.#reportedPosition = null;
  }
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;

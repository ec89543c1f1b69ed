/**
 * Autosave of quiz answers: each question's answer is saved a short while after the learner
 * stops changing it, the latest value always wins, one request per question at a time, failed
 * saves that may succeed later (network, 5xx, 429) are retried with backoff, and a refusal
 * (deadline passed, attempt closed, bad answer) stops that question with the reason. `flush`
 * saves everything now (before submitting). No DOM: the quiz runner renders the states.
 */

export type SaveState =
  | { kind: 'idle' }
  /** Changed; the save waits for the learner to pause. */
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'saved'; savedAt: string }
  /** `retrying`: it will be tried again by itself; otherwise the learner must act (or it cannot be saved). */
  | { kind: 'error'; message: string; retrying: boolean; code?: string };

export type SaveOutcome = { ok: true; savedAt: string } | { ok: false; message: string; retry: boolean; code?: string };

export interface AutosaveOptions<A> {
  save(questionId: string, answer: A): Promise<SaveOutcome>;
  onState(questionId: string, state: SaveState): void;
  /** Quiet time after the last change before saving. */
  delayMs?: number;
  /** Waits between retries of a failed save; the last repeats. */
  retryDelaysMs?: readonly number[];
}

interface Slot<A> {
  value: A;
  /** Bumped on every change; a save of an older version does not mark the latest saved. */
  version: number;
  savedVersion: number;
  timer: ReturnType<typeof setTimeout> | null;
  inFlight: Promise<void> | null;
  failures: number;
  /** A refusal that retrying will not fix; cleared by the next change. */
  refused: boolean;
}

export class Autosaver<A> {
  private readonly slots = new Map<string, Slot<A>>();
  private readonly delayMs: number;
  private readonly retryDelaysMs: readonly number[];
  private stopped = false;
  private readonly forgotten = new Set<string>();

  constructor(private readonly options: AutosaveOptions<A>) {
    this.delayMs = options.delayMs ?? 800;
    this.retryDelaysMs = options.retryDelaysMs ?? [2000, 5000, 10000, 20000];
  }

  /** The learner changed an answer. */
  change(questionId: string, value: A): void {
    if (this.stopped || this.forgotten.has(questionId)) return;
    const slot = this.slots.get(questionId) ?? { value, version: 0, savedVersion: 0, timer: null, inFlight: null, failures: 0, refused: false };
    slot.value = value;
    slot.version++;
    slot.refused = false;
    slot.failures = 0;
    this.slots.set(questionId, slot);
    this.schedule(questionId, slot, this.delayMs);
    this.options.onState(questionId, { kind: 'pending' });
  }

  /** Whether any answer is changed but not yet saved. */
  get hasUnsaved(): boolean {
    for (const slot of this.slots.values()) if (slot.savedVersion !== slot.version) return true;
    return false;
  }

  /**
   * Saves every unsaved answer now and waits. True when all are saved; false when some could
   * not be (their states say why).
   */
  async flush(): Promise<boolean> {
    for (;;) {
      const waits: Promise<void>[] = [];
      for (const [id, slot] of this.slots) {
        if (slot.timer) {
          clearTimeout(slot.timer);
          slot.timer = null;
        }
        if (slot.inFlight) waits.push(slot.inFlight);
        else if (slot.savedVersion !== slot.version && !slot.refused && !this.stopped) waits.push(this.run(id, slot, false));
      }
      if (waits.length === 0) break;
      await Promise.all(waits);
      // A save that failed once gets this one more try from flush, no more.
      if ([...this.slots.values()].every((s) => s.savedVersion === s.version || s.refused || s.failures > 0)) break;
    }
    return !this.hasUnsaved;
  }

  /**
   * Stops saving one question (its answer became final elsewhere, e.g. checked in immediate
   * feedback mode, which sends the answer itself): drops a pending save and waits for one in flight.
   */
  async forget(questionId: string): Promise<void> {
    this.forgotten.add(questionId);
    const slot = this.slots.get(questionId);
    if (!slot) return;
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.savedVersion = slot.version;
    if (slot.inFlight) await slot.inFlight;
    slot.savedVersion = slot.version;
  }

  /** Undoes {@link forget} (the check that made the answer final failed): changes save again. */
  resume(questionId: string): void {
    this.forgotten.delete(questionId);
  }

  /** Stops every timer (the attempt ended, or the island unmounts). */
  stop(): void {
    this.stopped = true;
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      slot.timer = null;
    }
  }

  private schedule(questionId: string, slot: Slot<A>, delay: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = setTimeout(() => {
      slot.timer = null;
      if (slot.inFlight) return; // run() saves again when it finishes
      void this.run(questionId, slot, true);
    }, delay);
  }

  private run(questionId: string, slot: Slot<A>, retryOnFailure: boolean): Promise<void> {
    const version = slot.version;
    const value = slot.value;
    this.options.onState(questionId, { kind: 'saving' });
    const done = (async () => {
      let outcome: SaveOutcome;
      try {
        outcome = await this.options.save(questionId, value);
      } catch (error) {
        outcome = { ok: false, message: error instanceof Error ? error.message : String(error), retry: true };
      }
      slot.inFlight = null;
      if (this.stopped || this.forgotten.has(questionId)) return;
      if (outcome.ok) {
        slot.failures = 0;
        slot.savedVersion = Math.max(slot.savedVersion, version);
        if (slot.version === version) this.options.onState(questionId, { kind: 'saved', savedAt: outcome.savedAt });
        else if (!slot.timer) this.schedule(questionId, slot, this.delayMs);
        return;
      }
      if (slot.version !== version) {
        // Changed meanwhile: the newer value is saved on its own schedule.
        if (!slot.timer) this.schedule(questionId, slot, this.delayMs);
        return;
      }
      slot.failures++;
      if (!outcome.retry) {
        slot.refused = true;
        this.options.onState(questionId, { kind: 'error', message: outcome.message, retrying: false, code: outcome.code });
        return;
      }
      this.options.onState(questionId, { kind: 'error', message: outcome.message, retrying: retryOnFailure, code: outcome.code });
      if (retryOnFailure) {
        const wait = this.retryDelaysMs[Math.min(slot.failures - 1, this.retryDelaysMs.length - 1)] ?? this.delayMs;
        this.schedule(questionId, slot, wait);
      }
    })();
    slot.inFlight = done;
    return done;
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Autosaver, type SaveOutcome, type SaveState } from './autosave';

/** A save function whose answers the test releases one by one. */
function controlledSave() {
  const calls: Array<{ questionId: string; answer: string; resolve: (o: SaveOutcome) => void }> = [];
  const save = (questionId: string, answer: string) => new Promise<SaveOutcome>((resolve) => calls.push({ questionId, answer, resolve }));
  return { calls, save };
}

function recorder() {
  const states: Array<[string, SaveState['kind']]> = [];
  const last = new Map<string, SaveState>();
  return {
    states,
    last,
    onState: (id: string, s: SaveState) => {
      states.push([id, s.kind]);
      last.set(id, s);
    },
  };
}

const ok = (savedAt = '2026-01-01T00:00:00.000Z'): SaveOutcome => ({ ok: true, savedAt });

describe('Autosaver', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('saves once after the learner pauses, with the latest value', async () => {
    const { calls, save } = controlledSave();
    const rec = recorder();
    const saver = new Autosaver<string>({ save, onState: rec.onState, delayMs: 500 });
    saver.change('q1', 'P');
    await vi.advanceTimersByTimeAsync(300);
    saver.change('q1', 'Pa');
    await vi.advanceTimersByTimeAsync(300);
    saver.change('q1', 'Par');
    expect(calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500);
    expect(calls.map((c) => c.answer)).toEqual(['Par']);
    expect(saver.hasUnsaved).toBe(true);
    calls[0]!.resolve(ok());
    await vi.advanceTimersByTimeAsync(0);
    expect(rec.last.get('q1')).toEqual({ kind: 'saved', savedAt: '2026-01-01T00:00:00.000Z' });
    expect(saver.hasUnsaved).toBe(false);
  });

  it('never runs two saves of one question at once, and saves a change made during a save afterwards', async () => {
    const { calls, save } = controlledSave();
    const rec = recorder();
    const saver = new Autosaver<string>({ save, onState: rec.onState, delayMs: 100 });
    saver.change('q1', 'a');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(1);
    saver.change('q1', 'b');
    await vi.advanceTimersByTimeAsync(500);
    // The first is still in flight: no second request yet.
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(ok());
    await vi.advanceTimersByTimeAsync(0);
    // The older value was saved, but the question is not "saved": b is waiting.
    expect(rec.last.get('q1')?.kind).not.toBe('saved');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.answer)).toEqual(['a', 'b']);
    calls[1]!.resolve(ok());
    await vi.advanceTimersByTimeAsync(0);
    expect(rec.last.get('q1')?.kind).toBe('saved');
  });

  it('saves different questions independently', async () => {
    const { calls, save } = controlledSave();
    const saver = new Autosaver<string>({ save, onState: () => {}, delayMs: 100 });
    saver.change('q1', 'x');
    saver.change('q2', 'y');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => [c.questionId, c.answer]).sort()).toEqual([
      ['q1', 'x'],
      ['q2', 'y'],
    ]);
  });

  it('retries a save that may work later with growing waits, and reports it', async () => {
    let attempts = 0;
    const rec = recorder();
    const saver = new Autosaver<string>({
      save: async () => {
        attempts++;
        return attempts < 3 ? { ok: false, message: 'offline', retry: true } : ok();
      },
      onState: rec.onState,
      delayMs: 100,
      retryDelaysMs: [1000, 3000],
    });
    saver.change('q1', 'v');
    await vi.advanceTimersByTimeAsync(100);
    expect(attempts).toBe(1);
    expect(rec.last.get('q1')).toMatchObject({ kind: 'error', retrying: true, message: 'offline' });
    await vi.advanceTimersByTimeAsync(999);
    expect(attempts).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(2999);
    expect(attempts).toBe(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempts).toBe(3);
    expect(rec.last.get('q1')?.kind).toBe('saved');
  });

  it('stops at a refusal until the answer changes again', async () => {
    let attempts = 0;
    const rec = recorder();
    const saver = new Autosaver<string>({
      save: async (_id, answer) => {
        attempts++;
        return answer === 'bad' ? { ok: false, message: 'answer.value: not a number', retry: false, code: 'invalid-answer' } : ok();
      },
      onState: rec.onState,
      delayMs: 100,
    });
    saver.change('q1', 'bad');
    await vi.advanceTimersByTimeAsync(100);
    expect(rec.last.get('q1')).toEqual({ kind: 'error', message: 'answer.value: not a number', retrying: false, code: 'invalid-answer' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attempts).toBe(1);
    expect(await saver.flush()).toBe(false);
    expect(attempts).toBe(1);
    saver.change('q1', '42');
    await vi.advanceTimersByTimeAsync(100);
    expect(attempts).toBe(2);
    expect(rec.last.get('q1')?.kind).toBe('saved');
  });

  it('flush saves everything pending at once and says whether all were saved', async () => {
    const saved: string[] = [];
    const saver = new Autosaver<string>({
      save: async (id, answer) => {
        saved.push(`${id}=${answer}`);
        return ok();
      },
      onState: () => {},
      delayMs: 10_000,
    });
    saver.change('q1', 'a');
    saver.change('q2', 'b');
    const flushed = saver.flush();
    await vi.advanceTimersByTimeAsync(0);
    await expect(flushed).resolves.toBe(true);
    expect(saved.sort()).toEqual(['q1=a', 'q2=b']);
    // The debounce timers were cancelled: nothing is saved twice.
    await vi.advanceTimersByTimeAsync(20_000);
    expect(saved).toHaveLength(2);
  });

  it('flush waits for a save in flight and then saves the newer value', async () => {
    const { calls, save } = controlledSave();
    const saver = new Autosaver<string>({ save, onState: () => {}, delayMs: 100 });
    saver.change('q1', 'old');
    await vi.advanceTimersByTimeAsync(100);
    saver.change('q1', 'new');
    const flushed = saver.flush();
    calls[0]!.resolve(ok());
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.map((c) => c.answer)).toEqual(['old', 'new']);
    calls[1]!.resolve(ok());
    await expect(flushed).resolves.toBe(true);
  });

  it('flush reports false when the network keeps failing, and a thrown error counts as retryable', async () => {
    const rec = recorder();
    const saver = new Autosaver<string>({
      save: async () => {
        throw new Error('socket hang up');
      },
      onState: rec.onState,
      delayMs: 100,
    });
    saver.change('q1', 'a');
    await expect(saver.flush()).resolves.toBe(false);
    expect(rec.last.get('q1')).toMatchObject({ kind: 'error', message: 'socket hang up' });
  });

  it('stop cancels pending saves', async () => {
    const { calls, save } = controlledSave();
    const saver = new Autosaver<string>({ save, onState: () => {}, delayMs: 100 });
    saver.change('q1', 'a');
    saver.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(0);
    saver.change('q1', 'b');
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toHaveLength(0);
  });

  it('forget drops a pending save, waits for one in flight, and never saves that question again', async () => {
    const { calls, save } = controlledSave();
    const rec = recorder();
    const saver = new Autosaver<string>({ save, onState: rec.onState, delayMs: 100 });
    saver.change('q1', 'a');
    await vi.advanceTimersByTimeAsync(100);
    expect(calls.map((c) => c.answer)).toEqual(['a']);
    saver.change('q1', 'b');
    saver.change('q2', 'x');
    let forgotten = false;
    const done = saver.forget('q1').then(() => (forgotten = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(forgotten).toBe(false);
    calls[0]!.resolve(ok());
    await done;
    await vi.advanceTimersByTimeAsync(1000);
    saver.change('q1', 'c');
    await vi.advanceTimersByTimeAsync(1000);
    // q1 was saved once ('a'); 'b' and 'c' never; q2 goes on as before.
    expect(calls.map((c) => `${c.questionId}=${c.answer}`)).toEqual(['q1=a', 'q2=x']);
    calls[1]!.resolve(ok());
    await vi.advanceTimersByTimeAsync(0);
    expect(saver.hasUnsaved).toBe(false);
  });
});

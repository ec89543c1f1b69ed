import { describe, expect, it } from 'vitest';
import { decodeFlash, encodeFlash } from './flash';

describe('flash messages', () => {
  it('survive the round trip through a cookie', () => {
    expect(decodeFlash(encodeFlash({ kind: 'success', text: 'Lesson marked complete.' }))).toEqual({ kind: 'success', text: 'Lesson marked complete.' });
  });

  it('are cut to a sensible length', () => {
    expect(decodeFlash(encodeFlash({ kind: 'info', text: 'x'.repeat(1000) }))?.text).toHaveLength(300);
  });

  it('ignore values we did not write', () => {
    for (const raw of ['', 'not json', '{"kind":"evil","text":"x"}', '{"kind":"info"}', '{"kind":"info","text":""}', 'null', null]) {
      expect(decodeFlash(raw), String(raw)).toBeNull();
    }
  });
});

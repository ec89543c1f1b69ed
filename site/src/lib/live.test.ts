import { describe, expect, it } from 'vitest';
import { parseSeatAction, parseSessionId, seatsLabel } from './live';

describe('live session helpers', () => {
  it('parses ids and seat actions strictly', () => {
    expect(parseSessionId('12')).toBe(12);
    expect(parseSessionId('0')).toBeNull();
    expect(parseSessionId('12abc')).toBeNull();
    expect(parseSessionId(undefined)).toBeNull();
    expect(parseSeatAction('reserve')).toBe('reserve');
    expect(parseSeatAction('delete')).toBeNull();
  });
  it('says how many seats are left', () => {
    expect(seatsLabel(0, 10)).toBe('Full');
    expect(seatsLabel(3, 10)).toBe('3 of 10 seats left');
    expect(seatsLabel(1, 1)).toBe('1 of 1 seat left');
  });
});

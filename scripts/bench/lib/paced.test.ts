import { describe, expect, it } from 'vitest';
import { arrivalOffsets } from './paced';

describe('arrivalOffsets', () => {
  it('spaces 1,000 requests a minute evenly: 60 ms apart, 1,000 in 60 s', () => {
    const offsets = arrivalOffsets(1000 / 60, 60);
    expect(offsets).toHaveLength(1000);
    expect(offsets[0]).toBe(0);
    expect(offsets[1]).toBeCloseTo(60, 3);
    expect(offsets.at(-1)).toBeCloseTo(999 * 60, 3);
  });

  it('plans whole requests only, and none for a zero rate or duration', () => {
    expect(arrivalOffsets(20, 1.5)).toHaveLength(30);
    expect(arrivalOffsets(3, 1)).toEqual([0, 333.333, 666.667]);
    expect(arrivalOffsets(0, 10)).toEqual([]);
    expect(arrivalOffsets(10, 0)).toEqual([]);
  });
});

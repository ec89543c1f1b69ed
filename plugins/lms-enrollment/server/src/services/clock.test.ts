import { describe, expect, it } from 'vitest';
import { testClockEnabled } from './clock';

describe('test clock switch', () => {
  it('is on only with NODE_ENV=test and LMS_TEST_CLOCK=true together', () => {
    expect(testClockEnabled({ NODE_ENV: 'test', LMS_TEST_CLOCK: 'true' })).toBe(true);
    expect(testClockEnabled({ NODE_ENV: 'production', LMS_TEST_CLOCK: 'true' })).toBe(false);
    expect(testClockEnabled({ NODE_ENV: 'development', LMS_TEST_CLOCK: 'true' })).toBe(false);
    expect(testClockEnabled({ NODE_ENV: 'test' })).toBe(false);
    expect(testClockEnabled({ NODE_ENV: 'test', LMS_TEST_CLOCK: '1' })).toBe(false);
  });
});

import { GamificationError } from '../domain/errors';

/** Runs `fn` and returns the GamificationError it throws, so a test asserts on `code` and `field`. */
export function gamificationErrorOf(fn: () => unknown): GamificationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof GamificationError) return e;
    throw e;
  }
  throw new Error('expected a GamificationError, nothing was thrown');
}

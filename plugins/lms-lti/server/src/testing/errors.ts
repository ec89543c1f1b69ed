import { LtiError } from '../domain/errors';

/** The LtiError a promise rejects with; fails the test when it resolves or throws something else. */
export async function rejection(promise: Promise<unknown>): Promise<LtiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LtiError) return error;
    throw error;
  }
  throw new Error('expected an LtiError, but it succeeded');
}

/** The LtiError a function throws; same rules. */
export function thrown(fn: () => unknown): LtiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof LtiError) return error;
    throw error;
  }
  throw new Error('expected an LtiError, but it succeeded');
}

/** Command-line values of the benchmarks, checked with a message naming the option. */

export function wholeNumber(name: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min}, got "${value}"`);
  return n;
}

export function numberBetween(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** A database name kept by an earlier --keep run. */
export function databaseName(value: string | undefined): string | undefined {
  if (value !== undefined && !/^[a-z0-9_]+$/.test(value)) throw new Error(`--database must be a database name such as lms_bench_test_abc123, got "${value}"`);
  return value;
}

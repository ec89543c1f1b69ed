import { readDate } from '../db';

/**
 * Rows as they go into an export: timestamps as ISO text (SQLite hands back epoch numbers),
 * JSON text parsed when asked, other values as they are.
 */
export function rowsForExport(rows: ReadonlyArray<Record<string, unknown>>, opts: { dates?: readonly string[]; json?: readonly string[]; omit?: readonly string[] } = {}): Array<Record<string, unknown>> {
  const dates = new Set(opts.dates ?? []);
  const json = new Set(opts.json ?? []);
  const omit = new Set(opts.omit ?? []);
  return rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (omit.has(key)) continue;
      if (dates.has(key) || key.endsWith('_at')) out[key] = value === null || value === undefined ? null : (readDate(value)?.toISOString() ?? null);
      else if (json.has(key) && typeof value === 'string') {
        try {
          out[key] = JSON.parse(value);
        } catch {
          out[key] = value;
        }
      } else out[key] = value;
    }
    return out;
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../../tests/harness/stack';

/** Writes a benchmark's full results as JSON under .bench/ (git-ignored); returns the path from the repo root. */
export function writeResultsFile(benchmark: string, startedAt: string, results: unknown): string {
  const dir = path.join(repoRoot, '.bench');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${benchmark}-${startedAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return path.relative(repoRoot, file);
}

/**
 * Seeds the demo (accounts, media, catalog) into the database the environment points at.
 * Idempotent: running it again changes nothing.
 *
 *   npx tsx scripts/seed.ts [--summary <file.json>]
 *
 * `--summary` also writes the result as JSON (`npm run up` reads the accounts from it).
 * Exit 0 on success; on any error one line on stderr and exit 1.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { seedDemo, SEEDED_TYPES, type SeedSummary } from '../database/seed';
import { bootStrapi } from './lib/strapi';

function summaryFileArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--summary');
  if (i === -1) return undefined;
  const file = argv[i + 1];
  if (!file || file.startsWith('--')) throw new Error('--summary needs a file name, e.g. --summary .cache/seed-summary.json');
  return path.resolve(file);
}

function printSummary(summary: SeedSummary): void {
  const createdTotal = SEEDED_TYPES.reduce((n, t) => n + summary.created[t], 0);
  console.log(createdTotal === 0 ? 'Demo already seeded: nothing to create.' : `Demo seeded: ${createdTotal} records created.`);
  for (const type of SEEDED_TYPES) {
    console.log(`  ${type.padEnd(21)} ${String(summary.counts[type]).padStart(3)}  (${summary.created[type]} new)`);
  }
  console.log('Logins (password: SEED_PASSWORD):');
  for (const a of summary.accounts) console.log(`  ${a.role.padEnd(12)} ${a.email.padEnd(32)} ${a.where}`);
  const c = summary.demoCertificate;
  console.log(`Demo certificate of ${c.learnerEmail} (${c.courseSlug}): ${c.verifyUrl}`);
}

/** One line a person can act on, including which field Strapi rejected when it says so. */
function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = (error as { details?: { errors?: Array<{ path?: unknown[]; message?: string }> } }).details;
  const first = details?.errors?.[0];
  const field = first?.path?.length ? ` (${first.path.join('.')}: ${first.message ?? 'invalid'})` : '';
  return `${error.message}${field}`;
}

async function main(): Promise<void> {
  const summaryFile = summaryFileArgument(process.argv.slice(2));
  let strapi: Core.Strapi | undefined;
  try {
    strapi = await bootStrapi({ logLevel: 'warn' });
    const summary = await seedDemo(strapi);
    if (summaryFile) {
      fs.mkdirSync(path.dirname(summaryFile), { recursive: true });
      fs.writeFileSync(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
    }
    printSummary(summary);
  } finally {
    await strapi?.destroy();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`seed failed: ${describeError(error)}\n`);
    process.exit(1);
  },
);

/**
 * Micro-benchmark of the certificate renderer alone (no database, no queue), on one core:
 *   taskset -c 0 node --import tsx plugins/lms-grading/server/src/certificates/render.bench.ts [count]
 * Prints renders per second, latency percentiles and RSS along the way (flat memory means no
 * leak per certificate). The target for the full pipeline: ≥ 15/s per core, p95 ≤ 100 ms,
 * RSS growth < 50 MB over 10,000 certificates.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateVerificationCode } from '../domain/verification-code';
import { loadCertificateFonts } from './fonts';
import { renderCertificate, type CertificateTemplate } from './render';

const count = Number(process.argv[2] ?? 1000);
const media = path.resolve(__dirname, '../../../../../database/seed/media');
const names = ['Zoë Ångström', 'Дмитрий Шостакович', 'Αλέξανδρος Παπαδόπουλος', 'Sipho Dlamini', 'Emma van der Merwe', 'Ravi Naidoo'];
const templates: CertificateTemplate[] = [
  {
    orientation: 'landscape',
    titleText: 'Certificate of Completion',
    bodyText: 'This certifies that {learner} completed {course} on {date}. Verification code: {code}.',
    primaryColor: '#1f4e79',
    textColor: '#222222',
    font: 'serif',
    signatoryName: 'Thandi Nkosi',
    signatoryTitle: 'Instructor, Software & Data',
    logo: fs.readFileSync(path.join(media, 'certificate-logo.png')),
    signature: fs.readFileSync(path.join(media, 'signature-thandi-nkosi.png')),
  },
  {
    orientation: 'portrait',
    titleText: 'Certificate of Achievement',
    bodyText: '{learner} has successfully completed {course} on {date}. Verify at any time with code {code}.',
    primaryColor: '#4a1c6b',
    textColor: '#1e1e1e',
    font: 'sans',
    signatoryName: 'Lerato Mokoena',
    signatoryTitle: 'Instructor, Life Skills',
    logo: fs.readFileSync(path.join(media, 'certificate-logo.png')),
    signature: fs.readFileSync(path.join(media, 'signature-lerato-mokoena.png')),
  },
];

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

async function renderOne(i: number): Promise<number> {
  const code = generateVerificationCode();
  const started = performance.now();
  await renderCertificate({
    template: templates[i % templates.length] as CertificateTemplate,
    learnerName: `${names[i % names.length]} ${i}`,
    courseTitle: 'TypeScript Fundamentals',
    issuedAt: new Date(Date.UTC(2026, 10, 22, 9, 30) + i * 1000),
    verificationCode: code,
    verificationUrl: `https://learn.example.com/verify/${code}`,
  });
  return performance.now() - started;
}

async function main(): Promise<void> {
  loadCertificateFonts();
  for (let i = 0; i < 20; i += 1) await renderOne(i);
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    times.push(await renderOne(i));
    if ((i + 1) % Math.max(1, Math.floor(count / 5)) === 0) console.log(`  ${i + 1} rendered, RSS ${mb(process.memoryUsage().rss)} MB`);
  }
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const pct = (p: number) => (times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))] as number).toFixed(1);
  console.log(`${count} certificates in ${seconds.toFixed(1)} s: ${(count / seconds).toFixed(1)} per second`);
  console.log(`latency ms: p50 ${pct(50)}, p95 ${pct(95)}, p99 ${pct(99)}, max ${pct(100)}`);
  console.log(`RSS: ${mb(rssStart)} MB after warm-up → ${mb(process.memoryUsage().rss)} MB at the end`);
}

void main();

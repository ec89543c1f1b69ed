/**
 * `npm run bench:lti`: issue 7's LTI figures.
 *
 * 1. id_token verification with a cached JWKS: lms-lti's `verifyLaunch` (signature, every claim,
 *    roles, nonce callback) on tokens signed by a test platform, in this process; target p99 ≤ 1 ms.
 *    The bare RSA check of the same tokens is measured interleaved, as the floor under the
 *    machine's load at that moment.
 * 2. The full LTI 1.3 login + launch round trip on loopback against the real cms (booted in this
 *    process on a throwaway PostgreSQL database with Redis, as in the tests): GET /login → 303 →
 *    the platform's auth endpoint (tests/harness/lti-platform.ts) → its form_post → POST /launch →
 *    303 to the site's hand-off. One browser at a time, sequentially; each launch is a different
 *    learner's first, so it provisions a user and an enrollment. Target p95 ≤ 150 ms.
 *
 * A measurement, not a test: it exits 0 when a target fails and prints FAIL for it.
 *
 *   npm run bench:lti -- [--verifications 10000] [--launches 300] [--warmup 20] [--short]
 *
 * --short checks the pipeline in under a minute: 1,000 verifications, 30 launches.
 */
import { createPublicKey, verify as rsaVerify, type JsonWebKey } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { LTI_CLAIM, PlatformKeyCache, verifyLaunch } from '../../../plugins/lms-lti/server/src/domain';
import { TestPlatform } from '../../../plugins/lms-lti/server/src/testing/platform';
import { startLtiPlatform } from '../../../tests/harness/lti-platform';
import { runBenchmark } from '../lib/cleanup';
import { wholeNumber } from '../lib/options';
import { startCms } from '../lib/stack';
import { fmt, latencySummary, renderTable, type LatencySummary } from '../lib/stats';

const TARGETS = { verifyP99Ms: 1, launchP95Ms: 150 };

function readOptions() {
  const { values } = parseArgs({
    options: { verifications: { type: 'string' }, launches: { type: 'string' }, warmup: { type: 'string' }, short: { type: 'boolean' } },
  });
  const short = values.short ?? false;
  return {
    verifications: wholeNumber('verifications', values.verifications, short ? 1_000 : 10_000),
    launches: wholeNumber('launches', values.launches, short ? 30 : 300),
    warmup: wholeNumber('warmup', values.warmup, short ? 5 : 20, 0),
  };
}

async function benchVerification(count: number): Promise<{ ours: LatencySummary; cpu: LatencySummary; bare: LatencySummary }> {
  const now = new Date();
  const platform = await TestPlatform.create();
  const registration = platform.registration();
  const keys = new PlatformKeyCache({ fetchJwks: platform.fetchJwks });
  const extra = { [LTI_CLAIM.roles]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'] };
  const tokens: string[] = [];
  for (let i = 0; i < 200; i += 1) tokens.push(await platform.idToken(now, `bench-nonce-${i}`, { ...extra, sub: `learner-${i}` }));
  // Tokens are reused round-robin (signing costs the platform, not us); the nonce callback only counts.
  const verify = (t: string) => verifyLaunch(t, { registration, now, keys, consumeNonce: () => true });
  for (let i = 0; i < 500; i += 1) await verify(tokens[i % tokens.length] as string);
  const publicKey = createPublicKey({ key: platform.jwks().keys[0] as JsonWebKey, format: 'jwk' });
  const ours: number[] = [];
  const bare: number[] = [];
  // CPU time of each verification: what the code costs without the time the process sat
  // descheduled, which on a shared, loaded host dominates the wall-clock tail.
  const cpu: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const jwt = tokens[i % tokens.length] as string;
    const [h, p, s] = jwt.split('.') as [string, string, string];
    let t = performance.now();
    rsaVerify('sha256', Buffer.from(`${h}.${p}`), publicKey, Buffer.from(s, 'base64url'));
    bare.push(performance.now() - t);
    const before = process.cpuUsage();
    t = performance.now();
    await verify(jwt);
    ours.push(performance.now() - t);
    const used = process.cpuUsage(before);
    cpu.push((used.user + used.system) / 1000);
  }
  return { ours: latencySummary(ours), cpu: latencySummary(cpu), bare: latencySummary(bare) };
}

async function benchLaunches(launches: number, warmup: number): Promise<{ summary: LatencySummary; errors: number }> {
  const cms = await startCms({ keep: false, label: 'lms_bench_lti' });
  const { strapi, cmsUrl } = cms;
  const api = `${cmsUrl}/api/lms-lti`;
  const platform = await startLtiPlatform({ toolJwksUrl: `${api}/jwks` });
  try {
    // A published course with one lesson, linked to the platform's registration.
    const course = await strapi.documents('api::course.course').create({
      data: { title: 'LTI bench course', slug: `lti-bench-${Date.now().toString(36)}`, summary: 'bench', level: 'beginner', language: 'en', pricingModel: 'free', priceAmount: 0 },
      status: 'published',
    });
    const registrations = strapi.plugin('lms-lti').service('registrations') as { create(input: Record<string, unknown>): Promise<unknown> };
    await registrations.create({
      name: 'Bench platform',
      issuer: platform.issuer,
      clientId: platform.clientId,
      deploymentIds: [platform.deploymentId],
      authEndpoint: platform.authEndpoint,
      authRequestMethod: 'GET',
      tokenEndpoint: platform.tokenEndpoint,
      tokenAudience: null,
      jwksUrl: platform.jwksUrl,
      courseIds: [course.documentId],
    });

    let errors = 0;
    const once = async (i: number): Promise<number> => {
      const hint = `bench-${i}`;
      platform.launches.set(hint, { sub: `bench-learner-${i}-${Date.now()}` });
      const started = performance.now();
      const login = await fetch(`${api}/login?${new URLSearchParams({ iss: platform.issuer, login_hint: hint, target_link_uri: `${api}/launch`, client_id: platform.clientId })}`, { redirect: 'manual' });
      const auth = await fetch(login.headers.get('location') ?? '');
      const html = await auth.text();
      const field = (name: string) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';
      const launched = await fetch(`${api}/launch`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ id_token: field('id_token'), state: field('state') }),
        redirect: 'manual',
      });
      await launched.arrayBuffer();
      const took = performance.now() - started;
      if (login.status !== 303 || launched.status !== 303 || !(launched.headers.get('location') ?? '').includes('/lti/launch?token=')) errors += 1;
      return took;
    };
    for (let i = 0; i < warmup; i += 1) await once(-1 - i);
    errors = 0;
    const samples: number[] = [];
    for (let i = 0; i < launches; i += 1) samples.push(await once(i));
    return { summary: latencySummary(samples), errors };
  } finally {
    await platform.stop();
  }
}

runBenchmark(async () => {
  const options = readOptions();
  console.log(`bench:lti — ${options.verifications} verifications, ${options.launches} launches (+${options.warmup} warm-up)`);
  const verification = await benchVerification(options.verifications);
  const launch = await benchLaunches(options.launches, options.warmup);
  const row = (label: string, s: LatencySummary) => [label, fmt(s.p50, 3), fmt(s.p95, 3), fmt(s.p99, 3), fmt(s.max, 3)];
  console.log(
    renderTable(['ms', 'p50', 'p95', 'p99', 'max'], [
      row('verifyLaunch (cached JWKS)', verification.ours),
      row('verifyLaunch CPU time', verification.cpu),
      row('bare RSA verify (floor)', verification.bare),
      row('login + launch round trip', launch.summary),
    ]),
  );
  const verdict = (value: number, target: number) => `${value <= target ? 'PASS' : 'FAIL'}  ${fmt(value, 3)} ms vs ≤ ${target} ms (ratio ${fmt(value / target, 2)})`;
  console.log(`id_token verification p99: ${verdict(verification.ours.p99, TARGETS.verifyP99Ms)}`);
  console.log(`login + launch p95:        ${verdict(launch.summary.p95, TARGETS.launchP95Ms)}; ${launch.errors} errors`);
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`);
});

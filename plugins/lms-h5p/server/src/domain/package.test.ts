import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildZip, greetingCardPackage, type ZipEntryInput } from '../testing/zip';
import { isAllowedExtension } from './allow-list';
import { H5pPackageError, type H5pErrorCode } from './errors';
import { checkPackage, DEFAULT_LIMITS, unsafePathReason, type PackageLimits } from './package';

const FIXTURES = `${path.resolve(__dirname, '../../../../../tests/fixtures/h5p')}/`;
const GREETING = `${FIXTURES}greetingcard`;
const card = (change?: (e: ZipEntryInput[]) => ZipEntryInput[]) => greetingCardPackage(GREETING, change);

async function rejection(buffer: Buffer, limits: PackageLimits = DEFAULT_LIMITS): Promise<H5pPackageError> {
  try {
    await checkPackage(buffer, limits);
  } catch (error) {
    if (error instanceof H5pPackageError) return error;
    throw error;
  }
  throw new Error('the package was accepted');
}

async function expectRejected(buffer: Buffer, code: H5pErrorCode, message: RegExp, limits?: PackageLimits) {
  const error = await rejection(buffer, limits);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(message);
  return error;
}

describe('checkPackage: valid packages', () => {
  it('accepts the H5P Hub MultiChoice package with its ten preloaded libraries', async () => {
    const pkg = await checkPackage(readFileSync(`${FIXTURES}H5P.MultiChoice.h5p`));
    expect(pkg.title).toBe('Multiple Choice');
    expect(pkg.mainLibrary).toEqual({ machineName: 'H5P.MultiChoice', majorVersion: 1, minorVersion: 14 });
    expect(pkg.libraries).toContain('H5P.MultiChoice-1.14');
    expect(pkg.libraries).toContain('H5P.Question-1.4');
    expect(pkg.files.find((f) => f.path === 'content/content.json')).toBeDefined();
    expect(pkg.files.length).toBe(187);
    expect(pkg.uncompressedBytes).toBe(pkg.files.reduce((n, f) => n + f.data.length, 0));
  });

  it('accepts the greeting card zipped by the test (root .md, content image, one library)', async () => {
    const pkg = await checkPackage(card());
    expect(pkg.title).toBe('Greeting card');
    expect(pkg.libraries).toEqual(['H5P.GreetingCard-1.0']);
  });

  it('skips macOS and dot-file junk instead of refusing it', async () => {
    const pkg = await checkPackage(card((e) => [...e, { name: '__MACOSX/._h5p.json', data: 'x' }, { name: 'content/.DS_Store', data: 'x' }]));
    expect(pkg.files.some((f) => f.path.includes('MACOSX') || f.path.includes('.DS_Store'))).toBe(false);
  });
});

describe('checkPackage: not a package', () => {
  it('refuses an empty file', () => expectRejected(Buffer.alloc(0), 'empty-file', /empty/));
  it('refuses a file that is not a zip', () => expectRejected(Buffer.from('<?php echo "hi"; ?>'.repeat(10)), 'not-a-zip', /not a zip archive/));
  it('refuses a package over the size limit before opening it', () =>
    expectRejected(card(), 'package-too-large', /the most accepted is/, { ...DEFAULT_LIMITS, maxPackageBytes: 1000 }));
  it('refuses more entries than the limit from the central directory', () =>
    expectRejected(card(), 'too-many-entries', /has 11 entries; the most accepted is 5/, { ...DEFAULT_LIMITS, maxEntries: 5 }));
});

describe('checkPackage: unsafe paths and entry types', () => {
  it('refuses path traversal', async () => {
    const error = await expectRejected(card((e) => [...e, { name: 'content/../../../etc/cron.d/evil.json', data: '{}' }]), 'unsafe-path', /climbs out/);
    expect(error.entry).toBe('content/../../../etc/cron.d/evil.json');
  });
  it('refuses absolute paths', () => expectRejected(card((e) => [...e, { name: '/etc/passwd.txt', data: 'x' }]), 'unsafe-path', /absolute path/));
  it('refuses Windows drive paths and backslashes', async () => {
    await expectRejected(card((e) => [...e, { name: 'C:/evil.txt', data: 'x' }]), 'unsafe-path', /absolute path/);
    await expectRejected(card((e) => [...e, { name: 'content\\..\\evil.txt', data: 'x' }]), 'unsafe-path', /backslash/);
  });
  it('refuses symbolic links', () =>
    expectRejected(card((e) => [...e, { name: 'content/link.json', data: '/etc/passwd', method: 'store', unixMode: 0o120777 }]), 'symlink', /symbolic link/));
  it('names every unsafe path shape', () => {
    expect(unsafePathReason('a/b/c.json')).toBeNull();
    expect(unsafePathReason('a//b')).toMatch(/empty/);
    expect(unsafePathReason('./a')).toMatch(/"\."/);
    expect(unsafePathReason('a\0b')).toMatch(/NUL/);
  });
});

describe('checkPackage: zip bombs', () => {
  const zeros = Buffer.alloc(4 * 1024 * 1024); // deflates to about 4 KB
  const small: PackageLimits = { ...DEFAULT_LIMITS, maxUncompressedBytes: 3 * 1024 * 1024, maxEntryBytes: 3 * 1024 * 1024 };

  it('refuses a package whose central directory declares too many inflated bytes', () =>
    expectRejected(card((e) => [...e, { name: 'content/a.txt', data: zeros.subarray(0, 2 * 1024 * 1024) }, { name: 'content/b.txt', data: zeros.subarray(0, 2 * 1024 * 1024) }]), 'uncompressed-too-large', /zip bomb/, small));

  it('refuses one entry over the per-file limit', () => expectRejected(card((e) => [...e, { name: 'content/big.txt', data: zeros }]), 'entry-too-large', /one file/, small));

  it('counts the bytes actually inflated when the headers lie about the size', async () => {
    // The headers claim 10 bytes; the entry inflates to 4 MiB.
    const error = await rejection(card((e) => [...e, { name: 'content/liar.txt', data: zeros, declaredSize: 10 }]), small);
    expect(['size-mismatch', 'uncompressed-too-large', 'entry-too-large']).toContain(error.code);
    expect(error.entry).toBe('content/liar.txt');
  });

  it('refuses a lying header even within the limits (yauzl checks the declared size)', () =>
    expectRejected(card((e) => [...e, { name: 'content/liar.txt', data: 'x'.repeat(5000), declaredSize: 10 }]), 'size-mismatch', /does not inflate to the size its header declares/));
});

describe('checkPackage: H5P allow-list', () => {
  it('refuses a PHP file anywhere', () => expectRejected(card((e) => [...e, { name: 'H5P.GreetingCard-1.0/shell.php', data: '<?php' }]), 'forbidden-extension', /shell\.php/));
  it('refuses scripts in content (only library folders may hold js and css)', () =>
    expectRejected(card((e) => [...e, { name: 'content/evil.js', data: 'alert(1)' }]), 'forbidden-extension', /outside a library folder/));
  it('refuses html and files without an extension', async () => {
    await expectRejected(card((e) => [...e, { name: 'content/page.html', data: '<script>' }]), 'forbidden-extension', /page\.html/);
    await expectRejected(card((e) => [...e, { name: 'content/README', data: 'x' }]), 'forbidden-extension', /README/);
  });
  it('allows library scripts and content media', () => {
    expect(isAllowedExtension('H5P.X-1.0/x.js', true)).toBe(true);
    expect(isAllowedExtension('content/x.js', false)).toBe(false);
    expect(isAllowedExtension('content/images/x.JPG', false)).toBe(true);
    expect(isAllowedExtension('content/x.swf', false)).toBe(false);
  });
});

describe('checkPackage: h5p.json and libraries', () => {
  const withH5pJson = (json: string) => card((e) => e.map((x) => (x.name === 'h5p.json' ? { ...x, data: json } : x)));

  it('refuses a package without h5p.json', () => expectRejected(card((e) => e.filter((x) => x.name !== 'h5p.json')), 'missing-h5p-json', /no h5p\.json/));
  it('refuses h5p.json that is not JSON', () => expectRejected(withH5pJson('{"title": "x", mainLibrary'), 'bad-json', /h5p\.json.*not valid JSON/));
  it('refuses h5p.json without mainLibrary', () =>
    expectRejected(withH5pJson('{"title":"x","preloadedDependencies":[{"machineName":"H5P.GreetingCard","majorVersion":1,"minorVersion":0}]}'), 'bad-h5p-json', /mainLibrary is missing/));
  it('refuses h5p.json without preloadedDependencies', () => expectRejected(withH5pJson('{"title":"x","mainLibrary":"H5P.GreetingCard"}'), 'bad-h5p-json', /preloadedDependencies is missing/));
  it('refuses a main library that is not among the dependencies', () =>
    expectRejected(
      withH5pJson('{"title":"x","mainLibrary":"H5P.Other","preloadedDependencies":[{"machineName":"H5P.GreetingCard","majorVersion":1,"minorVersion":0}]}'),
      'bad-h5p-json',
      /"H5P.Other" is not among/,
    ));
  it('refuses a dependency that is not in the package', async () => {
    const error = await expectRejected(
      withH5pJson(
        '{"title":"x","mainLibrary":"H5P.GreetingCard","preloadedDependencies":[{"machineName":"H5P.GreetingCard","majorVersion":1,"minorVersion":0},{"machineName":"H5P.JoubelUI","majorVersion":1,"minorVersion":3}]}',
      ),
      'missing-library',
      /library H5P\.JoubelUI 1\.3 \(needed by h5p\.json\) is not in the package/,
    );
    expect(error.entry).toBe('H5P.JoubelUI-1.3/library.json');
  });
  it('refuses a library whose own dependency is missing', () =>
    expectRejected(
      card((e) =>
        e.map((x) =>
          x.name === 'H5P.GreetingCard-1.0/library.json'
            ? { ...x, data: JSON.stringify({ ...JSON.parse(String(x.data)), preloadedDependencies: [{ machineName: 'FontAwesome', majorVersion: 4, minorVersion: 5 }] }) }
            : x,
        ),
      ),
      'missing-library',
      /FontAwesome 4\.5 \(needed by library H5P\.GreetingCard 1\.0\)/,
    ));
  it('refuses a library that loads a script it does not ship', () =>
    expectRejected(card((e) => e.filter((x) => x.name !== 'H5P.GreetingCard-1.0/greetingcard.js')), 'bad-library', /loads "greetingcard\.js"/));
  it('refuses a package without content/content.json', () => expectRejected(card((e) => e.filter((x) => x.name !== 'content/content.json')), 'missing-content', /content\/content\.json/));
  it('refuses content.json that is not JSON', () =>
    expectRejected(card((e) => e.map((x) => (x.name === 'content/content.json' ? { ...x, data: '{nope' } : x))), 'bad-json', /content.*not valid JSON/));
  it('reports a zip written by hand the same as one from a tool', async () => {
    const pkg = await checkPackage(buildZip([{ name: 'content/' }, ...(await import('../testing/zip')).entriesOfFolder(GREETING)]));
    expect(pkg.mainLibrary.machineName).toBe('H5P.GreetingCard');
  });
});

/**
 * Certificates checked with the tools a sceptical reader would use: Debian's qpdf (structure),
 * poppler's pdffonts (every font embedded), pdftotext (the words are really there), pdfinfo
 * (one page, dates from the issue date), and zbarimg on a rendered page (the QR code scans to
 * the verification URL). `npm test` installs qpdf, poppler-utils and zbar-tools when missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateVerificationCode } from '../domain/verification-code';
import { sha256Hex } from './hash';
import { isPng, normaliseImage, UnsupportedImageError } from './images';
import { CertificateInputError, renderCertificate, renderCertificateWithReport, type CertificateInput, type CertificateTemplate } from './render';

const media = path.resolve(__dirname, '../../../../../database/seed/media');
const read = (file: string) => fs.readFileSync(path.join(media, file));

function tool(name: string, pkg: string): string {
  const found = ['/usr/bin', '/usr/local/bin'].map((d) => path.join(d, name)).find((p) => fs.existsSync(p));
  if (!found) throw new Error(`${name} is missing: apt-get install -y ${pkg} (npm test installs it)`);
  return found;
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lms-cert-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function save(name: string, pdf: Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, pdf);
  return file;
}

const run = (cmd: string, pkg: string, args: string[]) => execFileSync(tool(cmd, pkg), args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

function fontsOf(file: string): Array<{ name: string; emb: string }> {
  const lines = run('pdffonts', 'poppler-utils', [file]).trim().split('\n').slice(2);
  return lines.map((line) => {
    const cols = line.trim().split(/\s+/);
    // name, type (may be two words), encoding, emb, sub, uni, object, id: emb is 5th from the end.
    return { name: cols[0] as string, emb: cols[cols.length - 5] as string };
  });
}

const landscape: CertificateTemplate = {
  orientation: 'landscape',
  titleText: 'Certificate of Completion',
  bodyText: 'This certifies that {learner} completed {course} on {date}. Verification code: {code}.',
  primaryColor: '#1f4e79',
  textColor: '#222222',
  font: 'serif',
  signatoryName: 'Thandi Nkosi',
  signatoryTitle: 'Instructor, Software & Data',
  logo: read('certificate-logo.png'),
  signature: read('signature-thandi-nkosi.png'),
};

const portrait: CertificateTemplate = {
  orientation: 'portrait',
  titleText: 'Certificate of Achievement',
  bodyText: '{learner} has successfully completed {course} on {date}. Verify at any time with code {code}.',
  primaryColor: '#4a1c6b',
  textColor: '#1e1e1e',
  font: 'sans',
  signatoryName: 'Lerato Mokoena',
  signatoryTitle: 'Instructor, Life Skills',
  logo: read('certificate-logo.png'),
  signature: read('signature-lerato-mokoena.png'),
};

const issuedAt = new Date('2026-11-22T09:30:00Z');

function input(template: CertificateTemplate, learnerName: string, courseTitle = 'TypeScript Fundamentals'): CertificateInput {
  const verificationCode = generateVerificationCode();
  return { template, learnerName, courseTitle, issuedAt, verificationCode, verificationUrl: `https://learn.example.com/verify/${verificationCode}` };
}

describe('certificate PDFs in Latin, Cyrillic and Greek', () => {
  const cases: Array<[string, CertificateTemplate, string, string]> = [
    ['accented Latin, landscape serif', landscape, 'Zoë Ångström', 'TypeScript Fundamentals'],
    ['Cyrillic, portrait sans', portrait, 'Дмитрий Шостакович', 'Публичные выступления без страха'],
    ['Greek, landscape sans', { ...landscape, font: 'sans' }, 'Αλέξανδρος Παπαδόπουλος', 'Εισαγωγή στη SQL'],
    ['Greek, portrait serif', { ...portrait, font: 'serif' }, 'Αλέξανδρος Παπαδόπουλος', 'Personal Finance in South Africa'],
  ];

  for (const [name, template, learner, course] of cases) {
    it(name, async () => {
      const data = input(template, learner, course);
      const { pdf, uncoveredCharacters } = await renderCertificateWithReport(data);
      expect(uncoveredCharacters).toEqual([]);
      expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
      const file = save(`${name.replace(/\W+/g, '-')}.pdf`, pdf);

      // qpdf: structurally sound (exit status 0, no warnings).
      const check = spawnSync(tool('qpdf', 'qpdf'), ['--check', file], { encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain('No syntax or stream encoding errors found');

      // pdffonts: only our DejaVu faces, every one embedded.
      const fonts = fontsOf(file);
      expect(fonts.length).toBeGreaterThanOrEqual(3);
      for (const font of fonts) {
        expect(font.name).toMatch(/^[A-Z]{6}\+DejaVu(Serif|Sans)/);
        expect(font.emb, font.name).toBe('yes');
      }
      expect(fonts.every((f) => f.name.includes(template.font === 'serif' ? 'DejaVuSerif' : 'DejaVuSans'))).toBe(true);

      // pdftotext: name, course, code and date are real text.
      const text = run('pdftotext', 'poppler-utils', ['-enc', 'UTF-8', file, '-']).normalize('NFC');
      expect(text).toContain(learner);
      expect(text.replace(/\s+/g, ' ')).toContain(course);
      expect(text).toContain(data.verificationCode);
      expect(text).toContain('22 November 2026');

      // pdfinfo: one A4 page, dated from the issue date, titled for the learner.
      const info = run('pdfinfo', 'poppler-utils', ['-isodates', file]);
      expect(info).toMatch(/Pages:\s+1\n/);
      expect(info).toMatch(/CreationDate:\s+2026-11-22T09:30:00Z/);
      expect(info).toMatch(/ModDate:\s+2026-11-22T09:30:00Z/);
      expect(info).toContain(`Title:           ${template.titleText}: ${learner}`);
      expect(info).toMatch(template.orientation === 'landscape' ? /841\.89 x 595\.28 pts \(A4\)/ : /595\.28 x 841\.89 pts \(A4\)/);

      // The QR code scans to the verification URL, and both it and the printed URL are links.
      const png = path.join(dir, 'page');
      run('pdftoppm', 'poppler-utils', ['-png', '-r', '150', '-singlefile', file, png]);
      const scan = spawnSync(tool('zbarimg', 'zbar-tools'), ['-q', '--raw', `${png}.png`], { encoding: 'utf8' });
      expect(scan.stdout.trim()).toBe(data.verificationUrl);
      expect(pdf.toString('latin1').split(`/URI (${data.verificationUrl})`).length - 1).toBe(2);
    });
  }
});

describe('deterministic output', () => {
  it('the same input gives the same bytes, hence the same SHA-256', async () => {
    const data = input(landscape, 'Zoë Ångström');
    const a = await renderCertificate(data);
    const b = await renderCertificate({ ...data, template: { ...data.template, logo: Buffer.from(read('certificate-logo.png')) } });
    expect(sha256Hex(b)).toBe(sha256Hex(a));
    expect(b.equals(a)).toBe(true);
  });

  it('any change in the input changes the bytes', async () => {
    const data = input(landscape, 'Zoë Ångström');
    const base = sha256Hex(await renderCertificate(data));
    const variants: CertificateInput[] = [
      { ...data, issuedAt: new Date(issuedAt.getTime() + 1000) },
      // A regenerated file: same printed date, later ModDate.
      { ...data, revisedAt: new Date(issuedAt.getTime() + 86_400_000) },
      { ...data, learnerName: 'Zoe Angstrom' },
      { ...data, verificationCode: generateVerificationCode() },
      { ...data, template: { ...data.template, primaryColor: '#1f4e7a' } },
    ];
    for (const v of variants) expect(sha256Hex(await renderCertificate(v))).not.toBe(base);
  });

  it('an earlier certificate in another script does not change the text layer of a later one', async () => {
    // DejaVu draws Cyrillic "р"/"а" and Latin "p"/"a" with shared glyphs, and the fonts are shared
    // across documents: the characters a glyph stands for must come from each document's own text.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cert-scripts-'));
    const textOf = (pdf: Buffer, name: string) => {
      const file = path.join(dir, `${name}.pdf`);
      fs.writeFileSync(file, pdf);
      return run('pdftotext', 'poppler-utils', ['-enc', 'UTF-8', file, '-']).normalize('NFC');
    };
    const cyrillic = { ...input(landscape, 'Пётр Арсеньев'), courseTitle: 'Программирование: практика' };
    const latin = { ...input(landscape, 'Pippa Parker'), courseTitle: 'Paper prototypes and apps' };
    const cyrillicFirst = await renderCertificate(cyrillic);
    expect(textOf(cyrillicFirst, 'cyrillic')).toContain('Программирование: практика');
    const latinText = textOf(await renderCertificate(latin), 'latin');
    expect(latinText).toContain('Pippa Parker');
    expect(latinText).toContain('Paper prototypes and apps');
    // And back: the Cyrillic certificate comes out byte for byte as before.
    expect((await renderCertificate(cyrillic)).equals(cyrillicFirst)).toBe(true);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a name typed with combining accents renders as the precomposed name', async () => {
    const data = input(landscape, 'Zoë Ångström');
    const decomposed = await renderCertificate({ ...data, learnerName: 'Zoë Ångström'.normalize('NFD') });
    expect(decomposed.equals(await renderCertificate(data))).toBe(true);
  });

  it('sha256Hex matches the standard test vector', () => {
    expect(sha256Hex(Buffer.from('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('layout limits and input errors', () => {
  it('long names and course titles shrink and wrap but stay on one page', async () => {
    for (const template of [landscape, portrait]) {
      const data = input(template, `${'Maria-Fernanda de los Ángeles Rodríguez-Santisteban '.repeat(3).trim()}`, 'A '.repeat(140).trim());
      const file = save(`long-${template.orientation}.pdf`, await renderCertificate(data));
      expect(run('pdfinfo', 'poppler-utils', [file])).toMatch(/Pages:\s+1\n/);
    }
  });

  it('works without logo, signature or signatory, and with a background image instead of the frame', async () => {
    const bare: CertificateTemplate = { ...landscape, logo: null, signature: null, signatoryName: null, signatoryTitle: null };
    const file = save('bare.pdf', await renderCertificate(input(bare, 'Zoë Ångström')));
    expect(run('pdftotext', 'poppler-utils', [file, '-'])).toContain('Zoë Ångström');
    const withBackground = await renderCertificate(input({ ...portrait, background: read('cover-git-everyday.jpg') }, 'Zoë'));
    const bgFile = save('background.pdf', withBackground);
    expect(spawnSync(tool('qpdf', 'qpdf'), ['--check', bgFile]).status).toBe(0);
    expect(run('pdfimages', 'poppler-utils', ['-list', bgFile])).toMatch(/jpeg/);
  });

  it('reports characters the fonts cannot show', async () => {
    const { uncoveredCharacters } = await renderCertificateWithReport(input(landscape, 'Bruce Lee 李小龍'));
    expect(uncoveredCharacters).toEqual(['李', '小', '龍']);
  });

  it('names the field of bad input', async () => {
    const data = input(landscape, 'Zoë');
    const cases: Array<[CertificateInput, string]> = [
      [{ ...data, learnerName: '  ' }, 'learnerName: is required'],
      [{ ...data, template: { ...landscape, primaryColor: 'blue' } }, 'template.primaryColor: must be a colour like #1f4e79; got "blue"'],
      [{ ...data, verificationUrl: '/verify/x' }, 'verificationUrl: must be an absolute URL; got "/verify/x"'],
      [{ ...data, verificationUrl: 'javascript:alert(1)' }, 'verificationUrl: must be an http(s) URL'],
      [{ ...data, issuedAt: new Date('nope') }, 'issuedAt: must be a valid date'],
      [{ ...data, template: { ...landscape, logo: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>') } }, 'template.logo: only PNG and JPEG images'],
      [{ ...data, template: { ...landscape, orientation: 'square' as never } }, 'template.orientation: must be landscape or portrait'],
    ];
    for (const [bad, message] of cases) {
      const error = await renderCertificate(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CertificateInputError);
      expect((error as Error).message).toContain(message);
    }
  });
});

describe('template images', () => {
  it('palette PNGs with 4 bits per pixel (the seeded logo) become 8-bit RGBA, pixel for pixel', () => {
    const original = read('certificate-logo.png');
    expect(original[24]).toBe(4); // bit depth in IHDR
    const fixed = normaliseImage(original);
    expect(isPng(fixed)).toBe(true);
    expect(fixed[24]).toBe(8);
    expect(fixed[25]).toBe(6); // RGBA
    const a = PNG.sync.read(original);
    const b = PNG.sync.read(fixed);
    expect([b.width, b.height]).toEqual([a.width, a.height]);
    expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
    expect(normaliseImage(original)).toBe(fixed); // cached
  });

  it('JPEGs pass through; other bytes and oversized images are refused', () => {
    const jpeg = read('cover-git-everyday.jpg');
    expect(normaliseImage(jpeg)).toBe(jpeg);
    expect(() => normaliseImage(Buffer.from('GIF89a...'))).toThrow(UnsupportedImageError);
    const huge = Buffer.from(read('certificate-logo.png'));
    huge.writeUInt32BE(100_000, 16);
    huge.writeUInt32BE(100_000, 20);
    expect(() => normaliseImage(huge)).toThrow(/megapixels/);
  });
});

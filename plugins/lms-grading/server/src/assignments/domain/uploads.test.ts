import { describe, expect, it } from 'vitest';
import { makeDocx, makePdf, makeZip } from '../testing/files';
import { acceptedExtensions, checkFileName, checkIncomingFiles, inspectZip, UploadError, verifyFileContent, ZIP_LIMITS } from './uploads';

const MB = 1024 * 1024;
const limits = { accepted: ['pdf', 'docx', 'zip', 'png', 'txt'], maxFileBytes: 5 * MB, maxFiles: 3 };

function uploadError(fn: () => unknown): UploadError {
  try {
    fn();
  } catch (e) {
    if (e instanceof UploadError) return e;
    throw e;
  }
  throw new Error('expected an UploadError');
}

describe('checkFileName', () => {
  it('keeps ordinary names, accents and spaces inside', () => {
    expect(checkFileName('Essay final v2.pdf', 'files[0]')).toBe('Essay final v2.pdf');
    expect(checkFileName('Résumé – Ελένη.docx', 'files[0]')).toBe('Résumé – Ελένη.docx');
  });

  it.each([
    ['../../etc/passwd', 'folder path'],
    ['..', 'not allowed'],
    ['..hidden.pdf', 'not allowed'],
    ['a/b.pdf', 'folder path'],
    ['C:\\Windows\\x.pdf', 'folder path'],
    ['evil\u0000.pdf', 'control characters'],
    ['invoice\u202Efdp.exe', 'control characters'],
    ['report:stream.pdf', '< > :'],
    [' padded.pdf', 'spaces'],
    ['', 'no name'],
  ])('refuses %j (%s) naming the field', (name, why) => {
    const e = uploadError(() => checkFileName(name, 'files[2]'));
    expect(e.field).toBe('files[2]');
    expect(e.code).toBe('invalid-name');
    expect(e.message).toContain(why);
  });

  it('refuses names longer than 200 characters', () => {
    expect(uploadError(() => checkFileName(`${'a'.repeat(201)}.pdf`, 'files[0]')).message).toContain('longer than 200');
  });
});

describe('acceptedExtensions', () => {
  it('keeps the verifiable ones and reports the others', () => {
    expect(acceptedExtensions(' PDF,docx,.zip,exe,pdf ')).toEqual({ accepted: ['pdf', 'docx', 'zip'], unverifiable: ['exe'] });
    expect(acceptedExtensions(null)).toEqual({ accepted: [], unverifiable: [] });
  });
});

describe('checkIncomingFiles', () => {
  it('accepts files within the limits and returns their names', () => {
    expect(checkIncomingFiles([{ name: 'a.pdf', size: 10 }, { name: 'b.PNG', size: 5 * MB }], limits)).toEqual(['a.pdf', 'b.PNG']);
  });

  it('refuses too many files, a type not accepted, an oversized or empty file, naming the file', () => {
    expect(uploadError(() => checkIncomingFiles([1, 2, 3, 4].map((i) => ({ name: `${i}.pdf`, size: 1 })), limits))).toMatchObject({ code: 'too-many-files', field: 'files' });
    expect(uploadError(() => checkIncomingFiles([{ name: 'a.pdf', size: 1 }, { name: 'run.exe', size: 1 }], limits))).toMatchObject({ code: 'type-not-accepted', field: 'files[1]' });
    expect(uploadError(() => checkIncomingFiles([{ name: 'noext', size: 1 }], limits)).message).toContain('files without an extension not accepted');
    const big = uploadError(() => checkIncomingFiles([{ name: 'big.pdf', size: 5 * MB + 1 }], limits));
    expect(big).toMatchObject({ code: 'too-large', field: 'files[0]' });
    expect(big.message).toContain('the limit is 5 MB');
    expect(uploadError(() => checkIncomingFiles([{ name: 'e.txt', size: 0 }], limits))).toMatchObject({ code: 'empty-file' });
  });

  it('says when an assignment takes no files at all', () => {
    expect(uploadError(() => checkIncomingFiles([{ name: 'a.pdf', size: 1 }], { ...limits, accepted: [] })).message).toContain('accepts no files');
  });
});

describe('verifyFileContent', () => {
  it('accepts real PDF, PNG, DOCX, ZIP and UTF-8 text with the content type to serve', () => {
    expect(verifyFileContent('a.pdf', makePdf('hello'), 'f')).toEqual({ contentType: 'application/pdf' });
    expect(verifyFileContent('a.png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'f').contentType).toBe('image/png');
    expect(verifyFileContent('a.docx', makeDocx('hello'), 'f').contentType).toContain('wordprocessingml');
    expect(verifyFileContent('a.zip', makeZip([{ name: 'src/main.py', data: 'print(1)' }]), 'f').contentType).toBe('application/zip');
    expect(verifyFileContent('notes.txt', Buffer.from('Ünïcödé notes\n'), 'f').contentType).toBe('text/plain; charset=utf-8');
    // HTML is served as plain text, never rendered.
    expect(verifyFileContent('page.html', Buffer.from('<script>alert(1)</script>'), 'f').contentType).toBe('text/plain; charset=utf-8');
  });

  it('refuses content that does not match the extension', () => {
    const renamed = uploadError(() => verifyFileContent('essay.pdf', Buffer.from('MZ\x90\x00 this is an exe'), 'files[0]'));
    expect(renamed).toMatchObject({ code: 'content-mismatch', field: 'files[0]' });
    expect(renamed.message).toContain('not a PDF file');
    expect(uploadError(() => verifyFileContent('a.docx', makeZip([{ name: 'x.txt', data: 'x' }]), 'f')).message).toContain('not a Word (.docx) file');
    expect(uploadError(() => verifyFileContent('a.docx', makePdf('x'), 'f')).message).toContain('not a Word (.docx) file');
    expect(uploadError(() => verifyFileContent('a.txt', Buffer.from([0x41, 0x00, 0x42]), 'f')).message).toContain('binary');
    expect(uploadError(() => verifyFileContent('a.txt', Buffer.from([0xc3, 0x28]), 'f')).message).toContain('not UTF-8');
    expect(uploadError(() => verifyFileContent('a.png', Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'f')).message).toContain('not a PNG');
  });

  it('refuses unsafe archives inside zip-based formats', () => {
    const slip = makeZip([{ name: '[Content_Types].xml', data: 'x' }, { name: 'word/../../../evil.sh', data: 'rm -rf /' }]);
    expect(uploadError(() => verifyFileContent('a.docx', slip, 'files[0]'))).toMatchObject({ code: 'unsafe-archive', field: 'files[0]' });
  });
});

describe('inspectZip', () => {
  it('lists the entries with their sizes', () => {
    const zip = makeZip([{ name: 'a.txt', data: 'hello' }, { name: 'dir/b.txt', data: 'world!', store: true }]);
    const result = inspectZip(zip);
    expect(result).toMatchObject({ ok: true, expandedBytes: 11 });
    expect(result.ok && result.entries.map((e) => e.name)).toEqual(['a.txt', 'dir/b.txt']);
  });

  it('accepts an archive whose end record has a comment', () => {
    const zip = makeZip([{ name: 'a.txt', data: 'hello' }]);
    const withComment = Buffer.concat([zip, Buffer.from('a comment')]);
    withComment.writeUInt16LE(9, zip.length - 2);
    expect(inspectZip(withComment).ok).toBe(true);
  });

  it('refuses a zip bomb by its compression ratio', () => {
    const bomb = makeZip([{ name: 'zeros.bin', data: Buffer.alloc(16 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const result = inspectZip(bomb);
    expect(result).toMatchObject({ ok: false, problem: 'bomb' });
    expect(!result.ok && result.message).toMatch(/expands \d+ times its size/);
  });

  it('refuses declared sizes beyond the expanded limit (forged central directory)', () => {
    const zip = makeZip([{ name: 'a.bin', data: 'x' }, { name: 'b.bin', data: 'y' }]);
    // Rewrite both entries' uncompressed size to 0xfffffff0 (about 4 GiB).
    let at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    while (at >= 0) {
      zip.writeUInt32LE(0xfffffff0, at + 24);
      at = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4);
    }
    expect(inspectZip(zip)).toMatchObject({ ok: false, problem: 'bomb' });
    expect(ZIP_LIMITS.maxExpandedBytes).toBeLessThan(0xfffffff0);
  });

  it('refuses zip-slip names, absolute paths and encrypted entries', () => {
    expect(inspectZip(makeZip([{ name: '../outside.txt', data: 'x' }]))).toMatchObject({ ok: false, problem: 'unsafe-entry' });
    expect(inspectZip(makeZip([{ name: 'a\\..\\..\\x.txt', data: 'x' }]))).toMatchObject({ ok: false, problem: 'unsafe-entry' });
    expect(inspectZip(makeZip([{ name: '/etc/cron.d/x', data: 'x' }]))).toMatchObject({ ok: false, problem: 'unsafe-entry' });
    expect(inspectZip(makeZip([{ name: 'C:/x.txt', data: 'x' }]))).toMatchObject({ ok: false, problem: 'unsafe-entry' });
    expect(inspectZip(makeZip([{ name: 'secret.txt', data: 'x', encrypted: true }]))).toMatchObject({ ok: false, problem: 'encrypted' });
  });

  it('refuses truncated archives and non-zips without throwing', () => {
    const zip = makeZip([{ name: 'a.txt', data: 'hello' }]);
    expect(inspectZip(zip.subarray(0, zip.length - 5))).toMatchObject({ ok: false, problem: 'malformed' });
    expect(inspectZip(Buffer.from('PK\x03\x04 but nothing else'))).toMatchObject({ ok: false, problem: 'malformed' });
    expect(inspectZip(Buffer.from('hello'))).toMatchObject({ ok: false, problem: 'not-zip' });
    // Central directory pointing past the end.
    const bad = Buffer.from(zip);
    bad.writeUInt32LE(0x7fffffff, bad.length - 6);
    expect(inspectZip(bad)).toMatchObject({ ok: false, problem: 'malformed' });
  });
});

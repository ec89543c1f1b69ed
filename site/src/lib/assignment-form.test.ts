import { describe, expect, it } from 'vitest';
import { acceptAttribute, assignmentRefusalText, fileTypesText, formatBytes, submissionFormFrom, uploadProblems } from './assignment-form';

const file = (name: string, content = 'x', type = 'application/pdf') => new File([content], name, { type });

describe('submissionFormFrom', () => {
  it('keeps text and files only, dropping the site fields and empty file parts', async () => {
    const posted = new FormData();
    posted.append('_csrf', 'token');
    posted.append('return', '/learn/c/l');
    posted.append('text', 'My essay');
    posted.append('files', file('essay.pdf', '%PDF-1.4'));
    posted.append('files', new File([], ''));
    const result = submissionFormFrom(posted);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...result.form.keys()].sort()).toEqual(['files', 'text']);
    expect(result.form.get('text')).toBe('My essay');
    const sent = result.form.getAll('files') as File[];
    expect(sent.map((f) => f.name)).toEqual(['essay.pdf']);
    await expect(sent[0]!.text()).resolves.toBe('%PDF-1.4');
    expect(result.fileCount).toBe(1);
  });

  it('drops blank text and refuses an empty submission', () => {
    const posted = new FormData();
    posted.append('text', '   ');
    expect(submissionFormFrom(posted)).toEqual({ ok: false, field: 'text', message: 'Write an answer or attach a file before submitting.' });
    posted.append('files', file('a.pdf'));
    const result = submissionFormFrom(posted);
    expect(result.ok && [...result.form.keys()]).toEqual(['files']);
  });

  it('refuses unknown fields and fields of the wrong kind by name', () => {
    const unknown = new FormData();
    unknown.append('text', 'hi');
    unknown.append('comment', 'x');
    expect(submissionFormFrom(unknown)).toMatchObject({ ok: false, field: 'comment' });
    const textAsFile = new FormData();
    textAsFile.append('text', file('t.txt'));
    expect(submissionFormFrom(textAsFile)).toMatchObject({ ok: false, field: 'text' });
    const twice = new FormData();
    twice.append('text', 'a');
    twice.append('text', 'b');
    expect(submissionFormFrom(twice)).toMatchObject({ ok: false, field: 'text', message: 'Send the text once.' });
    const filesAsText = new FormData();
    filesAsText.append('files', 'not a file');
    expect(submissionFormFrom(filesAsText)).toMatchObject({ ok: false, field: 'files' });
  });
});

describe('uploadProblems', () => {
  const rules = { acceptedFileTypes: ['pdf', 'docx'], maxFileSizeMb: 1, maxFiles: 2, maxTextLength: 20 };

  it('accepts what the rules allow', () => {
    expect(uploadProblems('short', [{ name: 'Essay.PDF', size: 1024 * 1024 }], rules)).toEqual([]);
    expect(uploadProblems('only text', [], rules)).toEqual([]);
  });

  it('lists every problem at once, naming the files', () => {
    expect(
      uploadProblems('x'.repeat(21), [
        { name: 'a.pdf', size: 1024 * 1024 + 1 },
        { name: 'b.exe', size: 10 },
        { name: 'noext', size: 10 },
      ], rules),
    ).toEqual([
      'The text is 21 characters long; the limit is 20.',
      'Attach at most 2 files; 3 are selected.',
      '“a.pdf” is larger than 1 MB.',
      '“b.exe” is not a PDF or DOCX file.',
      '“noext” is not a PDF or DOCX file.',
    ]);
    expect(uploadProblems(' ', [], rules)).toEqual(['Write an answer or attach a file before submitting.']);
  });

  it('refuses files where only text is taken', () => {
    expect(uploadProblems('t', [{ name: 'a.pdf', size: 1 }], { ...rules, acceptedFileTypes: [] })).toEqual(['This assignment takes a written answer only; remove the attached files.']);
  });
});

describe('words', () => {
  it('describes types and sizes', () => {
    expect(acceptAttribute(['pdf', '.DOCX'])).toBe('.pdf,.docx');
    expect(fileTypesText(['pdf'])).toBe('PDF');
    expect(fileTypesText(['pdf', 'docx', 'zip'])).toBe('PDF, DOCX or ZIP');
    expect(formatBytes(12)).toBe('12 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB');
  });

  it('puts refusals in words with the server detail', () => {
    expect(assignmentRefusalText({ status: 409, message: 'this assignment is graded and does not allow resubmission', details: { code: 'already-graded' } })).toBe(
      'Your submission has been graded, and this assignment does not take resubmissions. This assignment is graded and does not allow resubmission.',
    );
    expect(assignmentRefusalText({ status: 413, message: 'files[0]: larger than 10 MB', details: { field: 'files[0]' } })).toBe('A file is too large. Files[0]: larger than 10 MB.');
    expect(assignmentRefusalText({ status: 409, message: '', details: { code: 'already-submitted' } })).toMatch(/^You have submitted this assignment\./);
  });
});

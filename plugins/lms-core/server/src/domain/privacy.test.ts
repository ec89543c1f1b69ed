import { describe, expect, it } from 'vitest';
import { anonymousIdentity, anonymousReference, archiveEntries, EXPORT_COOLDOWN_MINUTES, nextExportAllowedAt, tableToCsv } from './privacy';

describe('anonymousReference', () => {
  it('is stable per user and secret, differs across users and secrets, and hides the id', () => {
    const a = anonymousReference(42, 'k1');
    expect(a).toMatch(/^erased:[0-9a-f]{16}$/);
    expect(anonymousReference(42, 'k1')).toBe(a);
    expect(anonymousReference(43, 'k1')).not.toBe(a);
    expect(anonymousReference(42, 'k2')).not.toBe(a);
    expect(a).not.toContain('42');
  });

  it('gives the account a unique username and an address that cannot receive mail', () => {
    expect(anonymousIdentity('erased:0123456789abcdef')).toEqual({ username: 'erased-0123456789abcdef', email: 'erased-0123456789abcdef@erased.invalid' });
  });
});

describe('tableToCsv', () => {
  it('uses the union of the rows keys as header and JSON for nested values', () => {
    const csv = tableToCsv([
      { id: 1, text: 'a, "quoted"' },
      { id: 2, answer: { optionId: 'x' }, at: new Date('2026-01-02T03:04:05Z') },
    ]);
    expect(csv).toBe('id,text,answer,at\r\n1,"a, ""quoted""",,\r\n2,,"{""optionId"":""x""}",2026-01-02T03:04:05.000Z\r\n');
  });

  it('guards against spreadsheet formulas in learner text', () => {
    expect(tableToCsv([{ username: '=1+2' }])).toBe("username\r\n'=1+2\r\n");
  });
});

describe('archiveEntries', () => {
  const at = new Date('2026-12-03T00:00:00Z');

  it('puts everything in data.json and one CSV per provider table', () => {
    const entries = archiveEntries({ userId: 7, generatedAt: at }, new Map([['lms-grading', { tables: { quiz_answers: [{ id: 1 }], certificates: [] } }]]));
    expect(entries.map((e) => e.name)).toEqual(['README.txt', 'data.json', 'csv/lms-grading.quiz_answers.csv', 'csv/lms-grading.certificates.csv']);
    expect(JSON.parse(String(entries[1]?.data))).toEqual({ userId: 7, generatedAt: at.toISOString(), data: { 'lms-grading': { quiz_answers: [{ id: 1 }], certificates: [] } } });
  });

  it('refuses table names that could become paths', () => {
    expect(() => archiveEntries({ userId: 7, generatedAt: at }, new Map([['x', { tables: { '../up': [] } }]]))).toThrow(/table name/);
  });
});

describe('nextExportAllowedAt', () => {
  const now = new Date('2026-12-03T12:00:00Z');
  it('allows the first export and one per cooldown', () => {
    expect(nextExportAllowedAt(null, now)).toBeNull();
    expect(nextExportAllowedAt(new Date(now.getTime() - EXPORT_COOLDOWN_MINUTES * 60_000), now)).toBeNull();
    expect(nextExportAllowedAt(new Date(now.getTime() - 60_000), now)).toEqual(new Date(now.getTime() + (EXPORT_COOLDOWN_MINUTES - 1) * 60_000));
  });
});

import { describe, expect, it } from 'vitest';
import { dripLabel, formatDuration, formatFileSize, formatMinutes, languageLabel, levelLabel, plural } from './format';

describe('format', () => {
  it('labels levels and languages', () => {
    expect(levelLabel('intermediate')).toBe('Intermediate');
    expect(languageLabel('en')).toBe('English');
    expect(languageLabel('af')).toBe('Afrikaans');
    expect(languageLabel('not a code!')).toBe('not a code!');
  });

  it('formats durations', () => {
    expect(formatMinutes(0)).toBe('0 min');
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(125)).toBe('2 h 5 min');
  });

  it('formats media lengths like a player does', () => {
    expect(formatDuration(6)).toBe('0:06');
    expect(formatDuration(245)).toBe('4:05');
    expect(formatDuration(3723)).toBe('1:02:03');
  });

  it('formats Strapi file sizes given in kilobytes', () => {
    expect(formatFileSize(0.5)).toBe('500 B');
    expect(formatFileSize(245.3)).toBe('245 KB');
    expect(formatFileSize(2048)).toBe('2.0 MB');
    expect(formatFileSize(null)).toBeNull();
  });

  it('pluralises', () => {
    expect(plural(1, 'course')).toBe('1 course');
    expect(plural(1200, 'course')).toBe('1,200 courses');
  });

  it('describes drip schedules', () => {
    expect(dripLabel({ type: 'none', days: null, date: null })).toBeNull();
    expect(dripLabel({ type: 'after_days', days: 7, date: null })).toBe('Opens 7 days after you enroll');
    expect(dripLabel({ type: 'on_date', days: null, date: '2026-03-01' })).toBe('Opens on March 1, 2026');
    expect(dripLabel({ type: 'on_date', days: null, date: 'garbage' })).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { accountErrorMessage, newPasswordError, readForgotPasswordForm, readLoginForm, readRegisterForm, readResetPasswordForm } from './account-forms';

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) data.set(k, v);
  return data;
};

describe('account forms', () => {
  it('reads a login and names each empty field', () => {
    expect(readLoginForm(form({ identifier: ' a@b.co ', password: 'pw' }))).toEqual({
      ok: true,
      data: { identifier: 'a@b.co', password: 'pw' },
      values: { identifier: 'a@b.co' },
    });
    expect(readLoginForm(form({}))).toEqual({
      ok: false,
      errors: { identifier: 'Enter your email address.', password: 'Enter your password.' },
      values: { identifier: '' },
    });
  });

  it('normalises the email of a registration and never echoes passwords', () => {
    const result = readRegisterForm(form({ email: ' Ada@Example.COM ', password: 'correct horse', passwordConfirmation: 'correct horse' }));
    expect(result).toEqual({ ok: true, data: { fullName: null, email: 'ada@example.com', password: 'correct horse' }, values: { fullName: '', email: 'ada@example.com' } });
  });

  it('takes an optional full name (as certificates print it), tidied, and refuses control characters or a novel', () => {
    const fields = { email: 'zoe@example.com', password: 'correct horse', passwordConfirmation: 'correct horse' };
    expect(readRegisterForm(form({ ...fields, fullName: '  Zoë   Ndlovu-Ångström ' }))).toMatchObject({ ok: true, data: { fullName: 'Zoë Ndlovu-Ångström' } });
    expect(readRegisterForm(form({ ...fields, fullName: 'Zoe\u0308' }))).toMatchObject({ ok: true, data: { fullName: 'Zoë' } });
    expect(readRegisterForm(form({ ...fields, fullName: 'A\u0007B' }))).toMatchObject({ ok: false, errors: { fullName: 'Use letters, spaces and punctuation only.' } });
    expect(readRegisterForm(form({ ...fields, fullName: 'x'.repeat(201) }))).toMatchObject({ ok: false, errors: { fullName: 'Use at most 200 characters.' } });
  });

  it('explains what is wrong with a registration, field by field', () => {
    const result = readRegisterForm(form({ email: 'ada@', password: 'short', passwordConfirmation: '' }));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.email).toBe('Enter an email address like name@example.com.');
      expect(result.errors.password).toBe('Use at least 8 characters.');
      expect(result.errors.passwordConfirmation).toBeUndefined();
    }
    const mismatch = readRegisterForm(form({ email: 'ada@example.com', password: 'long enough', passwordConfirmation: 'long enougH' }));
    expect(mismatch).toMatchObject({ ok: false, errors: { passwordConfirmation: 'The two passwords are not the same.' } });
  });

  it('limits new passwords to what bcrypt reads', () => {
    expect(newPasswordError('é'.repeat(36))).toBeUndefined(); // 72 bytes
    expect(newPasswordError('é'.repeat(37))).toMatch(/at most 72 bytes/);
    expect(newPasswordError('        ')).toBe('A password cannot be only spaces.');
    expect(newPasswordError('')).toBe('Choose a password.');
  });

  it('checks the reset code and the new password', () => {
    expect(readResetPasswordForm(form({ code: 'ab12', password: 'new password', passwordConfirmation: 'new password' }))).toMatchObject({
      ok: true,
      data: { code: 'ab12', password: 'new password' },
    });
    expect(readResetPasswordForm(form({ code: 'a b', password: 'new password', passwordConfirmation: 'new password' }))).toMatchObject({
      ok: false,
      errors: { code: expect.stringContaining('reset link is incomplete') },
    });
  });

  it('asks for an email to send a reset link to', () => {
    expect(readForgotPasswordForm(form({ email: 'A@B.CO' }))).toMatchObject({ ok: true, data: { email: 'a@b.co' } });
    expect(readForgotPasswordForm(form({ email: '' }))).toMatchObject({ ok: false, errors: { email: 'Enter your email address.' } });
  });

  it('rephrases the cms’s account errors for learners', () => {
    expect(accountErrorMessage(400, 'Invalid identifier or password')).toBe('That email and password do not match an account.');
    expect(accountErrorMessage(400, 'Email or Username are already taken')).toMatch(/already exists/);
    expect(accountErrorMessage(400, 'Incorrect code provided')).toMatch(/already been used/);
    expect(accountErrorMessage(429, 'Too many requests, please try again later.')).toMatch(/^Too many attempts/);
    expect(accountErrorMessage(400, 'Something specific')).toBe('Something specific');
  });
});

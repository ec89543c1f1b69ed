/**
 * Reading and checking the account forms (log in, register, forgot and reset password) before
 * anything is sent to the cms, so a learner gets one message per field, next to the field.
 * Pure: works on FormData, unit-tested.
 */

export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads 72 bytes; users-permissions refuses longer passwords. */
export const PASSWORD_MAX_BYTES = 72;

export type FieldErrors<F extends string> = Partial<Record<F, string>>;

export type FormResult<F extends string, D> =
  | { ok: true; data: D; values: Partial<Record<F, string>> }
  | { ok: false; errors: FieldErrors<F>; values: Partial<Record<F, string>> };

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
};

// A pragmatic shape check; the cms has the final word (and says "Email already taken").
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function emailError(email: string): string | undefined {
  if (!email) return 'Enter your email address.';
  if (email.length > 254 || !EMAIL.test(email)) return 'Enter an email address like name@example.com.';
  return undefined;
}

/** The problem with a new password, or undefined when it is acceptable. */
export function newPasswordError(password: string): string | undefined {
  if (!password) return 'Choose a password.';
  if ([...password].length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES) return `Use at most ${PASSWORD_MAX_BYTES} bytes (about ${PASSWORD_MAX_BYTES} letters).`;
  if (!password.trim()) return 'A password cannot be only spaces.';
  return undefined;
}

function done<F extends string, D>(errors: FieldErrors<F>, values: Partial<Record<F, string>>, data: D): FormResult<F, D> {
  return Object.keys(errors).length ? { ok: false, errors, values } : { ok: true, data, values };
}

export function readLoginForm(form: FormData): FormResult<'identifier' | 'password', { identifier: string; password: string }> {
  const identifier = text(form, 'identifier').trim();
  const password = text(form, 'password');
  const errors: FieldErrors<'identifier' | 'password'> = {};
  if (!identifier) errors.identifier = 'Enter your email address.';
  if (!password) errors.password = 'Enter your password.';
  return done(errors, { identifier }, { identifier, password });
}

/** Longest full name accepted (the cms's `fullName` attribute). */
export const FULL_NAME_MAX_LENGTH = 200;

type RegisterField = 'fullName' | 'email' | 'password' | 'passwordConfirmation';
/** Registration: the full name is optional (it is what certificates print; empty → none). */
export function readRegisterForm(form: FormData): FormResult<RegisterField, { fullName: string | null; email: string; password: string }> {
  const fullName = text(form, 'fullName').normalize('NFC').replace(/\s+/g, ' ').trim();
  const email = text(form, 'email').trim().toLowerCase();
  const password = text(form, 'password');
  const confirmation = text(form, 'passwordConfirmation');
  const errors: FieldErrors<RegisterField> = {};
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(fullName)) errors.fullName = 'Use letters, spaces and punctuation only.';
  else if (fullName.length > FULL_NAME_MAX_LENGTH) errors.fullName = `Use at most ${FULL_NAME_MAX_LENGTH} characters.`;
  const emailProblem = emailError(email);
  if (emailProblem) errors.email = emailProblem;
  const passwordProblem = newPasswordError(password);
  if (passwordProblem) errors.password = passwordProblem;
  else if (confirmation !== password) errors.passwordConfirmation = 'The two passwords are not the same.';
  return done(errors, { fullName, email }, { fullName: fullName || null, email, password });
}

export function readForgotPasswordForm(form: FormData): FormResult<'email', { email: string }> {
  const email = text(form, 'email').trim().toLowerCase();
  const problem = emailError(email);
  return done(problem ? { email: problem } : {}, { email }, { email });
}

type ResetField = 'code' | 'password' | 'passwordConfirmation';
export function readResetPasswordForm(form: FormData): FormResult<ResetField, { code: string; password: string }> {
  const code = text(form, 'code').trim();
  const password = text(form, 'password');
  const confirmation = text(form, 'passwordConfirmation');
  const errors: FieldErrors<ResetField> = {};
  if (!code || code.length > 512 || !/^[A-Za-z0-9_-]+$/.test(code)) {
    errors.code = 'This reset link is incomplete. Open the link from the email again, or ask for a new one.';
  }
  const passwordProblem = newPasswordError(password);
  if (passwordProblem) errors.password = passwordProblem;
  else if (confirmation !== password) errors.passwordConfirmation = 'The two passwords are not the same.';
  return done(errors, {}, { code, password });
}

/**
 * users-permissions' messages rephrased for learners. Unknown messages pass through: they are
 * the cms's own 4xx texts and say what went wrong.
 */
export function accountErrorMessage(status: number, message: string): string {
  if (status === 429) return 'Too many attempts. Wait a few minutes and try again.';
  if (/invalid identifier or password/i.test(message)) return 'That email and password do not match an account.';
  if (/already taken/i.test(message)) return 'An account with this email already exists. Log in, or reset your password.';
  if (/incorrect code/i.test(message)) return 'This reset link has already been used or is not valid. Ask for a new one.';
  if (/blocked/i.test(message)) return 'This account is blocked. Contact the site’s administrators.';
  if (/not (been )?confirmed/i.test(message)) return 'Confirm your email address first: follow the link in the email we sent you.';
  if (/register action is currently disabled/i.test(message)) return 'New accounts cannot be created right now.';
  return message;
}

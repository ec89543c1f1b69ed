/**
 * The assignment submission form: what the site forwards to the cms, and the checks the browser
 * makes before uploading (the cms checks again, by content, and is the judge; these only spare a
 * learner a long upload that would be refused). Pure: used by the site endpoint and the island.
 */

/** The fields the cms accepts (assignments/contracts.ts). */
export const TEXT_FIELD = 'text';
export const FILES_FIELD = 'files';
/** Fields of the plain (no JavaScript) form that stay on the site. */
const SITE_FIELDS = new Set(['_csrf', 'return']);

export type SubmissionForm = { ok: true; form: FormData; text: string | null; fileCount: number } | { ok: false; field: string; message: string };

interface FileLike {
  name: string;
  size: number;
}

const isFile = (value: FormDataEntryValue): value is File => typeof value !== 'string';

/**
 * Rebuilds the posted form with only `text` and `files`: a browser sends an empty file part
 * when no file was chosen, and the plain form carries the CSRF token and where to go back to,
 * none of which the cms should see (it refuses unknown fields by name).
 */
export function submissionFormFrom(posted: FormData): SubmissionForm {
  const form = new FormData();
  let text: string | null = null;
  let fileCount = 0;
  for (const [name, value] of posted.entries()) {
    if (SITE_FIELDS.has(name)) continue;
    if (name === TEXT_FIELD) {
      if (isFile(value)) return { ok: false, field: TEXT_FIELD, message: 'The text must be typed, not attached as a file.' };
      if (text !== null) return { ok: false, field: TEXT_FIELD, message: 'Send the text once.' };
      text = value;
      continue;
    }
    if (name === FILES_FIELD) {
      if (!isFile(value)) return { ok: false, field: FILES_FIELD, message: 'Files must be attached, not typed.' };
      if (value.size === 0 && value.name === '') continue;
      form.append(FILES_FIELD, value, value.name);
      fileCount++;
      continue;
    }
    return { ok: false, field: name, message: `Unknown field "${name}": send text and files only.` };
  }
  if (text !== null && text.trim() !== '') form.append(TEXT_FIELD, text);
  else text = null;
  if (text === null && fileCount === 0) return { ok: false, field: TEXT_FIELD, message: 'Write an answer or attach a file before submitting.' };
  return { ok: true, form, text, fileCount };
}

export interface UploadRules {
  acceptedFileTypes: readonly string[];
  maxFileSizeMb: number;
  maxFiles: number;
  maxTextLength: number;
}

const extensionOf = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

/** The `accept` attribute of the file input: ".pdf,.docx". */
export function acceptAttribute(types: readonly string[]): string {
  return types.map((t) => `.${t.replace(/^\./, '').toLowerCase()}`).join(',');
}

/** "PDF, DOCX or ZIP" */
export function fileTypesText(types: readonly string[]): string {
  const upper = types.map((t) => t.toUpperCase());
  if (upper.length <= 1) return upper.join('');
  return `${upper.slice(0, -1).join(', ')} or ${upper[upper.length - 1]}`;
}

/** Every problem with what the learner is about to send, in words (empty: fine to upload). */
export function uploadProblems(text: string, files: readonly FileLike[], rules: UploadRules): string[] {
  const problems: string[] = [];
  if (text.length > rules.maxTextLength) {
    problems.push(`The text is ${text.length.toLocaleString('en')} characters long; the limit is ${rules.maxTextLength.toLocaleString('en')}.`);
  }
  if (files.length > 0 && rules.acceptedFileTypes.length === 0) {
    problems.push('This assignment takes a written answer only; remove the attached files.');
    return problems;
  }
  if (files.length > rules.maxFiles) problems.push(`Attach at most ${rules.maxFiles} file${rules.maxFiles === 1 ? '' : 's'}; ${files.length} are selected.`);
  const accepted = new Set(rules.acceptedFileTypes.map((t) => t.toLowerCase()));
  const maxBytes = rules.maxFileSizeMb * 1024 * 1024;
  for (const file of files) {
    const ext = extensionOf(file.name);
    if (!accepted.has(ext)) problems.push(`“${file.name}” is not a ${fileTypesText(rules.acceptedFileTypes)} file.`);
    if (file.size > maxBytes) problems.push(`“${file.name}” is larger than ${rules.maxFileSizeMb} MB.`);
  }
  if (text.trim() === '' && files.length === 0) problems.push('Write an answer or attach a file before submitting.');
  return problems;
}

/** "1.2 MB", "830 KB", "12 B" (file sizes in bytes, as the contract gives them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

// ─── words for the assignment panel ─────────────────────────────────────────────────────────

export const SUBMISSION_STATUS_TEXT = {
  submitted: 'Submitted, waiting for a grade',
  graded: 'Graded',
  returned: 'Returned for changes',
} as const;

const ASSIGNMENT_REFUSAL_TEXT: Record<string, string> = {
  'not-enrolled': 'You are not enrolled in this course, or your enrollment has ended.',
  'lesson-locked': 'The lesson this belongs to is not open for you yet.',
  'already-submitted': 'You have submitted this assignment. You can submit again if your instructor returns it for changes.',
  'already-graded': 'Your submission has been graded, and this assignment does not take resubmissions.',
  'max-attempts-reached': 'You have used every submission this assignment allows.',
  'submission-race': 'Another submission arrived at the same moment. Reload the page to see which one counts.',
  'assignment-unpublished': 'This assignment is not available at the moment.',
};

/** A refusal from the server in words, followed by the server's own detail. */
export function assignmentRefusalText(problem: { status: number; message: string; details?: Record<string, unknown> }): string {
  const code = typeof problem.details?.code === 'string' ? problem.details.code : null;
  const known = code ? ASSIGNMENT_REFUSAL_TEXT[code] : undefined;
  const detail = problem.message.trim();
  const sentence = detail ? (/[.!?]$/.test(detail) ? detail : `${detail}.`) : '';
  const capital = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  if (known) return known === capital || !capital ? known : `${known} ${capital}`;
  if (problem.status === 413) return `A file is too large. ${capital}`.trim();
  if (problem.status === 400 && typeof problem.details?.field === 'string') return `The submission was not accepted. ${capital}`;
  return capital || `The request failed (${problem.status}).`;
}

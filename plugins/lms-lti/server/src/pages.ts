/**
 * The few HTML pages the tool answers with inside the platform's frame: the launch error page
 * and the deep-linking picker. Server-rendered, no external assets, every value escaped.
 */

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:1.5rem;color:#1d1d27;background:#fff}' +
  'main{max-width:44rem;margin:0 auto}h1{font-size:1.35rem;margin:0 0 .75rem}' +
  '.problem{border-left:4px solid #c0392b;background:#fdf1ef;padding:.75rem 1rem;margin:1rem 0}' +
  'code{background:#f2f2f6;padding:0 .25rem;border-radius:3px}fieldset{border:1px solid #ddd;border-radius:6px;margin:0 0 1rem;padding:.5rem 1rem}' +
  'legend{font-weight:600}label{display:block;padding:.2rem 0}.lessons{margin-left:1.5rem}button{font:inherit;padding:.5rem 1.25rem;border-radius:6px;border:0;background:#4945ff;color:#fff;cursor:pointer}' +
  '.muted{color:#666;font-size:.9rem}';

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** The launch failed: what was wrong (the LtiError message names the claim), nothing provisioned. */
export function launchErrorPage(input: { code: string; message: string; status: number }): string {
  return page(
    'This launch could not be completed',
    `<h1>This launch could not be completed</h1>` +
      `<p class="problem" role="alert" data-code="${escapeHtml(input.code)}">${escapeHtml(input.message)}</p>` +
      `<p>Nothing was recorded on our side. Go back to your course and open the activity again; if it keeps failing, show this message to your platform administrator.</p>` +
      `<p class="muted">Error <code>${escapeHtml(input.code)}</code> (HTTP ${input.status})</p>`,
  );
}

export interface PickerCourse {
  documentId: string;
  title: string;
  lessons: Array<{ documentId: string; title: string; quizzes: Array<{ documentId: string; title: string }> }>;
}

/** The deep-linking picker: courses, their lessons and quizzes; one or several (acceptMultiple). */
export function pickerPage(input: { action: string; session: string; courses: PickerCourse[]; multiple: boolean; platform: string }): string {
  const type = input.multiple ? 'checkbox' : 'radio';
  const option = (value: string, label: string, hint = '') =>
    `<label><input type="${type}" name="item" value="${escapeHtml(value)}"> ${escapeHtml(label)}${hint ? ` <span class="muted">${escapeHtml(hint)}</span>` : ''}</label>`;
  const courses = input.courses
    .map(
      (c) =>
        `<fieldset><legend>${escapeHtml(c.title)}</legend>${option(`course:${c.documentId}`, 'Whole course', '(opens where the learner left off; grade sent on completion)')}` +
        `<div class="lessons">${c.lessons
          .map((l) => option(`lesson:${l.documentId}`, `Lesson: ${l.title}`) + l.quizzes.map((q) => option(`quiz:${q.documentId}`, `Quiz: ${q.title}`, '(graded)')).join(''))
          .join('')}</div></fieldset>`,
    )
    .join('');
  return page(
    'Add content',
    `<h1>Add content to ${escapeHtml(input.platform)}</h1>` +
      (input.courses.length === 0
        ? `<p class="problem">No published course is linked to this platform yet. An administrator links courses in the LTI registrations.</p>`
        : '') +
      `<form method="post" action="${escapeHtml(input.action)}"><input type="hidden" name="session" value="${escapeHtml(input.session)}">${courses}` +
      `<p><button type="submit">Add ${input.multiple ? 'selected items' : 'selected item'}</button> <button type="submit" name="cancel" value="1" style="background:#666">Cancel</button></p></form>`,
  );
}

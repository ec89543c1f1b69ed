/** Progress in words, shared by the server-rendered meter and the islands that update it (no dependencies: it ships to the browser). */
export function progressLabel(percent: number): string {
  const value = Math.min(100, Math.max(0, Math.round(percent)));
  return value === 100 ? 'Complete' : `${value}% complete`;
}

export function lessonsDoneText(completed: number, total: number): string {
  return `${completed} of ${total} ${total === 1 ? 'lesson' : 'lessons'}`;
}

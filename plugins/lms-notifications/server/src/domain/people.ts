/**
 * The name a mail greets someone with: the learner's full name when set, else their username
 * unless it is their email address (the site registers learners with the email as username),
 * else the part of the email before the @.
 */
export function displayName(person: { fullName?: string | null; username?: string | null; email: string; firstname?: string | null; lastname?: string | null }): string {
  const full = person.fullName?.trim();
  if (full) return full;
  const admin = [person.firstname, person.lastname].filter((p) => p && p.trim()).join(' ').trim();
  if (admin) return admin;
  const username = person.username?.trim();
  if (username && !username.includes('@')) return username;
  return person.email.split('@')[0] || person.email;
}

/** The platform's name from the sender ("Example Academy <no-reply@…>"), else "LMS". */
export function platformName(senderName: string | null | undefined): string {
  const name = senderName?.trim().replace(/^"(.*)"$/, '$1').trim();
  return name || 'LMS';
}

import type { Core } from '@strapi/strapi';

/**
 * lms-notifications' typed view of what it reads outside itself: people (users-permissions users,
 * instructors' admin users), authored titles, and Strapi's email service. The one place with
 * untyped Strapi calls.
 */

export interface LearnerRecord {
  id: number;
  email: string;
  username: string | null;
  fullName: string | null;
  blocked: boolean;
}

export async function findLearner(strapi: Core.Strapi, id: number): Promise<LearnerRecord | null> {
  const row = (await strapi.db.query('plugin::users-permissions.user').findOne({
    where: { id },
    select: ['id', 'email', 'username', 'fullName', 'blocked'],
  })) as { id: number; email: string; username?: string | null; fullName?: string | null; blocked?: boolean | null } | null;
  if (!row) return null;
  return { id: row.id, email: row.email, username: row.username ?? null, fullName: row.fullName ?? null, blocked: row.blocked === true };
}

export interface InstructorContact {
  adminUserId: number;
  email: string;
  firstname: string | null;
  lastname: string | null;
  name: string;
}

/** The admin user behind an instructor profile (documentId): where payout mail goes. */
export async function findInstructorContact(strapi: Core.Strapi, instructorDocumentId: string): Promise<InstructorContact | null> {
  const row = (await strapi.db.query('api::instructor.instructor').findOne({
    where: { documentId: instructorDocumentId },
    select: ['name'],
    populate: { adminUser: { select: ['id', 'email', 'firstname', 'lastname'] } },
  })) as { name: string; adminUser?: { id: number; email: string; firstname?: string | null; lastname?: string | null } | null } | null;
  const admin = row?.adminUser;
  if (!row || !admin?.email) return null;
  return { adminUserId: admin.id, email: admin.email, firstname: admin.firstname ?? null, lastname: admin.lastname ?? null, name: row.name };
}

/** Title and slug of authored content: the published version when there is one, else the draft. */
async function titled(strapi: Core.Strapi, uid: string, documentId: string, withSlug: boolean): Promise<{ title: string; slug: string | null } | null> {
  const rows = (await strapi.db.query(uid as 'api::course.course').findMany({
    where: { documentId },
    select: withSlug ? ['title', 'slug', 'publishedAt'] : ['title', 'publishedAt'],
  })) as Array<{ title: string; slug?: string | null; publishedAt: string | null }>;
  const row = rows.find((r) => r.publishedAt !== null) ?? rows[0];
  return row ? { title: row.title, slug: row.slug ?? null } : null;
}

export const findCourse = (strapi: Core.Strapi, documentId: string) => titled(strapi, 'api::course.course', documentId, true);
export const findAssignment = (strapi: Core.Strapi, documentId: string) => titled(strapi, 'api::assignment.assignment', documentId, false);

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

/** Sends through Strapi's email plugin (nodemailer over SMTP, or the log without SMTP_HOST). */
export async function sendEmail(strapi: Core.Strapi, mail: OutgoingMail): Promise<void> {
  const email = strapi.plugin('email').service('email') as { send(options: Record<string, unknown>): Promise<unknown> };
  await email.send({ to: mail.to, subject: mail.subject, text: mail.text, html: mail.html, messageId: mail.messageId });
}

/**
 * The demo accounts as data. Kept free of Strapi imports so `npm run up` (and a README) can
 * list the logins without booting the cms. Every account uses SEED_PASSWORD.
 */
import { loadConfig, type LmsConfig } from '@lms/config';

export type AccountRole = 'super admin' | 'instructor' | 'learner';

interface AccountBase {
  email: string;
  firstname: string;
  lastname: string;
}

/** An admin-panel user with the Super Admin role (email from SEED_ADMIN_EMAIL). */
export type SuperAdminAccount = AccountBase;

/** An admin-panel user with the Instructor role, linked to the `instructor` entry with this slug. */
export interface InstructorAccount extends AccountBase {
  instructorSlug: string;
}

/** A users-permissions user (confirmed, Authenticated role): signs in on the site. */
export interface LearnerAccount extends AccountBase {
  username: string;
}

export interface DemoAccounts {
  password: string;
  superAdmin: SuperAdminAccount;
  instructors: InstructorAccount[];
  learners: LearnerAccount[];
}

/** One printable line per login: what `npm run up` shows. */
export interface AccountSummary {
  role: AccountRole;
  email: string;
  name: string;
  /** Where to sign in. */
  where: string;
}

export const INSTRUCTOR_ACCOUNTS: InstructorAccount[] = [
  { email: 'thandi.nkosi@example.com', firstname: 'Thandi', lastname: 'Nkosi', instructorSlug: 'thandi-nkosi' },
  { email: 'lerato.mokoena@example.com', firstname: 'Lerato', lastname: 'Mokoena', instructorSlug: 'lerato-mokoena' },
];

export const LEARNER_ACCOUNTS: LearnerAccount[] = [
  { email: 'sipho.dlamini@example.com', username: 'sipho', firstname: 'Sipho', lastname: 'Dlamini' },
  { email: 'emma.vandermerwe@example.com', username: 'emma', firstname: 'Emma', lastname: 'van der Merwe' },
  { email: 'ravi.naidoo@example.com', username: 'ravi', firstname: 'Ravi', lastname: 'Naidoo' },
];

export function demoAccounts(config: LmsConfig = loadConfig()): DemoAccounts {
  return {
    password: config.seed.password,
    superAdmin: { email: config.seed.adminEmail, firstname: 'Demo', lastname: 'Admin' },
    instructors: INSTRUCTOR_ACCOUNTS,
    learners: LEARNER_ACCOUNTS,
  };
}

export function accountSummaries(config: LmsConfig = loadConfig()): AccountSummary[] {
  const accounts = demoAccounts(config);
  const admin = `${config.publicUrl}/admin`;
  const name = (a: AccountBase) => `${a.firstname} ${a.lastname}`;
  return [
    { role: 'super admin', email: accounts.superAdmin.email, name: name(accounts.superAdmin), where: admin },
    ...accounts.instructors.map((a): AccountSummary => ({ role: 'instructor', email: a.email, name: name(a), where: admin })),
    ...accounts.learners.map((a): AccountSummary => ({ role: 'learner', email: a.email, name: name(a), where: config.siteUrl })),
  ];
}

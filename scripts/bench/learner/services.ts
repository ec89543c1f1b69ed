import type { Core } from '@strapi/strapi';
import type { CourseOutline, Enrollment } from '../../../plugins/lms-enrollment/server/src/contracts';

/**
 * The few services the benchmark calls to build its data, typed once here: lms-enrollment's
 * enroll/grant/complete/outline (the same code the HTTP routes and the Stripe consumer call) and
 * users-permissions' JWT and password hashing.
 */
export interface BenchServices {
  enroll(userId: number, courseDocumentId: string): Promise<{ enrollment: Enrollment; created: boolean }>;
  grantEnrollment(input: {
    userId: number;
    courseDocumentId: string;
    source: 'purchase' | 'subscription';
    sourceRef?: string | null;
    actor?: { type: 'webhook' | 'system'; id?: string };
  }): Promise<{ enrollment: { id: number }; created: boolean; reactivated: boolean }>;
  completeLesson(userId: number, lessonDocumentId: string): Promise<{ changed: boolean }>;
  outline(userId: number, courseDocumentId: string): Promise<CourseOutline>;
  issueJwt(userId: number): Promise<string>;
  hashPassword(password: string): Promise<string>;
}

type AnyService = Record<string, (...args: never[]) => unknown>;

export function benchServices(strapi: Core.Strapi): BenchServices {
  const enrollment = (name: string) => strapi.plugin('lms-enrollment').service(name) as unknown as AnyService;
  const usersPermissions = (name: string) => strapi.plugin('users-permissions').service(name) as unknown as AnyService;
  const call = <T>(service: AnyService, method: string, ...args: unknown[]): Promise<T> => {
    const fn = service[method] as unknown as ((...a: unknown[]) => unknown) | undefined;
    if (typeof fn !== 'function') throw new Error(`the service has no method ${method}: is the built plugin up to date?`);
    return Promise.resolve(fn.apply(service, args)) as Promise<T>;
  };
  return {
    enroll: (userId, courseDocumentId) => call(enrollment('enrollments'), 'enroll', userId, courseDocumentId),
    grantEnrollment: (input) => call(enrollment('enrollments'), 'grantEnrollment', input),
    completeLesson: (userId, lessonDocumentId) => call(enrollment('learning'), 'completeLesson', userId, lessonDocumentId),
    outline: (userId, courseDocumentId) => call(enrollment('learning'), 'outline', userId, courseDocumentId),
    issueJwt: (userId) => call(usersPermissions('jwt'), 'issue', { id: userId }),
    hashPassword: async (password) => (await call<{ password: string }>(usersPermissions('user'), 'ensureHashedPasswords', { password })).password,
  };
}

/**
 * Platform roles → the three roles the LMS knows. Platforms send a mix of context (course
 * membership), institution and system roles, as LIS v2 URIs (LTI 1.3), LTI 1.1 URNs or bare
 * short names. The role in *this course* decides when there is one: a faculty member enrolled
 * as a learner launches as a learner. Institution, then system roles are the fallback (Canvas
 * sends only `institution/person#Administrator` and `system/person#SysAdmin` for an admin).
 */

export type LmsRole = 'learner' | 'instructor' | 'administrator';
export type RoleScope = 'context' | 'institution' | 'system';

export interface RoleMapping {
  /** Highest role of the deciding scope (administrator > instructor > learner), or null. */
  primary: LmsRole | null;
  /** The scope that decided `primary`. */
  basis: RoleScope | null;
  context: LmsRole[];
  institution: LmsRole[];
  system: LmsRole[];
  /** Roles sent but not mapped (Mentor, Observer, Guest, custom vocabularies), kept for display. */
  unrecognised: string[];
  /** `http://purl.imsglobal.org/vocab/lti/system/person#TestUser`: the platform's "student view". */
  isTestUser: boolean;
}

const PRECEDENCE: readonly LmsRole[] = ['administrator', 'instructor', 'learner'];

/** Principal role names per scope; sub-roles map through their principal. */
const NAMES: Record<RoleScope, Record<string, LmsRole>> = {
  context: {
    Learner: 'learner',
    Instructor: 'instructor',
    TeachingAssistant: 'instructor', // LTI 1.1 principal; LTI 1.3 has it as membership/Instructor#TeachingAssistant
    ContentDeveloper: 'instructor',
    Administrator: 'administrator',
  },
  institution: {
    Student: 'learner',
    Learner: 'learner',
    Instructor: 'instructor',
    Faculty: 'instructor',
    Administrator: 'administrator',
  },
  system: {
    Administrator: 'administrator',
    SysAdmin: 'administrator',
    AccountAdmin: 'administrator',
  },
};

const TEST_USER = 'http://purl.imsglobal.org/vocab/lti/system/person#TestUser';

interface ParsedRole {
  scope: RoleScope;
  /** The principal role name (`Instructor` for `membership/Instructor#TeachingAssistant`). */
  principal: string;
}

/** Reads one role string in any of the three notations; null when it is none of them. */
export function parseRole(role: string): ParsedRole | null {
  const value = role.trim();
  const v2 = /^http:\/\/purl\.imsglobal\.org\/vocab\/lis\/v2\/(membership|institution\/person|system\/person)(?:\/([A-Za-z]+))?#([A-Za-z]+)$/.exec(value);
  if (v2) {
    const [, vocabulary, principal, name] = v2 as unknown as [string, string, string | undefined, string];
    const scope: RoleScope = vocabulary === 'membership' ? 'context' : vocabulary === 'institution/person' ? 'institution' : 'system';
    return { scope, principal: principal ?? name };
  }
  const urn = /^urn:lti:(role|instrole|sysrole):ims\/lis\/([A-Za-z]+)(?:\/[A-Za-z]+)?$/.exec(value);
  if (urn) {
    const [, kind, principal] = urn as unknown as [string, string, string];
    return { scope: kind === 'role' ? 'context' : kind === 'instrole' ? 'institution' : 'system', principal };
  }
  // Bare names are context roles (LTI 1.1 `roles=Instructor,Learner`; tolerated by LTI 1.3).
  if (/^[A-Za-z]+$/.test(value)) return { scope: 'context', principal: value };
  return null;
}

export function mapRoles(roles: readonly string[]): RoleMapping {
  const found: Record<RoleScope, Set<LmsRole>> = { context: new Set(), institution: new Set(), system: new Set() };
  const unrecognised: string[] = [];
  let isTestUser = false;
  for (const role of roles) {
    if (role.trim() === TEST_USER) {
      isTestUser = true;
      continue;
    }
    const parsed = parseRole(role);
    const mapped = parsed ? NAMES[parsed.scope][parsed.principal] : undefined;
    if (parsed && mapped) found[parsed.scope].add(mapped);
    else if (role.trim() !== '') unrecognised.push(role);
  }
  const ordered = (scope: RoleScope): LmsRole[] => PRECEDENCE.filter((r) => found[scope].has(r));
  const context = ordered('context');
  const institution = ordered('institution');
  const system = ordered('system');
  const basis: RoleScope | null = context.length > 0 ? 'context' : institution.length > 0 ? 'institution' : system.length > 0 ? 'system' : null;
  const primary = basis === null ? null : ({ context, institution, system }[basis][0] ?? null);
  return { primary, basis, context, institution, system, unrecognised, isTestUser };
}

/** LTI 1.1 sends roles as one comma-separated parameter. */
export const splitLti11Roles = (roles: string | null | undefined): string[] =>
  (roles ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');

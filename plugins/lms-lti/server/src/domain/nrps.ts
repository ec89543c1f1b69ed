import { LtiError } from './errors';
import { type RoleMapping, mapRoles } from './roles';
import { httpUrl, isRecord, nonEmptyString, optionalString, quote, stringArray } from './values';

/**
 * Names and Role Provisioning Services 2.0: the roster of a context, read on demand to pre-enroll
 * learners. GET `context_memberships_url` with Accept
 * `application/vnd.ims.lti-nrps.v2.membershipcontainer+json`, following Link rel="next".
 */

export type MemberStatus = 'Active' | 'Inactive' | 'Deleted';

export interface Member {
  /** Same value as the `sub` of this user's launches. */
  userId: string;
  status: MemberStatus;
  roles: string[];
  role: RoleMapping;
  name: string | null;
  givenName: string | null;
  familyName: string | null;
  email: string | null;
  lisPersonSourcedId: string | null;
}

export interface MembershipPage {
  contextId: string | null;
  members: Member[];
  /** Members that could not be read (no user_id, bad roles), with why: shown, not fatal. */
  skipped: Array<{ index: number; reason: string }>;
}

export function membershipsUrl(contextMembershipsUrl: string, filter: { role?: string; limit?: number } = {}): string {
  const url = httpUrl(contextMembershipsUrl);
  if (!url) throw new LtiError('invalid-service-url', 'context_memberships_url', `is ${quote(contextMembershipsUrl)}`);
  if (filter.role) url.searchParams.set('role', filter.role);
  if (filter.limit !== undefined) url.searchParams.set('limit', String(filter.limit));
  return url.toString();
}

export function parseMembershipPage(body: unknown): MembershipPage {
  if (!isRecord(body) || !Array.isArray(body.members)) {
    throw new LtiError('invalid-claim', 'members', 'the membership container has no members array');
  }
  const members: Member[] = [];
  const skipped: MembershipPage['skipped'] = [];
  body.members.forEach((m: unknown, index: number) => {
    if (!isRecord(m) || !nonEmptyString(m.user_id)) return void skipped.push({ index, reason: 'no user_id' });
    if (!stringArray(m.roles)) return void skipped.push({ index, reason: 'roles is not an array of strings' });
    // status is optional and defaults to Active (NRPS §2.1.1).
    const status = m.status === 'Inactive' || m.status === 'Deleted' ? m.status : 'Active';
    members.push({
      userId: m.user_id,
      status,
      roles: m.roles,
      role: mapRoles(m.roles),
      name: optionalString(m.name),
      givenName: optionalString(m.given_name),
      familyName: optionalString(m.family_name),
      email: optionalString(m.email),
      lisPersonSourcedId: optionalString(m.lis_person_sourcedid),
    });
  });
  const context = isRecord(body.context) ? optionalString(body.context.id) : null;
  return { contextId: context, members, skipped };
}

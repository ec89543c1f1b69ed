import { describe, expect, it } from 'vitest';
import { membershipsUrl, parseMembershipPage } from './nrps';

describe('NRPS membership container', () => {
  it('reads members with their mapped roles and skips unreadable ones', () => {
    const page = parseMembershipPage({
      id: 'https://p.test/api/courses/3/names_and_roles',
      context: { id: 'ctx-3', label: 'TS101', title: 'TypeScript 101' },
      members: [
        {
          status: 'Active',
          name: 'Ada Lovelace',
          given_name: 'Ada',
          family_name: 'Lovelace',
          email: 'ada@p.test',
          user_id: 'sub-ada',
          lis_person_sourcedid: '835203884',
          roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
        },
        { user_id: 'sub-grace', roles: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'], status: 'Inactive' },
        { name: 'no id', roles: [] },
        { user_id: 'sub-x', roles: 'Learner' },
      ],
    });
    expect(page.contextId).toBe('ctx-3');
    expect(page.members.map((m) => [m.userId, m.status, m.role.primary, m.email])).toEqual([
      ['sub-ada', 'Active', 'learner', 'ada@p.test'],
      ['sub-grace', 'Inactive', 'instructor', null],
    ]);
    expect(page.members[0]?.lisPersonSourcedId).toBe('835203884');
    expect(page.skipped).toEqual([
      { index: 2, reason: 'no user_id' },
      { index: 3, reason: 'roles is not an array of strings' },
    ]);
  });

  it('refuses an answer without members and builds filtered URLs', () => {
    expect(() => parseMembershipPage({ context: {} })).toThrowError(expect.objectContaining({ field: 'members' }));
    expect(membershipsUrl('https://p.test/api/courses/3/names_and_roles', { role: 'http://purl.imsglobal.org/vocab/lis/v2/membership#Learner', limit: 100 })).toBe(
      'https://p.test/api/courses/3/names_and_roles?role=http%3A%2F%2Fpurl.imsglobal.org%2Fvocab%2Flis%2Fv2%2Fmembership%23Learner&limit=100',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { LTI_CLAIM } from './claims';
import { mapRoles, parseRole, splitLti11Roles } from './roles';
import { canvasMessage } from '../testing/fixtures';

const V2 = 'http://purl.imsglobal.org/vocab/lis/v2/';

describe('mapRoles', () => {
  it.each([
    [[`${V2}membership#Learner`], 'learner', 'context'],
    [[`${V2}membership#Instructor`], 'instructor', 'context'],
    [[`${V2}membership/Instructor#TeachingAssistant`], 'instructor', 'context'],
    [[`${V2}membership#ContentDeveloper`], 'instructor', 'context'],
    [[`${V2}membership#Administrator`], 'administrator', 'context'],
    [[`${V2}institution/person#Student`], 'learner', 'institution'],
    [[`${V2}institution/person#Faculty`], 'instructor', 'institution'],
    [[`${V2}institution/person#Administrator`], 'administrator', 'institution'],
    [[`${V2}system/person#SysAdmin`], 'administrator', 'system'],
    [['Learner'], 'learner', 'context'],
    [['Instructor'], 'instructor', 'context'],
    [['urn:lti:role:ims/lis/Learner'], 'learner', 'context'],
    [['urn:lti:role:ims/lis/TeachingAssistant/TeachingAssistantSection'], 'instructor', 'context'],
    [['urn:lti:instrole:ims/lis/Administrator'], 'administrator', 'institution'],
    [['urn:lti:sysrole:ims/lis/SysAdmin'], 'administrator', 'system'],
  ] as const)('%j → %s (%s)', (roles, primary, basis) => {
    const mapping = mapRoles(roles);
    expect(mapping.primary).toBe(primary);
    expect(mapping.basis).toBe(basis);
  });

  it('lets the role in the course win over institution roles (a faculty member enrolled as a learner)', () => {
    const mapping = mapRoles([`${V2}institution/person#Faculty`, `${V2}institution/person#Administrator`, `${V2}membership#Learner`]);
    expect(mapping).toMatchObject({ primary: 'learner', basis: 'context', context: ['learner'], institution: ['administrator', 'instructor'] });
  });

  it('takes the highest role of the deciding scope', () => {
    expect(mapRoles(['Learner', 'Instructor']).primary).toBe('instructor');
    expect(mapRoles([`${V2}membership#Learner`, `${V2}membership#Administrator`]).primary).toBe('administrator');
  });

  it('keeps roles it does not map, flags the test user, and has no primary role for observers only', () => {
    const mapping = mapRoles([`${V2}membership#Mentor`, 'http://purl.imsglobal.org/vocab/lti/system/person#TestUser', 'urn:x:custom', '']);
    expect(mapping.primary).toBeNull();
    expect(mapping.basis).toBeNull();
    expect(mapping.isTestUser).toBe(true);
    expect(mapping.unrecognised).toEqual([`${V2}membership#Mentor`, 'urn:x:custom']);
  });

  it('maps the roles of the Canvas admin, teacher and student launches', () => {
    const roles = (name: string) => canvasMessage(name)[LTI_CLAIM.roles] as string[];
    expect(mapRoles(roles('Decoded JWT in Redirect Message from Canvas - Admin Account'))).toMatchObject({
      primary: 'administrator',
      basis: 'institution',
      system: ['administrator'],
    });
    expect(mapRoles(roles('Decoded JWT in Redirect Message from Canvas - Teacher Account'))).toMatchObject({ primary: 'instructor', basis: 'context' });
    expect(mapRoles(roles('Decoded JWT in Redirect Message from Canvas - Student Account'))).toMatchObject({ primary: 'learner', basis: 'context' });
  });

  it('reads the principal of a sub-role and rejects strings in no known notation', () => {
    expect(parseRole(`${V2}membership/Learner#NonCreditLearner`)).toEqual({ scope: 'context', principal: 'Learner' });
    expect(parseRole('https://example.com/roles#Boss')).toBeNull();
    expect(splitLti11Roles(' Instructor, urn:lti:instrole:ims/lis/Faculty ,,')).toEqual(['Instructor', 'urn:lti:instrole:ims/lis/Faculty']);
  });
});

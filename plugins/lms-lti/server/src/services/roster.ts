import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { invalidState, notFound } from '@lms/plugin-lms-core/server';
import type { ResourceLinkView, RosterSyncResult } from '../contracts';
import { MEDIA_TYPE, NRPS_SCOPE, membershipsUrl, nextPageUrl, parseMembershipPage } from '../domain';
import { clockOf } from '../adapters/lms';
import { TABLES } from '../migrations';
import { getService } from '../utils';
import { platformJson } from './http';

/** Pages of a roster read at most (a guard against a platform that links a page to itself). */
const MAX_PAGES = 50;

/**
 * Names and Role Provisioning: the platform links the tool knows (for the admin), and on demand
 * the roster of a link's context, whose active learners are provisioned and enrolled ahead of
 * their first launch.
 */
export const createRosterService = ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;
  return {
    async links(): Promise<ResourceLinkView[]> {
      const rows = (await knex()(`${TABLES.resourceLinks} as l`)
        .join(`${TABLES.registrations} as r`, 'r.id', 'l.registration_id')
        .leftJoin(`${TABLES.linkMembers} as m`, 'm.resource_link_id', 'l.id')
        .groupBy('l.id', 'r.name')
        .orderBy('l.id', 'desc')
        .select('l.*', 'r.name as platform')
        .count({ members: 'm.user_id' })) as Array<Record<string, unknown>>;
      return rows.map((r) => ({
        id: Number(r.id),
        registrationId: Number(r.registration_id),
        platform: String(r.platform),
        resourceLinkId: String(r.resource_link_id),
        contextId: (r.context_id as string | null) ?? null,
        contextTitle: (r.context_title as string | null) ?? null,
        title: (r.title as string | null) ?? null,
        courseId: String(r.course_document_id),
        lessonId: (r.lesson_document_id as string | null) ?? null,
        quizId: (r.quiz_document_id as string | null) ?? null,
        hasRoster: Boolean(r.nrps_memberships_url),
        members: Number(r.members),
      }));
    },

    /** Reads the link's context roster (NRPS) and provisions + enrolls its active learners. */
    async syncRoster(linkId: number): Promise<RosterSyncResult> {
      const link = (await knex()(TABLES.resourceLinks).where({ id: linkId }).first()) as Record<string, unknown> | undefined;
      if (!link) throw notFound('LTI link', linkId);
      if (!link.nrps_memberships_url) throw invalidState(`link ${linkId} was launched without the Names and Role service; enable it for the tool on the platform and launch once more`);
      const registration = await getService(strapi, 'registrations').findById(Number(link.registration_id));
      if (!registration) throw notFound('LTI registration', String(link.registration_id));
      const token = await getService(strapi, 'platformTokens').accessToken(registration, [NRPS_SCOPE.contextMembershipReadOnly]);
      const result: RosterSyncResult = { members: 0, provisioned: 0, enrolled: 0, skipped: [] };
      let url: string | null = membershipsUrl(String(link.nrps_memberships_url));
      const provisioning = getService(strapi, 'provisioning');
      const at = clockOf(strapi).now();
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const res = await platformJson(url, { headers: { authorization: `Bearer ${token.accessToken}`, accept: MEDIA_TYPE.membershipContainer } });
        const parsed = parseMembershipPage(res.json);
        for (const s of parsed.skipped) result.skipped.push({ userId: null, reason: `member ${s.index}: ${s.reason}` });
        for (const member of parsed.members) {
          result.members++;
          if (member.status !== 'Active') {
            result.skipped.push({ userId: member.userId, reason: `status ${member.status}` });
            continue;
          }
          if (member.role.primary !== 'learner') {
            result.skipped.push({ userId: member.userId, reason: member.role.primary ? `role ${member.role.primary}` : 'no recognised role' });
            continue;
          }
          const outcome = await provisioning.inLaunchTransaction(async (trx: Knex.Transaction) =>
            provisioning.provisionAndEnroll(trx, {
              issuer: registration.issuer,
              subject: member.userId,
              name: member.name,
              email: member.email,
              courseDocumentId: String(link.course_document_id),
              role: 'learner',
              sourceRef: `lti:${registration.id}:${String(link.context_id ?? link.deployment_id)}`,
              now: at,
            }),
          );
          if (outcome.created) result.provisioned++;
          result.enrolled++;
        }
        url = nextPageUrl(res.headers.get('link'));
      }
      return result;
    },
  };
};

export type RosterService = ReturnType<typeof createRosterService>;

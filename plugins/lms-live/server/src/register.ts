import type { Core } from '@strapi/strapi';
import { enrollmentsOf } from './adapters/strapi';
import { actionDefinitions } from './permissions';
import { registerLivePrivacy } from './privacy';
import { getService } from './utils';

export const LIVE_ATTENDANCE_REQUIREMENT = 'live-attendance';

export const register = async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actionDefinitions);
  // Course completion waits for the course's `liveAttendanceRequired` sessions attended; checked
  // in lms-enrollment's completing transaction, re-checked when attendance is recorded.
  enrollmentsOf(strapi).addCompletionRequirement({
    name: LIVE_ATTENDANCE_REQUIREMENT,
    async check({ trx, enrollment, course }) {
      const missing = await getService(strapi, 'sessions').attendanceOutcome(trx, enrollment.userId, course.documentId);
      return missing ? { name: LIVE_ATTENDANCE_REQUIREMENT, met: false, missing } : { name: LIVE_ATTENDANCE_REQUIREMENT, met: true };
    },
  });
  registerLivePrivacy(strapi);
};

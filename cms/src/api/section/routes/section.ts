import { factories } from '@strapi/strapi';

// No users-permissions role is granted these: lesson bodies, answer keys and rubrics are
// served only through guarded endpoints (catalog preview, enrollment, grading).
export default factories.createCoreRouter('api::section.section', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: ['global::published-only'] },
    findOne: { middlewares: ['global::published-only'] },
  },
});

import { factories } from '@strapi/strapi';

// Read routes only: authored content is written through the admin panel.
// Public read access is granted to the Public role by the bootstrap (catalog data),
// and every read is forced to published documents.
export default factories.createCoreRouter('api::instructor.instructor', {
  only: ['find', 'findOne'],
  config: {
    find: { middlewares: ['global::published-only'] },
    findOne: { middlewares: ['global::published-only'] },
  },
});

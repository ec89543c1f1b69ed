/**
 * The public catalog: what anyone may browse before signing in.
 * `auth: false` on purpose: it serves only published catalog data that is the same for everyone
 * (course cards, outlines without lesson bodies, and free-preview lessons). Lesson bodies of
 * non-preview lessons, answer keys and rubrics never leave through these routes.
 */
export default {
  routes: [
    { method: 'GET', path: '/catalog/courses', handler: 'catalog.listCourses', config: { auth: false } },
    { method: 'GET', path: '/catalog/categories', handler: 'catalog.listCategories', config: { auth: false } },
    { method: 'GET', path: '/catalog/courses/:slug', handler: 'catalog.getCourse', config: { auth: false } },
    {
      method: 'GET',
      path: '/catalog/courses/:courseSlug/lessons/:lessonSlug',
      handler: 'catalog.getLessonPreview',
      config: { auth: false },
    },
  ],
};

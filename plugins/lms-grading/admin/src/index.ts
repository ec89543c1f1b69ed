import { Book, CheckCircle, Pencil } from '@strapi/icons';
import { PLUGIN_ID } from './pluginId';
import { PERMISSIONS } from './permissions';

interface AdminApp {
  registerPlugin(plugin: { id: string; name: string }): void;
  addMenuLink(link: {
    to: string;
    icon: React.ElementType;
    intlLabel: { id: string; defaultMessage: string };
    permissions: Array<{ action: string; subject: null }>;
    Component: () => Promise<{ default: React.ComponentType }>;
  }): void;
}

export default {
  register(app: AdminApp) {
    // Submissions and essays waiting for a grade in the admin user's courses; rubric grading.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/queue`,
      icon: Pencil,
      intlLabel: { id: `${PLUGIN_ID}.menu.queue`, defaultMessage: 'Grading' },
      permissions: PERMISSIONS.read,
      Component: () => import('./pages/GradingQueuePage'),
    });
    // Learners × quizzes and assignments per course, with the course grade; CSV; item analysis.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/gradebook`,
      icon: Book,
      intlLabel: { id: `${PLUGIN_ID}.menu.gradebook`, defaultMessage: 'Gradebook' },
      permissions: PERMISSIONS.read,
      Component: () => import('./pages/GradebookPage'),
    });
    // Issued certificates: search, revoke with a reason, regenerate.
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}/certificates`,
      icon: CheckCircle,
      intlLabel: { id: `${PLUGIN_ID}.menu.certificates`, defaultMessage: 'Certificates' },
      permissions: PERMISSIONS.manageCertificates,
      Component: () => import('./pages/CertificatesPage'),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: PLUGIN_ID });
  },
};

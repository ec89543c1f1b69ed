/**
 * The learner's full name, as printed on certificates and shown by their public verification
 * (lms-grading). users-permissions has only a username, which the site sets to the email address:
 * neither belongs on a certificate. Optional: a learner without one gets a name made from the
 * username (lms-grading domain/certificates.ts), and an admin regenerates the certificate once the
 * name is set. Added programmatically (not a copied schema.json), so users-permissions upgrades
 * keep their own attributes.
 */
interface PluginLike {
  contentTypes: Record<string, { schema: { attributes: Record<string, unknown> } }>;
}

export default (plugin: PluginLike): PluginLike => {
  const user = plugin.contentTypes.user;
  if (user) user.schema.attributes.fullName = { type: 'string', maxLength: 200, configurable: false };
  return plugin;
};

'use strict';

/**
 * The playground lets anyone read its sample content (REST and GraphQL), as a public
 * site would: the demo page and the tests read entries without a token.
 */
const PUBLIC_READ = [
  'space',
  'venue',
  'homepage',
  'article',
  'plainspace',
  // On-demand delivery (issue 27).
  'listing',
  // Types without draft & publish whose relations reach spaces (the drafts-through tests).
  'guide',
  'organizer',
  // Public spaces (issue 28).
  'gallery',
].flatMap((name) =>
  name === 'homepage'
    ? [`api::${name}.${name}.find`]
    : [`api::${name}.${name}.find`, `api::${name}.${name}.findOne`]
);

module.exports = {
  /**
   * GRAPHQL_DISABLED_TYPES=api::venue.venue,...: types a site hides from GraphQL with
   * shadowCRUD (the tests check the plugin starts and delivers the rest).
   */
  register({ strapi }) {
    const disabled = (process.env.GRAPHQL_DISABLED_TYPES || '').split(',').filter(Boolean);
    if (!disabled.length || !strapi.plugin('graphql')) return;
    const extension = strapi.plugin('graphql').service('extension');
    for (const uid of disabled) extension.shadowCRUD(uid).disable();
  },

  async bootstrap({ strapi }) {
    const role = await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    if (!role) return;
    for (const action of PUBLIC_READ) {
      const existing = await strapi.db
        .query('plugin::users-permissions.permission')
        .findOne({ where: { action, role: role.id } });
      if (!existing) {
        await strapi.db
          .query('plugin::users-permissions.permission')
          .create({ data: { action, role: role.id } });
      }
    }
  },
};

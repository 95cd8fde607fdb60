'use strict';

/**
 * The playground lets anyone read its sample content (REST and GraphQL), as a public
 * site would: the demo page and the tests read entries without a token.
 */
const PUBLIC_READ = ['space', 'venue', 'homepage', 'article', 'plainspace'].flatMap((name) =>
  name === 'homepage'
    ? [`api::${name}.${name}.find`]
    : [`api::${name}.${name}.find`, `api::${name}.${name}.findOne`]
);

module.exports = {
  register() {},

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

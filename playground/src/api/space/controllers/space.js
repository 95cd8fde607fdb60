const { factories } = require('@strapi/strapi');

module.exports = factories.createCoreController('api::space.space', ({ strapi }) => ({
  async createViaDocumentService(ctx) {
    const data = ctx.request.body && ctx.request.body.data;
    const created = await strapi
      .documents('api::space.space')
      .create({ data, status: 'published' });
    ctx.body = { data: { documentId: created.documentId, tour: created.tour } };
  },
}));

/**
 * A route that writes through the Document Service directly, as a site's own code would,
 * so the tests can prove that path normalises and validates Matterport values too.
 */
module.exports = {
  routes: [
    {
      method: 'POST',
      path: '/spaces-via-document-service',
      handler: 'space.createViaDocumentService',
      config: { auth: false },
    },
  ],
};

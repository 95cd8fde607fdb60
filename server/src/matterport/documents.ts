/**
 * GraphQL documents of the Model API. Values always travel as variables, never
 * spliced into the text, so nothing an editor types can change a query.
 */
export const MODEL_FIELDS = `
  id
  name
  state
  accessVisibility
  created
  modified
  image { resizeUrl(resolution: preview) }
`;

export const LIST_MODELS = `
query listModels($query: String, $include: [SearchInclusion!], $pageSize: Int, $offset: String) {
  models(query: $query, include: $include, pageSize: $pageSize, offset: $offset) {
    totalResults
    nextOffset
    results { ${MODEL_FIELDS} }
  }
}`;

export const GET_MODEL = `
query getModel($id: ID!) {
  model(id: $id) { ${MODEL_FIELDS} }
}`;

export const CREATE_LINK = `
mutation createLink($modelId: ID!, $clientId: String!, $clientSecret: String!, $validFor: String) {
  createPrivateModelEmbedLink(modelId: $modelId, clientId: $clientId, clientSecret: $clientSecret, validFor: $validFor) {
    accessToken
    application
    link
    validUntil
  }
}`;

export const REVOKE_TOKEN = `
mutation revokeToken($clientId: String!, $clientSecret: String!, $accessToken: String!) {
  deletePrivateModelEmbedToken(clientId: $clientId, clientSecret: $clientSecret, accessToken: $accessToken)
}`;

/** Model event webhooks (issue 28): register a callback (Webhooks v2). */
export const ADD_MODEL_EVENT_CALLBACK = `
mutation addModelEventCallback($input: ModelEventWebhookCallbackInput!) {
  addModelEventWebhookCallback(input: $input) { id }
}`;

/** Removes a callback (the name is not in Matterport's public documentation: sandbox's). */
export const REMOVE_MODEL_EVENT_CALLBACK = `
mutation removeModelEventCallback($id: ID!) {
  removeModelEventWebhookCallback(id: $id)
}`;

/** A model's Views (issue 28): the fields Matterport documents. */
export const GET_VIEWS = `
query getViews($id: ID!) {
  model(id: $id) { id views { id name type } }
}`;

/**
 * A model's Views with where each opens (`start`): not in public material (the sandbox has it);
 * asked only when Private Model Embed refuses a View ID, and a refusal of the field is
 * answered as "no start" (see server/src/views).
 */
export const GET_VIEW_STARTS = `
query getViewStarts($id: ID!) {
  model(id: $id) { id views { id start } }
}`;

import { buildSchema, type GraphQLSchema } from 'graphql';

/*
 * `results` of a search are `ModelSearchResult`, the type name Matterport
 * documents. The sandbox gives it exactly the fields of `Model` (sandbox
 * choice: the real type's extra fields, if any, are unknown), so a selection
 * written for one works on the other.
 */
const MODEL_FIELDS = `
  id: ID!
  name: String
  """Matterport's "Internal Notes": for admins only."""
  description: String
  created: DateTime
  modified: DateTime
  state: ModelState
  accessVisibility: AccessVisibility
  image: Image
  publication: Publication
  """The space's Views (up to 10), its base View (ID = the model's) first."""
  views: [ModelView!]
`;

export const SCHEMA_SDL = /* GraphQL */ `
"""ISO-8601 date and time in UTC, e.g. 2022-06-03T00:33:13Z."""
scalar DateTime

enum SearchInclusion { demo inactive }
enum ModelSortField { created modified name }
enum SortDirection { asc desc }
input ModelSort { field: ModelSortField!, direction: SortDirection }

enum ModelState { active inactive processing failed pending staging }
enum AccessVisibility { private unlisted public password }
enum PhotoResolution { thumbnail preview web full }
enum Application { showcase }

type Image {
  """A signed URL that expires; never store it."""
  resizeUrl(resolution: PhotoResolution): String
}

type Publication {
  """The public text shown with the space."""
  description: String
  published: Boolean
  url: String
}

"""A View of a space: 25 characters, or the model's ID for its base View."""
type ModelView {
  id: ID!
  name: String
  type: String
  modified: DateTime
  """Sandbox choice (not in public material): the Showcase start value where the View opens."""
  start: String
}

type Model {${MODEL_FIELDS}}

type ModelSearchResult {${MODEL_FIELDS}}

type ModelSearchResultList {
  totalResults: Int!
  """Present only while more results remain; pass it back as offset."""
  nextOffset: String
  results: [ModelSearchResult!]
}

type PrivateModelEmbedLink {
  accessToken: String!
  application: Application!
  link: String!
  validUntil: DateTime!
}

type PrivateModelEmbedToken {
  accessToken: String!
  validUntil: DateTime!
}

enum ModelEventType { created deleted transferred_in transferred_out activation_state_changed restored visibility_changed details_changed processed bundle_updated }
enum WebhookCredentialType { basic token }
input KeyValueInput { key: String!, value: String! }

input WebhookCallbackTargetInput {
  scheme: String!
  host: String!
  port: Int
  path: String
  queryParams: [KeyValueInput!]
  additionalHeaders: [KeyValueInput!]
  credType: WebhookCredentialType
  credKey: String
  credSecret: String
}

input ModelEventWebhookCallbackInput {
  version: Int
  eventTypes: [ModelEventType!]!
  callback: WebhookCallbackTargetInput!
}

# A registered callback; its secret is never read back.
type ModelEventWebhookCallback {
  id: ID!
  version: Int
  eventTypes: [ModelEventType!]!
  url: String!
  credType: WebhookCredentialType
  credKey: String
}

type Query {
  # Sandbox choice of name: the documentation shows registration only.
  modelEventWebhookCallbacks: [ModelEventWebhookCallback!]!
  models(query: String, include: [SearchInclusion!], sortBy: [ModelSort!], pageSize: Int, offset: String): ModelSearchResultList
  model(id: ID!): Model
}

type Mutation {
  createPrivateModelEmbedLink(modelId: ID!, clientId: String!, clientSecret: String!, validFor: String): PrivateModelEmbedLink
  deletePrivateModelEmbedToken(clientId: String!, clientSecret: String!, accessToken: String!): Boolean
  """Beta: one token for several models."""
  createPrivateModelEmbedToken(application: Application!, clientId: String!, clientSecret: String!, modelIds: [ID!]!, validFor: String): PrivateModelEmbedToken
  addModelEventWebhookCallback(input: ModelEventWebhookCallbackInput!): ModelEventWebhookCallback
  # Sandbox choice of name: removes a callback of the caller's organisation; false when there is none.
  removeModelEventWebhookCallback(id: ID!): Boolean
}
`;

export function buildModelApiSchema(): GraphQLSchema {
  return buildSchema(SCHEMA_SDL);
}

import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import { isObjectType } from 'graphql';
import { MatterportError } from '../errors';
import { otherHostOrigin } from '../modes';
import type { ListModelsArgs } from '../models/catalogue';
import type { ModelRecord } from '../models/types';
import type { WebhookCallbackInput } from '../model-events/webhooks';
import { modelOfView, viewsOf } from '../models/views';
import { showcaseLink, showcaseUrl } from '../showcase-link';
import type { PhotoResolution } from '../thumbnails/signer';
import { delay, isoSeconds } from '../time';
import { parseValidFor } from '../valid-for';
import type { GraphContext } from './context';

interface ImageSource {
  modelId: string;
}

interface CredentialArgs {
  clientId: string;
  clientSecret: string;
}

/*
 * What a call sees is its organisation's: the organisation of the client whose account access
 * token made it. A space of another organisation is as unknown as one that does not exist
 * (`not.found`), which is how Matterport answers for a model one may not see.
 */
/** The organisation of the client whose account token made the call. */
const organizationOf = (ctx: GraphContext): string => {
  const organization = ctx.state.organizations.of(ctx.accountClientId);
  if (organization === undefined)
    throw new MatterportError('request.unauthorized', 'The account belongs to no organisation');
  return organization;
};

const query = {
  modelEventWebhookCallbacks: (_root: unknown, _args: unknown, ctx: GraphContext) =>
    ctx.state.webhooks.list(organizationOf(ctx)),

  models: (_root: unknown, args: ListModelsArgs, ctx: GraphContext) =>
    ctx.state.catalogueFor(ctx.accountClientId).list(args),

  model: (_root: unknown, args: { id: string }, ctx: GraphContext): ModelRecord => {
    // A View ID stands where a model ID does (documented): the View's space answers.
    const model = ctx.state.catalogueFor(ctx.accountClientId).get(modelOfView(args.id) ?? args.id);
    if (!model) throw new MatterportError('not.found', `Model ${args.id} not found`);
    return model;
  },
};

const mutation = {
  addModelEventWebhookCallback: (
    _root: unknown,
    args: { input: WebhookCallbackInput },
    ctx: GraphContext
  ) => ctx.state.webhooks.add(organizationOf(ctx), args.input),

  removeModelEventWebhookCallback: (_root: unknown, args: { id: string }, ctx: GraphContext) =>
    ctx.state.webhooks.remove(organizationOf(ctx), args.id),

  createPrivateModelEmbedLink: async (
    _root: unknown,
    args: CredentialArgs & { modelId: string; validFor?: string | null },
    ctx: GraphContext
  ) => {
    await mintLatency(ctx);
    authorize(ctx, args);
    entitled(ctx, args.clientId);
    // A View ID (25 characters): mode `viewEmbeds` says whether the mutation takes it.
    const viewModel = modelOfView(args.modelId);
    if (viewModel !== undefined && ctx.state.modes.viewEmbeds === 'refuse')
      throw new MatterportError('not.found', `Model ${args.modelId} not found`);
    const model = mintable(ctx, args.clientId, viewModel ?? args.modelId);
    // Mode `accept`: the token is the View's model's, the link opens the View.
    const record = ctx.state.embedTokens.mint(
      [model.id],
      args.clientId,
      validForSeconds(ctx, args.validFor)
    );
    return {
      accessToken: record.accessToken,
      application: 'showcase',
      link: showcaseLink(ctx.origin, viewModel ? args.modelId : model.id, record.accessToken),
      validUntil: isoSeconds(record.expiresAt),
    };
  },

  createPrivateModelEmbedToken: async (
    _root: unknown,
    args: CredentialArgs & {
      application: 'showcase';
      modelIds: string[];
      validFor?: string | null;
    },
    ctx: GraphContext
  ) => {
    await mintLatency(ctx);
    authorize(ctx, args);
    entitled(ctx, args.clientId);
    if (args.modelIds.length === 0)
      throw new MatterportError('request.invalid', 'modelIds must name at least one model');
    const models = args.modelIds.map((id) => mintable(ctx, args.clientId, id));
    const record = ctx.state.embedTokens.mint(
      models.map((m) => m.id),
      args.clientId,
      validForSeconds(ctx, args.validFor)
    );
    return { accessToken: record.accessToken, validUntil: isoSeconds(record.expiresAt) };
  },

  deletePrivateModelEmbedToken: (
    _root: unknown,
    args: CredentialArgs & { accessToken: string },
    ctx: GraphContext
  ): boolean => {
    authorize(ctx, args);
    const { foreignRevoke, revokeAnswer } = ctx.state.modes;
    const record = ctx.state.embedTokens.get(args.accessToken);
    const { organizations } = ctx.state;
    // A token another organisation minted is as invisible as a model one may not see, which
    // Matterport answers with `not.found` (whatever the mode: the mode is about clients of one
    // organisation). Mode `refuse`: so is a token of another client ID of the same organisation.
    if (
      record === undefined ||
      organizations.of(record.clientId) !== organizations.of(args.clientId) ||
      (foreignRevoke === 'refuse' && record.clientId !== args.clientId)
    ) {
      throw new MatterportError('not.found', 'No such embed token');
    }
    // Mode `false`: the Boolean the schema allows, with the token left as it was.
    if (revokeAnswer === 'false') return false;
    // Mode `not.found`: the answer a client gets for a token that is gone, given for one that is
    // not (whoever minted it), so a client's reading of not.found can be seen and tested.
    if (revokeAnswer === 'not.found') throw new MatterportError('not.found', 'No such embed token');
    ctx.state.embedTokens.revoke(args.accessToken);
    return true;
  },
};

/** `Model` and `ModelSearchResult` share these: both are a stored `ModelRecord`. */
const modelFields = {
  image: (model: ModelRecord): ImageSource => ({ modelId: model.id }),
  views: (model: ModelRecord) => viewsOf(model.id, model.modified),
  publication: (model: ModelRecord, _args: unknown, ctx: GraphContext) => {
    // Sandbox choice: every visibility but private counts as published.
    const published = model.accessVisibility !== 'private';
    return {
      description: model.publicDescription,
      published,
      url: published ? showcaseUrl(ctx.origin, model.id) : null,
    };
  },
};

const image = {
  // Sandbox choice: without a resolution the URL is for `web`.
  resizeUrl: (
    source: ImageSource,
    args: { resolution?: PhotoResolution | null },
    ctx: GraphContext
  ): string =>
    ctx.state.thumbnails.url(
      // Mode `other-host`: the address names another host than the API's.
      ctx.state.modes.thumbnailHost === 'other-host' ? otherHostOrigin(ctx.origin) : ctx.origin,
      source.modelId,
      args.resolution ?? 'web',
      ctx.state.config.thumbnailTtlSeconds
    ),
};

const RESOLVERS = {
  Query: query,
  Mutation: mutation,
  Model: modelFields,
  ModelSearchResult: modelFields,
  Image: image,
};

/** Puts the resolvers onto a schema built from SDL (what graphql-tools would do, without the dependency). */
export function attachResolvers(schema: GraphQLSchema): GraphQLSchema {
  for (const [typeName, fields] of Object.entries(RESOLVERS)) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`schema has no object type ${typeName}`);
    const schemaFields = type.getFields();
    for (const [fieldName, resolver] of Object.entries(fields)) {
      const field = schemaFields[fieldName];
      if (!field) throw new Error(`schema has no field ${typeName}.${fieldName}`);
      // Each resolver declares its own source and argument types; graphql-js checks them against the schema at run time.
      field.resolve = resolver as GraphQLFieldResolver<unknown, GraphContext>;
    }
  }
  return schema;
}

async function mintLatency(ctx: GraphContext): Promise<void> {
  if (!(await delay(ctx.state.config.mintLatencyMs, ctx.signal))) {
    throw new MatterportError('error.internal', 'The sandbox is stopping');
  }
}

/**
 * Sandbox choice: any registered client's id and secret authorise a
 * mutation, not only the client whose access token made the call; what the
 * mutation may touch is then limited to that client's organisation
 * (`mintable`, the revocation's organisation check).
 */
function authorize(ctx: GraphContext, args: CredentialArgs): void {
  if (!ctx.state.clients.verify(args.clientId, args.clientSecret)) {
    throw new MatterportError('request.unauthorized', 'Invalid clientId or clientSecret');
  }
}

/**
 * Mode `clientsWithoutPrivateModelEmbed`: an account without the Private
 * Model Embed add-on. Public material shows no answer for it;
 * `request.unauthorized` is the documented code for "authenticated, not
 * allowed". Either side of the call counts: the account access token's
 * client, or the client whose credentials the mutation carries.
 */
function entitled(ctx: GraphContext, clientId: string): void {
  for (const id of new Set([ctx.accountClientId, clientId])) {
    if (!ctx.state.hasPrivateModelEmbed(id)) {
      // Mode `noPmeAnswer`: which of the plausible codes Matterport answers.
      throw new MatterportError(
        ctx.state.modes.noPmeAnswer,
        'Private Model Embed is not enabled for this account'
      );
    }
  }
}

/**
 * A space the credentials' organisation holds, and the account token's organisation too: a
 * link minted with another organisation's credentials is refused (`not.found`, as for a space one
 * may not see). Sandbox choice: only active spaces can be embedded; archived ones are refused
 * with `request.unsupported`.
 */
function mintable(ctx: GraphContext, clientId: string, modelId: string): ModelRecord {
  const { organizations } = ctx.state;
  const model =
    organizations.holds(clientId, modelId) && organizations.holds(ctx.accountClientId, modelId)
      ? ctx.state.catalogue.get(modelId)
      : undefined;
  if (!model) throw new MatterportError('not.found', `Model ${modelId} not found`);
  if (model.state !== 'active') {
    throw new MatterportError(
      'request.unsupported',
      `Model ${modelId} is ${model.state}; only active models can be embedded`
    );
  }
  return model;
}

function validForSeconds(ctx: GraphContext, validFor: string | null | undefined): number {
  const parsed = parseValidFor(validFor, ctx.state.modes.validForFormats);
  if (!parsed.ok) throw new MatterportError('request.invalid', parsed.message);
  return parsed.seconds;
}

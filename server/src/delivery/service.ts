import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

import {
  MatterportError,
  NOT_CONFIGURED_FOR_READERS,
  toMatterportError,
} from '../../../common/errors';
import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { connectionOf, storedPart, type StoredModelValue } from '../../../common/field-value';
import { withShowcaseParams } from '../../../common/showcase';
// What delivery writes into a response is the content API's contract, the type the kit and
// site developers read: a change on either side fails to compile here.
import type {
  DeliveredError,
  MatterportActivate,
  MatterportEmbedOnDemand,
  MatterportEmbedPublic,
  MatterportEmbedUnavailable,
  MatterportEmbedWithLink,
  MatterportPoster,
} from '../../../common/value';
import { createEmbedUrls, type EmbedUrls } from '../embeds/urls';
import type { DraftLinksPolicy, ResolvedConfig } from '../config';
import type { Cipher } from '../crypto';
import type { CachedLink } from '../links';
import type { SettingsSnapshot } from '../settings';
import { deliveryError } from '../errors';
import { graphQLDeliveryError, isGraphQLRequest } from '../graphql/errors';
import { getService } from '../utils/get-service';
import { plainShowcaseLink } from '../privacy';
import { valueQuery, withPresentation } from '../views';
import {
  buildPlansFor,
  collectSlots,
  type FieldPlan,
  type FieldSlot,
  type SchemaPlan,
  type SlotEntry,
} from './plan';
import {
  getSession,
  isApiTokenRequest,
  isContentApiRequest,
  readsDraft,
  type DeliverySession,
} from './session';

const TIMEOUT = Symbol('timeout');

/** A value's `poster` and `activate`, or nulls (a draft, an entry the read does not name). */
const NO_URLS: { poster: MatterportPoster | null; activate: MatterportActivate | null } = {
  poster: null,
  activate: null,
};

/** A value delivered without a link: the stored part, its connection, nulls, and why. */
const unavailable = (
  stored: StoredModelValue | null,
  error: DeliveredError,
  urls: EmbedUrls | null
): MatterportEmbedUnavailable => ({
  ...(stored ?? { modelId: null }),
  connection: stored ? connectionOf(stored) : null,
  link: null,
  accessToken: null,
  validUntil: null,
  error,
  poster: (urls ?? NO_URLS).poster,
  activate: (urls ?? NO_URLS).activate,
});

/**
 * A cached link with a field's Showcase parameters, composed once per link and parameter
 * set: the same few fields deliver the same link to every reader until it is replaced.
 */
const composed = new WeakMap<CachedLink, Map<string, string>>();
const composedLink = (link: CachedLink, query: string): string => {
  let byQuery = composed.get(link);
  if (!byQuery) composed.set(link, (byQuery = new Map()));
  let url = byQuery.get(query);
  if (url === undefined) byQuery.set(query, (url = withShowcaseParams(link.link, query)));
  return url;
};

/**
 * The `draftLinks` policy for this request's draft versions: refused, given to everyone
 * ('always'), or given because of the request's API token (an answer for that token only).
 */
const draftAccess = (policy: DraftLinksPolicy, ctx: Context): 'refused' | 'public' | 'private' =>
  policy === 'always'
    ? 'public'
    : policy === 'api-token' && isApiTokenRequest(ctx)
      ? 'private'
      : 'refused';

/**
 * Delivery: finds the Matterport values in what the content API is about to answer
 * (through the plans decided at start-up) and fills each with a link from the links
 * service, within the request's time budget. It never calls Matterport itself.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Built on first use rather than in our bootstrap: the GraphQL plugin builds its schema
  // (running our extension factory) in ITS bootstrap, which may come before ours when
  // `graphql` is listed first in config/plugins. Content types and components are all
  // known once every register has run, which is before any bootstrap.
  let built: ReadonlyMap<string, SchemaPlan> | undefined;
  const plansNow = (): ReadonlyMap<string, SchemaPlan> =>
    (built ??= buildPlansFor(
      strapi,
      getService('runtime', strapi).config().defaultDelivery,
      getService('runtime', strapi).config().presets
    ));
  const config = () => getService('runtime', strapi).config();
  const links = () => getService('links', strapi);
  const viewsService = () => getService('views', strapi);
  // The runtime service keeps one cipher per process: looked up once, not per value.
  let cipher: Cipher | undefined;
  const embedUrls = createEmbedUrls(
    strapi,
    () => (cipher ??= getService('runtime', strapi).cipher())
  );

  /**
   * `poster` and `activate` of a published value at a known place, or null: a draft never
   * carries a ref (whatever its mode), nor does a value whose entry the read does not name
   * (its ref could not name the entry the route checks), a value with no model, or any value
   * when no encryption key can sign refs.
   */
  const urlsOf = (
    ctx: Context,
    slot: FieldSlot,
    modelId: string | null,
    draft: boolean
  ): EmbedUrls | null =>
    draft || !slot.entry || modelId === null || !embedUrls.canSign()
      ? null
      : embedUrls.embedUrls(ctx, {
          uid: slot.entry.uid,
          documentId: slot.entry.documentId,
          locale: slot.entry.locale,
          path: slot.entryPath,
          modelId,
        });

  const service = {
    /** Whether anything below this uid can hold a Matterport value (decided at start-up). */
    hasPlan: (uid: string): boolean => plansNow().has(uid),

    /** Whether a read of this uid not asked for `published` reads drafts (see SchemaPlan). */
    reachesDrafts: (uid: string): boolean => plansNow().get(uid)?.reachesDrafts === true,

    /** The plans, built from strapi.contentTypes and strapi.components on first call. */
    plans: plansNow,

    /**
     * Delivers every Matterport value in a document-service result for this uid. Answers
     * undefined when it is done already (every link fresh in memory: the warm path makes no
     * promise), else a promise to wait for.
     */
    deliverResult(uid: string, result: unknown, ctx: Context): Promise<void> | undefined {
      const plans = plansNow();
      if (!plans.has(uid) || !result) return undefined;
      const slots = collectSlots(plans, uid, result, { followRelations: true });
      return slots.length ? service.deliverSlots(slots, ctx) : undefined;
    },

    /**
     * Delivers one value (GraphQL field resolvers); already delivered values pass through.
     * `draft`: its holder is a draft entry (see isDraftEntry), whatever the request asked for.
     * `entry`: the entry whose attribute it is (a top-level field), when the resolver knows it;
     * a component's resolver does not, so its value gets no ref and an on-demand field falls
     * back to a link there.
     */
    async deliverValue(
      value: unknown,
      field: FieldPlan,
      ctx: Context | undefined,
      draft = false,
      entry?: SlotEntry,
      /** The field's path from `entry` (attribute keys, no list indexes); its key by default. */
      entryPath: string = field.key
    ): Promise<unknown> {
      if (
        !value ||
        typeof value !== 'object' ||
        'link' in (value as object) ||
        !isContentApiRequest(ctx)
      )
        return value;
      const holder: Record<string, unknown> = { [field.key]: value };
      await service.deliverSlots(
        [{ holder, field, path: [field.key], draft, entry, entryPath }],
        ctx
      );
      return holder[field.key];
    },

    /** Fills the slots; undefined when done at once (see deliverResult), else a promise. */
    deliverSlots(slots: FieldSlot[], ctx: Context): Promise<void> | undefined {
      const cfg = config();
      const session = getSession(ctx, cfg.deliveryTimeoutMs) as DeliverySession;
      const pending = slots.filter((s) => {
        const v = s.holder[s.field.key];
        return v !== null && v !== undefined && !(typeof v === 'object' && 'link' in (v as object));
      });
      if (!pending.length) return undefined;

      // Draft versions: decided before anything else, so a refused read never mints. The
      // whole request when it reads drafts (its status reaches a D&P type); otherwise each
      // value held by a draft entry (defence in depth: a draft wherever it appears).
      const draftRequest = readsDraft(ctx);
      const drafts = draftRequest ? pending : pending.filter((s) => s.draft);
      let linked = pending;
      if (drafts.length) {
        const access = draftAccess(cfg.draftLinks, ctx);
        if (access === 'private') session.privateOnly = true;
        if (access === 'refused') {
          const refusal = new MatterportError('MATTERPORT_DRAFT');
          // Nothing in this answer may outlive the draft in a cache.
          session.hadError = true;
          for (const slot of drafts) {
            slot.holder[slot.field.key] = unavailable(
              storedPart(slot.holder[slot.field.key]),
              refusal.toJSON(),
              null
            );
          }
          if (cfg.onError === 'throw') {
            ctx.set('X-Matterport-Error', refusal.code);
            const answer = deliveryError(refusal);
            // In a GraphQL resolver an HTTP error would become a 200 with INTERNAL_SERVER_ERROR.
            if (isGraphQLRequest(strapi, ctx)) throw graphQLDeliveryError(refusal, answer.status);
            throw answer;
          }
          if (drafts.length === pending.length) return undefined;
          linked = pending.filter((s) => !s.draft);
        }
      }

      // On-demand values of published entries: no link, no Matterport call, no settings read
      // (the activation route reports a missing configuration when a visitor asks), and no
      // bound on the page's caches (session.freshUntil is left alone). A value whose ref
      // cannot be made (entry not named by the read, no encryption key) gets a link instead:
      // a value with neither a link nor a way to ask for one would show nothing.
      const minting = draftRequest ? linked : deliverOnDemand(linked, ctx);
      if (!minting.length) return undefined;

      return fill(minting, ctx, cfg, session);
    },
  };

  /** Delivers the on-demand values it can (see deliverSlots); answers the slots left to mint for. */
  const deliverOnDemand = (slots: FieldSlot[], ctx: Context): FieldSlot[] => {
    let rest: FieldSlot[] | undefined;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      const stored =
        // An `access: public` field has no token to hold back: its plain link is delivered.
        slot.field.delivery === 'on-demand' &&
        slot.field.access !== 'public' &&
        !slot.draft &&
        slot.entry
          ? storedPart(slot.holder[slot.field.key])
          : null;
      const urls = stored ? urlsOf(ctx, slot, stored.modelId, false) : null;
      if (!stored || !urls) {
        rest?.push(slot);
        continue;
      }
      // The first on-demand value starts the list of the others (a response without any
      // allocates nothing).
      rest ??= slots.slice(0, i);
      const value: MatterportEmbedOnDemand =
        stored.name === undefined
          ? {
              modelId: stored.modelId,
              connection: connectionOf(stored),
              link: null,
              accessToken: null,
              validUntil: null,
              poster: urls.poster,
              activate: urls.activate,
            }
          : {
              modelId: stored.modelId,
              connection: connectionOf(stored),
              name: stored.name,
              link: null,
              accessToken: null,
              validUntil: null,
              poster: urls.poster,
              activate: urls.activate,
            };
      slot.holder[slot.field.key] = withPresentation(value, stored);
    }
    return rest ?? slots;
  };

  /**
   * A connection's settings on the warm path, without a promise: its snapshot, null when the
   * settings are fresh and hold no such connection (removed, or never made: its values fail),
   * undefined when the settings are stale (fill reads them).
   */
  const peekConnection = (id: string): SettingsSnapshot | null | undefined => {
    const settingsService = getService('settings', strapi);
    const known = settingsService.peekConnectionSnapshot(id);
    if (known) return known;
    // peekConnectionSnapshot answers undefined for stale settings too; every connection is
    // read in one load with the default's, so fresh default settings mean "no such connection".
    return settingsService.peekSnapshot() ? null : undefined;
  };

  /** Why a connection cannot make links (answered to its values only), or undefined when it can. */
  const unusable = (
    connection: string,
    settings: SettingsSnapshot | null
  ): MatterportError | undefined =>
    !settings
      ? new MatterportError(
          'MATTERPORT_NOT_CONFIGURED',
          `There is no Matterport connection "${connection}".`
        )
      : settings.problem || !settings.credentials || !settings.fingerprint
        ? new MatterportError('MATTERPORT_NOT_CONFIGURED', settings.problem)
        : undefined;

  /**
   * The links of the pending slots: those fresh in memory at once (no promise, no timer),
   * the others from the links service within the request's time budget. Each value's link
   * comes from the connection it names (its organisation's credentials, fingerprint and
   * default lifetime); a connection that cannot make links fails its own values only.
   */
  const fill = (
    pending: FieldSlot[],
    ctx: Context,
    cfg: ResolvedConfig,
    session: DeliverySession
  ): Promise<void> | undefined => {
    // Looked up once per response: the warm loop below runs for every delivered field.
    const linkService = links();
    const catalogue = getService('catalogue', strapi);
    const privacy = getService('privacy', strapi);
    const failures: MatterportError[] = [];
    // Every value of a request that reads drafts is a draft (see deliverSlots).
    const draftRequest = readsDraft(ctx);
    const fail = (slot: FieldSlot, stored: StoredModelValue | null, failure: MatterportError) => {
      // Readers learn "not configured", never the admin's reason (e.g. previousEncryptionKeys).
      const error =
        failure.code === 'MATTERPORT_NOT_CONFIGURED'
          ? new MatterportError(failure.code, NOT_CONFIGURED_FOR_READERS)
          : failure;
      session.hadError = true;
      failures.push(error);
      // A published value keeps its poster and activation URL: the failure may pass (a
      // timeout, Matterport unavailable), the kit's retry asks the route, and the route checks
      // everything again at each use.
      slot.holder[slot.field.key] = unavailable(
        stored,
        { code: error.code, message: error.message },
        urlsOf(ctx, slot, stored?.modelId ?? null, draftRequest || slot.draft)
      );
    };

    const deliver = (
      slot: FieldSlot,
      stored: StoredModelValue,
      connection: string,
      link: CachedLink,
      /** A View delivered as its model's link: where the View starts (issue 28). */
      start?: string | null
    ) => {
      // Literals of a fixed shape rather than a spread: this runs for every delivered field.
      const url = composedLink(link, valueQuery(slot.field.query, stored, start));
      const urls = urlsOf(ctx, slot, stored.modelId, draftRequest || slot.draft) ?? NO_URLS;
      const value: MatterportEmbedWithLink =
        stored.name === undefined
          ? {
              modelId: stored.modelId,
              connection,
              link: url,
              accessToken: link.accessToken,
              validUntil: link.validUntil,
              access: 'private',
              poster: urls.poster,
              activate: urls.activate,
            }
          : {
              modelId: stored.modelId,
              connection,
              name: stored.name,
              link: url,
              accessToken: link.accessToken,
              validUntil: link.validUntil,
              access: 'private',
              poster: urls.poster,
              activate: urls.activate,
            };
      slot.holder[slot.field.key] = withPresentation(value, stored);
      session.freshUntil = Math.min(
        session.freshUntil,
        link.validUntilMs - linkService.minRemainingMs(link.lifetimeSeconds)
      );
    };

    /** The plain Showcase link of a public or unlisted space (issue 28): nothing minted, no token. */
    const deliverPlain = (slot: FieldSlot, stored: StoredModelValue, connection: string) => {
      const urls = urlsOf(ctx, slot, stored.modelId, draftRequest || slot.draft) ?? NO_URLS;
      const value: MatterportEmbedPublic = {
        modelId: stored.modelId,
        connection,
        ...(stored.name === undefined ? {} : { name: stored.name }),
        // Showcase takes a View ID in `m` (Matterport documents it for Showcase URLs).
        link: plainShowcaseLink(
          stored.view ?? stored.modelId,
          valueQuery(slot.field.query, stored)
        ),
        accessToken: null,
        validUntil: null,
        access: 'public',
        poster: urls.poster,
        activate: urls.activate,
      };
      slot.holder[slot.field.key] = withPresentation(value, stored);
    };

    /** Values waiting for their space's visibility (issue 28): read once each, then decided again. */
    let lookups:
      | Array<{
          slot: FieldSlot;
          stored: StoredModelValue;
          connection: string;
          settings: SettingsSnapshot | null;
        }>
      | undefined;
    /**
     * How the field's `access` and the plugin's `publicSpaces` send the value (privacy/decide.ts):
     * true when it is settled here (a plain link, an error) or waits for a look-up; false for a
     * PME link. The default field asks nothing of the catalogue.
     */
    const routed = (
      slot: FieldSlot,
      stored: StoredModelValue,
      connection: string,
      settings: SettingsSnapshot | null
    ): boolean => {
      // The default field and policy: PME, decided without a call (the hot path).
      if (slot.field.access === 'private' && cfg.publicSpaces === 'pme') return false;
      const route = privacy.route(slot.field.access, cfg.publicSpaces, connection, stored.modelId);
      if (route === 'pme') return false;
      if (route === 'plain') deliverPlain(slot, stored, connection);
      else if (route === 'lookup') (lookups ??= []).push({ slot, stored, connection, settings });
      else fail(slot, stored, new MatterportError(route.error));
      return true;
    };

    /** With onError 'throw', the first failure becomes the answer (after every slot is filled). */
    const throwIfAsked = () => {
      if (!failures.length || cfg.onError !== 'throw') return;
      const first = failures[0];
      const answer = deliveryError(first);
      // Strapi hides the message of 5xx answers; the code stays visible for the site's logs.
      ctx.set('X-Matterport-Error', first.code);
      if (isGraphQLRequest(strapi, ctx)) throw graphQLDeliveryError(first, answer.status);
      throw answer;
    };

    const misses: Array<{
      slot: FieldSlot;
      stored: StoredModelValue;
      connection: string;
      lifetime: number;
      fingerprint: string;
      key: string;
      /** What the link is minted for: the model, or the value's View (issue 28). */
      linkId: string;
    }> = [];
    /** A value whose connection's settings are known: a link from memory, a miss, or its failure. */
    const attempt = (
      slot: FieldSlot,
      stored: StoredModelValue,
      connection: string,
      settings: SettingsSnapshot | null
    ) => {
      const problem = unusable(connection, settings);
      if (problem) {
        fail(slot, stored, problem);
        return;
      }
      // A space Matterport said is gone (model events, issue 28): from memory, nothing minted.
      if (catalogue.isGone(connection, stored.modelId)) {
        fail(slot, stored, new MatterportError('MATTERPORT_MODEL_GONE'));
        return;
      }
      if (routed(slot, stored, connection, settings)) return;
      const { fingerprint, defaultValidForSeconds } = settings as SettingsSnapshot & {
        fingerprint: string;
      };
      const lifetime = slot.field.validForSeconds ?? defaultValidForSeconds;
      // A value with a View (issue 28): the View's ID or, where Matterport refuses those, the model's.
      const target =
        stored.view === undefined
          ? undefined
          : viewsService().target(stored as StoredModelValue & { view: string }, connection);
      const linkId = target ? target.id : stored.modelId;
      const fresh =
        target && !target.ready ? undefined : linkService.peekFresh(linkId, lifetime, fingerprint);
      if (fresh) deliver(slot, stored, connection, fresh, target?.start);
      // Keyed by fingerprint too: one response asks once per organisation, model and lifetime.
      else
        misses.push({
          slot,
          stored,
          connection,
          lifetime,
          fingerprint,
          key: `${fingerprint}|${linkId}|${lifetime}`,
          linkId,
        });
    };

    // The settings of the connections met so far. A response's values mostly name one
    // connection: the last one is kept aside, and the map is made only for a second one.
    let lastConnection: string | undefined;
    let lastSettings: SettingsSnapshot | null | undefined;
    let met: Map<string, SettingsSnapshot | null | undefined> | undefined;
    /** Values whose connection's settings are stale: read (once for all) below. */
    let unread:
      | Array<{ slot: FieldSlot; stored: StoredModelValue; connection: string }>
      | undefined;
    for (const slot of pending) {
      const stored = storedPart(slot.holder[slot.field.key]);
      if (!stored) {
        fail(
          slot,
          null,
          new MatterportError(
            'MATTERPORT_BAD_REQUEST',
            'The stored value is not a Matterport model reference.'
          )
        );
        continue;
      }
      const connection = stored.connection ?? DEFAULT_CONNECTION_ID;
      if (connection !== lastConnection) {
        if (lastConnection !== undefined) (met ??= new Map()).set(lastConnection, lastSettings);
        lastSettings = met?.has(connection) ? met.get(connection) : peekConnection(connection);
        lastConnection = connection;
      }
      if (lastSettings === undefined) (unread ??= []).push({ slot, stored, connection });
      else attempt(slot, stored, connection, lastSettings);
    }
    if (!misses.length && !unread && !lookups) {
      throwIfAsked();
      return undefined;
    }

    /**
     * Reads the spaces of the values waiting for their visibility (one read per space, within
     * the request's budget), then sends each value where the decision now says; a space that
     * could not be read gets that failure.
     */
    const settleLookups = async (timer: Promise<typeof TIMEOUT>) => {
      const waiting = lookups ?? [];
      lookups = undefined;
      const outcomes = new Map<string, Promise<unknown>>();
      for (const { stored, connection } of waiting) {
        const key = `${connection}\u0000${stored.modelId}`;
        if (!outcomes.has(key))
          outcomes.set(key, Promise.race([privacy.lookup(connection, stored.modelId), timer]));
      }
      const settled = new Map<string, unknown>();
      await Promise.all([...outcomes].map(async ([key, p]) => settled.set(key, await p)));
      for (const { slot, stored, connection, settings } of waiting) {
        const outcome = settled.get(`${connection}\u0000${stored.modelId}`);
        if (outcome === TIMEOUT) fail(slot, stored, new MatterportError('MATTERPORT_TIMEOUT'));
        else if (outcome instanceof MatterportError) fail(slot, stored, outcome);
        else {
          const route = privacy.route(
            slot.field.access,
            cfg.publicSpaces,
            connection,
            stored.modelId
          );
          if (route === 'lookup')
            // Matterport answered without a visibility the plugin knows: nothing to decide on.
            fail(slot, stored, new MatterportError('MATTERPORT_UNAVAILABLE'));
          else if (route === 'pme') attempt(slot, stored, connection, settings);
          else if (route === 'plain') deliverPlain(slot, stored, connection);
          else fail(slot, stored, new MatterportError(route.error));
        }
      }
    };

    return (async () => {
      if (unread) {
        // One read of the settings answers every connection (concurrent getConnectionSnapshot
        // calls share it); undefined there means the connection does not exist.
        const settingsService = getService('settings', strapi);
        const ids = [...new Set(unread.map((u) => u.connection))];
        const loaded = new Map(
          await Promise.all(
            ids.map(
              async (id) => [id, (await settingsService.getConnectionSnapshot(id)) ?? null] as const
            )
          )
        );
        for (const { slot, stored, connection } of unread)
          attempt(slot, stored, connection, loaded.get(connection) ?? null);
        if (!misses.length && !lookups) {
          throwIfAsked();
          return;
        }
      }
      let timeout: NodeJS.Timeout | undefined;
      const timer = new Promise<typeof TIMEOUT>((resolve) => {
        timeout = setTimeout(() => resolve(TIMEOUT), Math.max(0, session.deadline - Date.now()));
      });
      if (lookups) await settleLookups(timer);
      if (!misses.length) {
        clearTimeout(timeout);
        throwIfAsked();
        return;
      }
      // The distinct links of this response are fetched concurrently (bounded by mintConcurrency).
      const outcomes = new Map<string, Promise<CachedLink | MatterportError>>();
      for (const { stored, connection, lifetime, fingerprint, key, linkId } of misses) {
        if (outcomes.has(key)) continue;
        const job =
          stored.view === undefined
            ? linkService.getLink(stored.modelId, lifetime, fingerprint, 'delivery', connection)
            : viewsService()
                .getLink(
                  stored as StoredModelValue & { view: string },
                  connection,
                  lifetime,
                  fingerprint
                )
                .then((got) => got.link);
        // A timed-out job keeps running and fills the cache for the next request.
        job.catch(() => undefined);
        outcomes.set(
          key,
          Promise.race([job, timer]).then(
            (outcome) =>
              outcome === TIMEOUT
                ? (linkService.peekValid(linkId, lifetime, fingerprint) ??
                  new MatterportError('MATTERPORT_TIMEOUT'))
                : outcome,
            (error: unknown) => toMatterportError(error)
          )
        );
      }
      const settled = new Map<string, CachedLink | MatterportError>();
      await Promise.all(
        [...outcomes].map(async ([key, outcome]) => settled.set(key, await outcome))
      );
      for (const { slot, stored, connection, key } of misses) {
        const outcome = settled.get(key) as CachedLink | MatterportError;
        if (!(outcome instanceof MatterportError))
          deliver(
            slot,
            stored,
            connection,
            outcome,
            stored.view === undefined
              ? undefined
              : viewsService().target(stored as StoredModelValue & { view: string }, connection)
                  .start
          );
        // An `auto` value whose mint says the account has no PME is decided again (issue 28).
        else if (
          slot.field.access === 'auto' &&
          (await privacy.confirmsNoPme(connection, stored.modelId, outcome))
        )
          routed(slot, stored, connection, null);
        else fail(slot, stored, outcome);
      }
      if (lookups) await settleLookups(timer);
      clearTimeout(timeout);
      throwIfAsked();
    })();
  };

  return service;
};

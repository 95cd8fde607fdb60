import type { Core } from '@strapi/strapi';
import { LRUCache } from 'lru-cache';

import {
  MatterportError,
  NOT_CONFIGURED_FOR_READERS,
  toMatterportError,
} from '../../../common/errors';
import type { EmbedActivation } from '../../../common/contracts/embeds';
import type { StoredModelValue } from '../../../common/field-value';
import { withShowcaseParams } from '../../../common/showcase';
import type { CachedLink } from '../links';
import type { Thumbnail } from '../matterport/thumbnail';
import { getService } from '../utils/get-service';
import { valueQuery } from '../views';
import { createRateLimiter } from './rate-limit';
import { decodeRef, type EmbedTarget } from './ref';
import { fieldHolding, populateForPath, type Holding } from './published';

const MINUTE_MS = 60_000;
const TIMEOUT = Symbol('timeout');

/** The one refusal of a ref, whatever the reason: nothing tells a prober which check failed. */
const notPublished = () => new MatterportError('MATTERPORT_NOT_PUBLISHED');

/** Readers learn "not configured", never the admin's reason (as in delivery). */
const forReaders = (error: MatterportError): MatterportError =>
  error.code === 'MATTERPORT_NOT_CONFIGURED'
    ? new MatterportError(error.code, NOT_CONFIGURED_FOR_READERS)
    : error;

export interface ActivationAnswer {
  data: EmbedActivation;
  /** Seconds a browser may keep the answer: the link's life minus the links' margin. */
  maxAgeSeconds: number;
}

/**
 * Embeds: what the content-API routes `GET /api/matterport/embeds/:ref` (activation) and
 * `GET /api/matterport/posters/:ref` do with a ref. Each use decodes the ref (a MAC this
 * Strapi made), then reads the entry it names, published, and looks for the model along its
 * path: nothing of the check is remembered, so unpublishing, deleting or changing the space
 * kills the ref at once on every replica (they share the database). The link comes from the
 * links service as delivery's do (same cache, ledger, mint lock, failure memory; purpose
 * 'delivery').
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => getService('runtime', strapi).config();
  // Per process (README: each replica counts its own). The client limit is checked before the
  // ref is even decoded, so garbage costs a map lookup; the ref limit only counts refs this
  // Strapi signed, so forged refs cannot fill its map.
  const perClient = createRateLimiter({
    max: () => config().activationRateLimit,
    windowMs: MINUTE_MS,
  });
  const perRef = createRateLimiter({
    max: () => config().activationRefRateLimit,
    windowMs: MINUTE_MS,
  });
  const perPosterRef = createRateLimiter({
    max: () => config().activationRefRateLimit,
    windowMs: MINUTE_MS,
  });

  let posters: LRUCache<string, Thumbnail> | undefined;
  const posterCache = () =>
    (posters ??= new LRUCache({
      max: 500,
      maxSize: 64 * 1024 * 1024,
      sizeCalculation: (v) => v.body.length || 1,
      ttl: Math.max(config().thumbnailCacheTtlMs, 1),
    }));

  const take = (limiter: ReturnType<typeof createRateLimiter>, key: string) => {
    const verdict = limiter.take(key);
    if (!verdict.ok)
      throw new MatterportError('MATTERPORT_TOO_MANY_ACTIVATIONS', undefined, {
        retryAfter: verdict.retryAfterSeconds,
      });
  };

  /** The target's identity for the per-ref limit: the same place re-signed counts as one. */
  const targetKey = (t: EmbedTarget) =>
    JSON.stringify([t.uid, t.documentId, t.locale, t.path, t.modelId]);

  const service = {
    /**
     * The field of the published entry the ref names that still holds its model along its
     * path, and the connection that value names, or a MATTERPORT_NOT_PUBLISHED error (404)
     * for anything else.
     */
    async check(target: EmbedTarget): Promise<Holding> {
      const plans = getService('delivery', strapi).plans();
      if (!strapi.contentTypes[target.uid as keyof typeof strapi.contentTypes])
        throw notPublished();
      const populate = populateForPath(plans, target.uid, target.path);
      if (!populate) throw notPublished();
      let entry: unknown;
      const read = async () => {
        entry = await strapi
          .documents(target.uid as Parameters<typeof strapi.documents>[0])
          .findOne({
            documentId: target.documentId,
            ...(target.locale === null ? {} : { locale: target.locale }),
            status: 'published',
            ...(Object.keys(populate).length ? { populate } : {}),
          } as never);
      };
      // Read outside the request's context: the plugin's document middleware delivers links
      // into content-API reads, and this internal read must stay a plain read (no mint, no
      // draft mark) whatever the entry holds.
      await strapi.requestContext.run(
        undefined as unknown as Parameters<typeof strapi.requestContext.run>[0],
        read
      );
      const holding = entry
        ? fieldHolding(plans, target.uid, entry, target.path, target.modelId)
        : null;
      if (!holding) throw notPublished();
      return holding;
    },

    /** Decodes and checks a ref (after the client's limit); rate limits throw 429. */
    async resolve(
      ref: unknown,
      limits: { client?: ReturnType<typeof createRateLimiter>; ref: typeof perRef },
      clientKey: string
    ): Promise<{ target: EmbedTarget } & Holding> {
      if (limits.client) take(limits.client, clientKey);
      const target = decodeRef(ref, getService('runtime', strapi).cipher());
      if (!target) throw notPublished();
      take(limits.ref, targetKey(target));
      return { target, ...(await service.check(target)) };
    },

    /** GET /api/matterport/embeds/:ref: a link for a visitor who asked for one. */
    async activate(ref: unknown, clientKey: string): Promise<ActivationAnswer> {
      const { target, field, connection, stored } = await service.resolve(
        ref,
        { client: perClient, ref: perRef },
        clientKey
      );
      // A space Matterport said is gone (model events, issue 28): refused, nothing minted.
      if (getService('catalogue', strapi).isGone(connection, target.modelId))
        throw new MatterportError('MATTERPORT_MODEL_GONE');
      // The link comes from the connection the published value names (its organisation).
      const settingsService = getService('settings', strapi);
      const settings =
        settingsService.peekConnectionSnapshot(connection) ??
        (await settingsService.getConnectionSnapshot(connection));
      if (!settings || settings.problem || !settings.credentials || !settings.fingerprint)
        throw forReaders(new MatterportError('MATTERPORT_NOT_CONFIGURED'));
      const fingerprint = settings.fingerprint;
      const lifetime = field.validForSeconds ?? settings.defaultValidForSeconds;
      const links = getService('links', strapi);
      // A value with a View (issue 28): its link as delivery makes it (the View, or the model).
      const viewed = stored.view === undefined ? undefined : presented(stored, connection);
      const linkId = viewed ? viewed.target().id : target.modelId;
      const link =
        (viewed && !viewed.target().ready
          ? undefined
          : links.peekFresh(linkId, lifetime, fingerprint)) ??
        (await linkWithin(
          linkId,
          lifetime,
          fingerprint,
          connection,
          viewed?.mint(lifetime, fingerprint)
        ));
      const remainingMs =
        link.validUntilMs - Date.now() - links.minRemainingMs(link.lifetimeSeconds);
      return {
        data: {
          modelId: target.modelId,
          link: withShowcaseParams(
            link.link,
            valueQuery(field.query, stored, viewed?.target().start)
          ),
          accessToken: link.accessToken,
          validUntil: link.validUntil,
        },
        maxAgeSeconds: Math.max(0, Math.floor(remainingMs / 1000)),
      };
    },

    /** A space's details changed at Matterport (model event): its cached poster goes. */
    forgetPoster(connection: string, modelId: string): void {
      posters?.delete(`${connection}|${modelId}`);
    },

    /** GET /api/matterport/posters/:ref: the model's image, for models in published content only. */
    async poster(ref: unknown): Promise<Thumbnail> {
      const { target, connection } = await service.resolve(ref, { ref: perPosterRef }, '');
      const cache = posterCache();
      // Asked of the organisation the published value names (a model exists in one only).
      const key = `${connection}|${target.modelId}`;
      let image = cache.get(key);
      if (!image) {
        try {
          image = await getService('matterport', strapi).thumbnail(target.modelId, connection);
        } catch (error) {
          throw forReaders(toMatterportError(error, 'thumbnail'));
        }
        cache.set(key, image);
      }
      return image;
    },
  };

  /** The views service's answers for a value with a View (issue 28). */
  const presented = (stored: StoredModelValue, connection: string) => {
    const views = getService('views', strapi);
    const value = stored as StoredModelValue & { view: string };
    return {
      target: () => views.target(value, connection),
      mint: (lifetime: number, fingerprint: string) =>
        views.getLink(value, connection, lifetime, fingerprint).then((got) => got.link),
    };
  };

  /**
   * A link from the links service within the delivery budget (deliveryTimeout), as delivery
   * asks for one: a timed-out mint keeps running and fills the cache for the next request.
   */
  const linkWithin = async (
    modelId: string,
    lifetime: number,
    fingerprint: string,
    connection: string,
    /** The mint to wait for, when not the model's (a View's, issue 28). */
    mint?: Promise<CachedLink>
  ): Promise<CachedLink> => {
    const links = getService('links', strapi);
    const job = mint ?? links.getLink(modelId, lifetime, fingerprint, 'delivery', connection);
    job.catch(() => undefined);
    let timeout: NodeJS.Timeout | undefined;
    const timer = new Promise<typeof TIMEOUT>((resolve) => {
      timeout = setTimeout(() => resolve(TIMEOUT), config().deliveryTimeoutMs);
    });
    try {
      const outcome = await Promise.race([job, timer]);
      if (outcome !== TIMEOUT) return outcome;
      const valid = links.peekValid(modelId, lifetime, fingerprint);
      if (valid) return valid;
      throw new MatterportError('MATTERPORT_TIMEOUT');
    } catch (error) {
      throw forReaders(toMatterportError(error, 'delivery'));
    } finally {
      clearTimeout(timeout);
    }
  };

  return service;
};

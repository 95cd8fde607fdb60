import type { Core } from '@strapi/strapi';

import { DEFAULT_CONNECTION_ID } from '../../../common/connection-id';
import { getService } from '../utils/get-service';
import { publishedEntriesHolding, type EntryRef } from './published';
import { sendWebhook, WEBHOOK_EVENTS } from './webhooks';

export interface ExpiringPayload {
  /** The earliest expiry among the announced links. */
  expiresAt: string;
  leadSeconds: number;
  modelIds: string[];
  /** The connections (Matterport organisations) whose links these are, sorted (issue 26). */
  connections: string[];
  models: Array<{ modelId: string; connection: string; validUntil: string; links: number }>;
  entries: Array<EntryRef & { modelIds: string[] }>;
}

/**
 * `matterport.links.expiring`: a lead time before a link delivered in published content
 * expires, so a statically built site (or a CDN) rebuilds while its links still work.
 *
 * The ledger says which delivery links are still usable and when they expire (through the
 * purpose+validUntil index, so the look is cheap and done every few seconds); only when some
 * link not yet announced enters the lead window are the published entries scanned. One
 * event covers every link expiring within one and a half lead times (a wave), each link is
 * announced once, and replicas agree through the shared lock table on who sends it.
 */
export const createExpiringWatch = (strapi: Core.Strapi) => {
  const announced = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const forgetPast = (now: number) => {
    for (const [id, validUntilMs] of announced) if (validUntilMs <= now) announced.delete(id);
  };

  const check = async (): Promise<ExpiringPayload | null> => {
    const leadMs = getService('runtime', strapi).config().expiringLeadMs;
    const links = getService('links', strapi);
    const now = Date.now();
    forgetPast(now);
    const due = await links.deliveryLinksExpiringBefore(new Date(now + leadMs));
    const fresh = due.filter((row) => !announced.has(row.id));
    if (!fresh.length) return null;
    // The wave: everything not yet announced that expires before a rebuild started now would matter.
    const wave = (
      await links.deliveryLinksExpiringBefore(new Date(now + leadMs * 1.5), 5000)
    ).filter((row) => !announced.has(row.id));
    for (const row of wave) announced.set(row.id, new Date(row.validUntil).getTime());
    const lastExpiry = Math.max(...wave.map((r) => new Date(r.validUntil).getTime()));
    // Another replica may be looking at the same wave: the first to take its lock sends it.
    const claimed = await links.claim(
      `expiring|${wave[0].id}`,
      Math.max(lastExpiry - now, 0) + leadMs + 60_000
    );
    if (!claimed) return null;

    const holders = await publishedEntriesHolding(strapi, new Set(wave.map((r) => r.modelId)));
    const inPublished = wave.filter((row) => holders.has(row.modelId));
    if (!inPublished.length) return null;

    // Per model and connection (a model lives in one organisation; a row of before connections is the default's).
    const models = new Map<
      string,
      { modelId: string; connection: string; validUntil: number; links: number }
    >();
    for (const row of inPublished) {
      const at = new Date(row.validUntil).getTime();
      const connection = row.connection ?? DEFAULT_CONNECTION_ID;
      const key = `${connection}|${row.modelId}`;
      const seen = models.get(key);
      if (seen) {
        seen.validUntil = Math.min(seen.validUntil, at);
        seen.links += 1;
      } else models.set(key, { modelId: row.modelId, connection, validUntil: at, links: 1 });
    }
    const modelIds = [...new Set([...models.values()].map((m) => m.modelId))];
    const entries = new Map<string, EntryRef & { modelIds: string[] }>();
    for (const modelId of modelIds) {
      for (const ref of holders.get(modelId) ?? []) {
        const key = `${ref.uid}|${ref.documentId}|${ref.locale ?? ''}`;
        const entry = entries.get(key);
        if (entry) entry.modelIds.push(modelId);
        else entries.set(key, { ...ref, modelIds: [modelId] });
      }
    }
    const payload: ExpiringPayload = {
      expiresAt: new Date(Math.min(...[...models.values()].map((m) => m.validUntil))).toISOString(),
      leadSeconds: Math.round(leadMs / 1000),
      modelIds: [...modelIds].sort(),
      connections: [...new Set([...models.values()].map((m) => m.connection))].sort(),
      models: [...models.values()].map((m) => ({
        modelId: m.modelId,
        connection: m.connection,
        validUntil: new Date(m.validUntil).toISOString(),
        links: m.links,
      })),
      entries: [...entries.values()],
    };
    sendWebhook(
      strapi,
      WEBHOOK_EVENTS.MATTERPORT_LINKS_EXPIRING,
      payload as unknown as Record<string, unknown>
    );
    strapi.log.info(
      `[matterport] links of ${payload.modelIds.length} model(s) in published content expire from ${payload.expiresAt}: sent ${WEBHOOK_EVENTS.MATTERPORT_LINKS_EXPIRING}`
    );
    return payload;
  };

  return {
    check,
    start() {
      const leadMs = getService('runtime', strapi).config().expiringLeadMs;
      const every = Math.min(Math.max(Math.round(leadMs / 4), 1000), 15_000);
      timer = setInterval(() => {
        if (running) return;
        running = true;
        check()
          .catch((error: Error) =>
            strapi.log.warn(`[matterport] expiring-links check failed: ${error.message}`)
          )
          .finally(() => {
            running = false;
          });
      }, every);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
};

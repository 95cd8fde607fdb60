import { randomBytes } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';

import { LRUCache } from 'lru-cache';

import { round } from './stats';

/**
 * What a full link cache weighs on the V8 heap, measured in this process: an
 * LRUCache (the plugin's own dependency, same options) filled with `entries` links
 * shaped exactly like the plugin's CachedLink, every string distinct, heap measured
 * after a full GC before and after. RSS of a live Strapi cannot resolve a few MB
 * under its own garbage; this can.
 */
export const cacheFootprint = (
  entries: number,
  shape: { origin: string; lifetimeSeconds: number }
) => {
  v8.setFlagsFromString('--expose_gc');
  const gc = vm.runInNewContext('gc') as () => void;
  const fingerprint = randomBytes(16).toString('base64url').slice(0, 22);
  gc();
  gc();
  const before = process.memoryUsage().heapUsed;
  const cache = new LRUCache<string, object>({ max: entries, ttlAutopurge: false });
  const validUntilMs = Date.now() + shape.lifetimeSeconds * 1000;
  for (let i = 0; i < entries; i += 1) {
    const modelId = `M${i.toString(36).padStart(10, '0')}`;
    const accessToken = randomBytes(19).toString('hex').slice(0, 25);
    cache.set(
      `${fingerprint}|${modelId}|${shape.lifetimeSeconds}`,
      {
        modelId,
        link: `${shape.origin}/show?m=${modelId}&auth=Bearer+${accessToken}`,
        accessToken,
        validUntil: new Date(validUntilMs).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        validUntilMs,
        lifetimeSeconds: shape.lifetimeSeconds,
        fingerprint,
      },
      { ttl: shape.lifetimeSeconds * 1000 }
    );
  }
  gc();
  gc();
  const bytes = process.memoryUsage().heapUsed - before;
  const held = cache.size;
  cache.clear();
  return {
    entries: held,
    heapMb: round(bytes / 1024 / 1024, 2),
    bytesPerEntry: Math.round(bytes / held),
  };
};

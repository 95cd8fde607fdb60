import { useEffect, useRef, useState } from 'react';

import { DEFAULT_CONNECTION_ID } from '../../../../common/connection-id';
import { useMatterportApi } from '../../api/useMatterportApi';

/** Enough for any real page of links; beyond it rows show the ID alone. */
const MAX_LOOKUPS = 50;
const CONCURRENCY = 3;

/**
 * Model names for the links table, best effort: the ledger only keeps IDs, so each
 * distinct ID is looked up once (a few at a time) and remembered for the page's life.
 * A failed lookup just leaves the ID on its own.
 */
export const useModelNames = (
  modelIds: string[],
  enabled: boolean,
  /** The connection holding each model (from its links): a model ID exists in one organisation. */
  connections: Record<string, string> = {}
): Record<string, string> => {
  const api = useMatterportApi();
  const holders = useRef(connections);
  holders.current = connections;
  const [names, setNames] = useState<Record<string, string>>({});
  const requested = useRef(new Set<string>());
  // Lookups outlive a change of the ID list (their IDs are not asked for again), so
  // only unmounting discards their answers.
  const mounted = useRef(true);
  const key = modelIds.join(',');

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    if (!enabled) return;
    const queue = Array.from(new Set(modelIds))
      .filter((id) => !requested.current.has(id))
      .slice(0, Math.max(0, MAX_LOOKUPS - requested.current.size));
    queue.forEach((id) => requested.current.add(id));

    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const holder = holders.current[id];
          const model = await api.getModel(
            id,
            holder && holder !== DEFAULT_CONNECTION_ID ? holder : undefined
          );
          if (mounted.current) setNames((previous) => ({ ...previous, [id]: model.name }));
        } catch {
          // Deleted model, no permission, Matterport down: the ID stands alone.
        }
      }
    };
    void Promise.all(Array.from({ length: CONCURRENCY }, worker));
    // `key` stands for modelIds: a new array with the same IDs must not restart lookups.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, key, enabled]);

  return names;
};

import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The plugin's ledger of minted links (server/src/content-types/link: collectionName). */
const LINKS_TABLE = 'matterport_links';

/**
 * The sandbox keeps its embed tokens in memory, so the links a previous demo run
 * minted (and the plugin stored for reuse) mean nothing to a new sandbox process:
 * Showcase would say "invalid". Before Strapi starts on an existing demo database,
 * forget them, so the first read mints fresh ones. Returns how many were removed.
 */
export const forgetMintedLinks = (file) => {
  if (!fs.existsSync(file)) return 0;
  const Database = require('better-sqlite3');
  const db = new Database(file);
  try {
    const table = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(LINKS_TABLE);
    if (!table) return 0;
    return db.prepare(`DELETE FROM ${LINKS_TABLE}`).run().changes;
  } finally {
    db.close();
  }
};

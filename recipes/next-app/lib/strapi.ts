import { readFile } from 'node:fs/promises';

import type { MatterportDeliveredValue } from 'strapi-plugin-matterport/client';

/** A Space as Strapi's REST API delivers it (the fields this page uses). */
export interface Space {
  documentId: string;
  title: string;
  /** The Matterport field: in `on-demand` mode a poster and an activation URL, no token. */
  tour: MatterportDeliveredValue | null;
}

const STRAPI_URL = (process.env.STRAPI_URL ?? 'http://localhost:1337').replace(/\/+$/, '');

/**
 * Every Space, read at build time and again whenever the page is revalidated. STRAPI_JSON
 * names a saved REST response instead (CI builds without a Strapi).
 */
export async function getSpaces(): Promise<Space[]> {
  if (process.env.STRAPI_JSON) {
    return (JSON.parse(await readFile(process.env.STRAPI_JSON, 'utf8')) as { data: Space[] }).data;
  }
  // A top-level Matterport field comes with the entry; one in a component, a dynamic zone or
  // a relation needs `populate` (e.g. `&populate[rooms]=true`).
  const response = await fetch(`${STRAPI_URL}/api/spaces?sort=title:asc&pagination[pageSize]=100`, {
    headers: process.env.STRAPI_TOKEN
      ? { Authorization: `Bearer ${process.env.STRAPI_TOKEN}` }
      : {},
    // The values never expire in `on-demand` mode: the page's own revalidation is enough.
    next: { revalidate: 3600 },
  });
  if (!response.ok) throw new Error(`Strapi answered ${response.status}`);
  return ((await response.json()) as { data: Space[] }).data;
}

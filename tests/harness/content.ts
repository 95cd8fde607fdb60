import type { Client } from './http';

/** Creates (and publishes) a Space through the REST content API. */
export const createSpace = async (api: Client, data: Record<string, unknown>, status?: 'draft') => {
  const res = await api.post<{ data: { documentId: string; id: number } }>(
    `/api/spaces${status ? '?status=draft' : ''}`,
    { data }
  );
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`create space answered ${res.status}: ${res.text}`);
  return res.body.data;
};

export const uniqueTitle = (prefix: string) =>
  `${prefix} ${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

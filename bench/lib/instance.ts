import fs from 'node:fs';

import { createApiToken, registerAdmin } from '../../tests/harness/admin';
import { createTestDatabase, type TestDatabase } from '../../tests/harness/database';
import { startStrapi, type StrapiProcess } from '../../tests/harness/strapi';
import { call, expectStatus } from './http';

/** One playground Strapi on its own fresh database, with an admin JWT and a full-access API token. */
export interface Instance {
  label: string;
  url: string;
  strapi: StrapiProcess;
  db: TestDatabase;
  adminJwt: string;
  apiToken: string;
  pid: number;
  bootMs: number;
  stop(): Promise<void>;
}

export const startInstance = async (
  label: string,
  sandboxOrigin: string,
  pluginConfig: Record<string, unknown>,
  options: {
    engine?: 'sqlite' | 'postgres';
    beforeStart?: (db: TestDatabase) => void;
    env?: Record<string, string>;
    nodeArgs?: string[];
  } = {}
): Promise<Instance> => {
  // The harness picks the engine from DATABASE_CLIENT when the database is created.
  const previous = process.env.DATABASE_CLIENT;
  process.env.DATABASE_CLIENT = options.engine ?? 'sqlite';
  let db: TestDatabase;
  try {
    db = await createTestDatabase(`bench${label}`);
  } finally {
    if (previous === undefined) delete process.env.DATABASE_CLIENT;
    else process.env.DATABASE_CLIENT = previous;
  }
  try {
    options.beforeStart?.(db);
  } catch (error) {
    await db.drop();
    throw error;
  }
  const started = Date.now();
  let strapi: StrapiProcess;
  try {
    strapi = await startStrapi({
      name: `bench-${label}`,
      databaseEnv: db.env,
      sandboxOrigin,
      pluginConfig,
      env: options.env,
      nodeArgs: options.nodeArgs,
      bootTimeoutMs: 180_000,
    });
  } catch (error) {
    await db.drop();
    throw error;
  }
  const bootMs = Date.now() - started;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await strapi.stop();
    await db.drop();
  };
  try {
    const adminJwt = await registerAdmin(strapi.url);
    const apiToken = await createApiToken(strapi.url, adminJwt);
    return {
      label,
      url: strapi.url,
      strapi,
      db,
      adminJwt,
      apiToken,
      pid: strapi.process.pid as number,
      bootMs,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};

/** Saves the plugin settings the way an administrator does (PUT /matterport/settings with the admin JWT). */
export const saveSettings = async (
  instance: Instance,
  body: { clientId?: string; clientSecret?: string; defaultValidFor?: string }
): Promise<void> => {
  expectStatus(
    await call('PUT', `${instance.url}/matterport/settings`, { token: instance.adminJwt, body }),
    `PUT /matterport/settings (${instance.label})`
  );
};

/** Resident memory of a process and of its descendants, from /proc (kB). */
export const residentKb = (pid: number): { rssKb: number; hwmKb: number; processes: number } => {
  const read = (p: number) => {
    const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
    const kb = (name: string) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  };
  const children = (p: number): number[] => {
    const out: number[] = [];
    for (const task of fs.readdirSync(`/proc/${p}/task`)) {
      try {
        const list = fs.readFileSync(`/proc/${p}/task/${task}/children`, 'utf8').trim();
        if (list) out.push(...list.split(/\s+/).map(Number));
      } catch {
        // the thread ended meanwhile
      }
    }
    return out;
  };
  let rssKb = 0;
  let hwmKb = 0;
  let processes = 0;
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift() as number;
    try {
      const m = read(p);
      rssKb += m.rss;
      hwmKb += m.hwm;
      processes += 1;
      queue.push(...children(p));
    } catch {
      // gone
    }
  }
  return { rssKb, hwmKb, processes };
};

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat. */
export const cpuMs = (pid: number): number => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS;
};

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

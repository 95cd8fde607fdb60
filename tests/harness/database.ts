import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { TMP } from './paths';

type Client = 'sqlite' | 'postgres' | 'mysql';

/** A live handle on a database for raw reads (the tests read rows the way an attacker with a dump would). */
export interface DatabaseHandle {
  client: Client;
  env: Record<string, string>;
  query<T = Record<string, unknown>>(sql: string, bindings?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A fresh database for one test run (or one cluster of Strapi processes); drop() removes it. */
export interface TestDatabase extends DatabaseHandle {
  drop(): Promise<void>;
}

const clientName = (): Client => {
  const name = process.env.DATABASE_CLIENT ?? 'sqlite';
  if (name === 'sqlite' || name === 'postgres' || name === 'mysql') return name;
  throw new Error(`DATABASE_CLIENT must be sqlite, postgres or mysql (got ${name})`);
};

const serverSettings = (client: Client) =>
  client === 'postgres'
    ? {
        host: process.env.DATABASE_HOST ?? '127.0.0.1',
        port: Number(process.env.DATABASE_PORT ?? 5432),
        user: process.env.DATABASE_USERNAME ?? 'postgres',
        password: process.env.DATABASE_PASSWORD ?? '',
      }
    : {
        host: process.env.DATABASE_HOST ?? '127.0.0.1',
        port: Number(process.env.DATABASE_PORT ?? 3306),
        user: process.env.DATABASE_USERNAME ?? 'root',
        password: process.env.DATABASE_PASSWORD ?? '',
      };

/** Opens an existing database described by DATABASE_* variables (as given to Strapi). */
export const attachDatabase = async (env: Record<string, string>): Promise<DatabaseHandle> => {
  const client = env.DATABASE_CLIENT as Client;
  if (client === 'sqlite') {
    // better-sqlite3 is what Strapi itself uses here.
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    let handle: import('better-sqlite3').Database | undefined;
    const open = () =>
      (handle ??= new Database(env.DATABASE_FILENAME, { readonly: true, fileMustExist: true }));
    return {
      client,
      env,
      async query<T>(sql: string, bindings: unknown[] = []) {
        return open()
          .prepare(sql)
          .all(...bindings) as T[];
      },
      async close() {
        handle?.close();
        handle = undefined;
      },
    };
  }
  const settings = {
    host: env.DATABASE_HOST,
    port: Number(env.DATABASE_PORT),
    user: env.DATABASE_USERNAME,
    password: env.DATABASE_PASSWORD,
    database: env.DATABASE_NAME,
  };
  if (client === 'postgres') {
    const { Client: PgClient } = await import('pg');
    let conn: InstanceType<typeof PgClient> | undefined;
    return {
      client,
      env,
      async query<T>(sql: string, bindings: unknown[] = []) {
        if (!conn) {
          conn = new PgClient(settings);
          await conn.connect();
        }
        return (await conn.query(sql, bindings)).rows as T[];
      },
      async close() {
        await conn?.end();
        conn = undefined;
      },
    };
  }
  const mysql = await import('mysql2/promise');
  let conn: import('mysql2/promise').Connection | undefined;
  return {
    client,
    env,
    async query<T>(sql: string, bindings: unknown[] = []) {
      conn ??= await mysql.createConnection(settings);
      const [rows] = await conn.query(sql, bindings);
      return rows as T[];
    },
    async close() {
      await conn?.end();
      conn = undefined;
    },
  };
};

export const createTestDatabase = async (label: string): Promise<TestDatabase> => {
  const client = clientName();
  const name =
    `mp_${label.replace(/\W/g, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`.toLowerCase();

  if (client === 'sqlite') {
    fs.mkdirSync(path.join(TMP, 'db'), { recursive: true });
    const file = path.join(TMP, 'db', `${name}.db`);
    const env = { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file };
    const handle = await attachDatabase(env);
    return {
      ...handle,
      async drop() {
        await handle.close();
        for (const suffix of ['', '-wal', '-shm', '-journal'])
          fs.rmSync(`${file}${suffix}`, { force: true });
      },
    };
  }

  const server = serverSettings(client);
  const env: Record<string, string> = {
    DATABASE_CLIENT: client,
    DATABASE_HOST: server.host,
    DATABASE_PORT: String(server.port),
    DATABASE_USERNAME: server.user,
    DATABASE_PASSWORD: server.password,
    DATABASE_NAME: name,
  };
  if (client === 'postgres') {
    const { Client: PgClient } = await import('pg');
    const admin = new PgClient({ ...server, database: process.env.DATABASE_ADMIN_DB ?? 'test' });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    const handle = await attachDatabase(env);
    return {
      ...handle,
      async drop() {
        await handle.close();
        const dropper = new PgClient({
          ...server,
          database: process.env.DATABASE_ADMIN_DB ?? 'test',
        });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  const mysql = await import('mysql2/promise');
  const admin = await mysql.createConnection(server);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  const handle = await attachDatabase(env);
  return {
    ...handle,
    async drop() {
      await handle.close();
      const dropper = await mysql.createConnection(server);
      await dropper.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await dropper.end();
    },
  };
};

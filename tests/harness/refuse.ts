import type { DatabaseHandle } from './database';

/**
 * A real database-level failure for tests: a trigger that makes the database itself refuse
 * every INSERT or UPDATE of one table (as a full disk, a lock timeout or a constraint would),
 * on SQLite, PostgreSQL and MariaDB alike. Strapi sees the database's own error. Answers the
 * function that drops the trigger again.
 */
export const refuseWrites = async (
  db: DatabaseHandle,
  table: string,
  operation: 'INSERT' | 'UPDATE'
): Promise<() => Promise<void>> => {
  const name = `test_refuse_${operation.toLowerCase()}_${table}`;
  const message = `refused by the test trigger ${name}`;
  if (db.client === 'sqlite') {
    // The handle is read-only: triggers go through a writable connection of their own.
    const Database = require('better-sqlite3') as typeof import('better-sqlite3');
    const exec = (sql: string) => {
      // better-sqlite3 waits up to 5 s for Strapi's write lock.
      const conn = new Database(db.env.DATABASE_FILENAME, { fileMustExist: true });
      try {
        conn.prepare(sql).run();
      } finally {
        conn.close();
      }
    };
    exec(
      `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`
    );
    return async () => exec(`DROP TRIGGER IF EXISTS ${name}`);
  }
  if (db.client === 'postgres') {
    await db.query(
      `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION '${message}'; END; $$ LANGUAGE plpgsql`
    );
    await db.query(
      `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`
    );
    return async () => {
      await db.query(`DROP TRIGGER IF EXISTS ${name} ON ${table}`);
      await db.query(`DROP FUNCTION IF EXISTS ${name}()`);
    };
  }
  await db.query(
    `CREATE TRIGGER ${name} BEFORE ${operation} ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${message}'`
  );
  return async () => {
    await db.query(`DROP TRIGGER IF EXISTS ${name}`);
  };
};

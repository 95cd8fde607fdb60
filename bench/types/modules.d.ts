// Minimal declarations for untyped packages the benchmark (and the test harness it reuses) load.
declare module 'better-sqlite3' {
  interface RunResult {
    changes: number;
    lastInsertRowid: number | bigint;
  }
  interface Statement {
    run(...params: unknown[]): RunResult;
    all(...params: unknown[]): unknown[];
    get(...params: unknown[]): unknown;
  }
  interface Options {
    readonly?: boolean;
    fileMustExist?: boolean;
  }
  class Database {
    constructor(filename: string, options?: Options);
    prepare(sql: string): Statement;
    pragma(source: string): unknown;
    transaction<F extends (...args: never[]) => unknown>(fn: F): F;
    close(): void;
  }
  namespace Database {
    export { Database };
  }
  export = Database;
}

declare module 'pg';

// The part of better-sqlite3's API the demo uses (the package ships no types; @types/better-sqlite3
// would replace this file).
declare module 'better-sqlite3' {
  namespace Database {
    interface RunResult {
      changes: number;
      lastInsertRowid: number | bigint;
    }
    interface Statement<Params extends unknown[] = unknown[], Row = unknown> {
      run(...params: Params): RunResult;
      get(...params: Params): Row | undefined;
      all(...params: Params): Row[];
    }
    interface Database {
      prepare<Params extends unknown[] = unknown[], Row = unknown>(sql: string): Statement<Params, Row>;
      exec(sql: string): this;
      pragma(source: string): unknown;
      transaction<F extends (...args: never[]) => unknown>(fn: F): F;
      close(): this;
    }
    interface Options {
      readonly?: boolean;
      fileMustExist?: boolean;
    }
  }
  const Database: new (filename: string, options?: Database.Options) => Database.Database;
  export default Database;
}

/**
 * Holds SQLite's write lock on `file` from another connection, as a second process writing would, and lets go after
 * `ms`. Resolves once it has let go.
 */
import Database from "better-sqlite3";

export function holdWriteLock(file: string, ms: number): Promise<void> {
  const other = new Database(file);
  other.exec("BEGIN IMMEDIATE");
  return new Promise<void>((resolve) =>
    setTimeout(() => {
      other.exec("ROLLBACK");
      other.close();
      resolve();
    }, ms),
  );
}

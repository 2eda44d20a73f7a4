/**
 * Reads how far an SQLite database's write-ahead log has grown and how much of it is checkpointed, from the header of
 * its WAL index (the `-shm` file), without a connection and without taking a lock. better-sqlite3 has no WAL hook, and
 * `PRAGMA wal_checkpoint` reports the same figures only by running a checkpoint.
 *
 * The header is SQLite's documented, stable format (https://sqlite.org/walformat.html §2.1, unchanged since 3.7.0):
 * two copies of a 48-byte header (`mxFrame`, the frames in the log, at offset 16), then the checkpoint info
 * (`nBackfill`, the frames copied back into the database file, at offset 96), all in native byte order. A writer
 * updates the copies one after the other, so two that differ are a read in the middle of a commit.
 *
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";
import { endianness } from "node:os";

/** Where the log stands, in frames (one page each). */
export interface WalIndexState {
  /** Frames in the log: what SQLite's `wal_autocheckpoint` compares with its threshold. */
  readonly frames: number;
  /** Frames already copied back into the database file. */
  readonly backfilled: number;
}

/** A reader of one database's WAL index. */
export interface WalIndexReader {
  /** The state now, or `undefined` when the index is missing, not initialised or caught mid-update. */
  read(): WalIndexState | undefined;
  close(): void;
}

const HEADER = 48;
const VERSION = 3_007_000;

/** Opens the WAL index of the database `file` (`file-shm`) for reading. The file is opened on first read. */
export function createWalIndexReader(file: string): WalIndexReader {
  const path = `${file}-shm`;
  const little = endianness() === "LE";
  const buf = Buffer.alloc(2 * HEADER + 4);
  let fd: number | undefined;
  const u32 = (at: number) => (little ? buf.readUInt32LE(at) : buf.readUInt32BE(at));
  return {
    read() {
      try {
        fd ??= openSync(path, "r");
        if (readSync(fd, buf, 0, buf.length, 0) < buf.length) return undefined;
      } catch {
        // No index yet (nothing written in WAL mode), or it went with the last connection: nothing to report.
        return undefined;
      }
      if (u32(0) !== VERSION || buf[12] !== 1 || buf.compare(buf, 0, HEADER, HEADER, 2 * HEADER) !== 0) return undefined;
      return { frames: u32(16), backfilled: u32(2 * HEADER) };
    },
    close() {
      if (fd !== undefined) closeSync(fd);
      fd = undefined;
    },
  };
}

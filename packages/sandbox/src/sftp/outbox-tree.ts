/**
 * The read-only file tree the SFTP front end serves: each bank's statement outbox, derived from the ledger
 * at the clock's instant. A file exists once the bank would have produced it (a day's statements after the
 * day ended in the bank's zone, an intraday snapshot after its hour, a notification after its booking) and then
 * never changes: contents are written once and kept, so every read gives the same bytes.
 *
 * ```
 * /outbox/<bank>/<account>/<YYYY-MM-DD>/
 *   camt053_<account>_<date>.xml          end of day, ISO 20022 camt.053.001.08
 *   mt940_<account>_<date>.sta            end of day, SWIFT MT940
 *   bai2_<account>_<date>.bai             end of day, BAI2
 *   camt052_<account>_<date>_<HHmm>.xml   intraday at 10:00, 12:00, 14:00, 16:00 bank time, camt.052.001.08
 *   camt054_<account>_<serial>.xml        one per booked transaction (serial = bank serial number), camt.054.001.08
 * ```
 *
 * @module
 */
import type { IsoDate } from "@bankbridge/hub/core";
import { bai2Writer, camt052Writer, camt053Writer, camt054Writer, mt940Writer, type StatementWriter } from "@bankbridge/hub/formats";
import type { SimClock } from "../clock/sim-clock.js";
import type { Ledger, SandboxAccount, SandboxBankId } from "../ledger/ledger-types.js";
import { addDays, bookingNotification, endOfDayStatement, intradayReport, startOfBankDay } from "../statements/index.js";

const HOUR_MS = 3_600_000;
/** Bank-local hours at which an intraday camt.052 snapshot is cut. */
export const INTRADAY_HOURS: readonly number[] = [10, 12, 14, 16];

/** A node of the tree. */
export type OutboxNode =
  | { readonly kind: "dir"; readonly path: string; readonly mtimeMs: number }
  | { readonly kind: "file"; readonly path: string; readonly mtimeMs: number; readonly content: () => Buffer };

/** The outbox of some banks' accounts. */
export interface OutboxTree {
  /** The node at a normalized absolute path (`/outbox/eubank`), or `undefined` when there is none now. */
  node(path: string): OutboxNode | undefined;
  /** The children of a directory, sorted by name, or `undefined` when `path` is not a directory now. */
  list(path: string): (OutboxNode & { readonly name: string })[] | undefined;
}

/** `/a/./b/../c` → `/a/c`, relative paths taken from `/`. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

interface FileSpec {
  readonly name: string;
  readonly availableMs: number;
  readonly write: () => string;
}

/** Builds the outbox over `ledger` for `banks` (default: every bank). */
export function createOutboxTree(ledger: Ledger, clock: SimClock, banks?: readonly SandboxBankId[]): OutboxTree {
  const served = new Set<SandboxBankId>(banks ?? ledger.banks().map((b) => b.id));
  const cache = new Map<string, Buffer>();
  const ROOT_MTIME = 0;

  const written = (writer: StatementWriter, make: () => ReturnType<typeof endOfDayStatement>) => (): string => {
    const s = make();
    return s === undefined ? "" : writer.write([s]).content;
  };

  const accountOf = (bankId: string, accountId: string): SandboxAccount | undefined => {
    if (!served.has(bankId as SandboxBankId)) return undefined;
    const a = ledger.account(accountId);
    return a !== undefined && a.bankId === bankId ? a : undefined;
  };

  /** The files of one account's day that exist at `now`. */
  const filesOf = (account: SandboxAccount, date: IsoDate, now: number): FileSpec[] => {
    const bank = ledger.bank(account.bankId);
    const id = account.id;
    const dayStart = startOfBankDay(date, bank);
    const files: FileSpec[] = [];
    const dayEnd = startOfBankDay(addDays(date, 1), bank);
    if (now >= dayEnd) {
      const eod = () => endOfDayStatement(ledger, id, date);
      files.push(
        { name: `camt053_${id}_${date}.xml`, availableMs: dayEnd, write: written(camt053Writer, eod) },
        { name: `mt940_${id}_${date}.sta`, availableMs: dayEnd, write: written(mt940Writer, eod) },
        { name: `bai2_${id}_${date}.bai`, availableMs: dayEnd, write: written(bai2Writer, eod) },
      );
    }
    for (const hour of INTRADAY_HOURS) {
      const at = dayStart + hour * HOUR_MS;
      if (at > now) break;
      const name = `camt052_${id}_${date}_${String(hour).padStart(2, "0")}00.xml`;
      files.push({ name, availableMs: at, write: written(camt052Writer, () => intradayReport(ledger, id, at)) });
    }
    for (const tx of ledger.transactions(id, { from: date, to: date, status: "booked" })) {
      files.push({
        name: `camt054_${id}_${tx.id}.xml`,
        availableMs: Date.parse(tx.bookedAt),
        write: written(camt054Writer, () => bookingNotification(ledger, tx)),
      });
    }
    return files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  };

  const fileNode = (dirPath: string, f: FileSpec): OutboxNode & { name: string } => {
    const path = `${dirPath}/${f.name}`;
    return {
      kind: "file",
      name: f.name,
      path,
      mtimeMs: f.availableMs,
      content: () => {
        let bytes = cache.get(path);
        if (bytes === undefined) {
          bytes = Buffer.from(f.write(), "utf8");
          cache.set(path, bytes);
        }
        return bytes;
      },
    };
  };

  const list = (rawPath: string): (OutboxNode & { name: string })[] | undefined => {
    const path = normalizePath(rawPath);
    const parts = path === "/" ? [] : path.slice(1).split("/");
    const now = clock.now();
    const dir = (name: string, mtimeMs = ROOT_MTIME) => ({
      kind: "dir" as const,
      name,
      path: `${path === "/" ? "" : path}/${name}`,
      mtimeMs,
    });
    if (parts.length === 0) return [dir("outbox")];
    if (parts[0] !== "outbox") return undefined;
    if (parts.length === 1) return [...served].sort().map((b) => dir(b));
    const bankId = parts[1] as string;
    if (!served.has(bankId as SandboxBankId)) return undefined;
    if (parts.length === 2) return ledger.accounts(bankId as SandboxBankId).map((a) => dir(a.id));
    const account = accountOf(bankId, parts[2] as string);
    if (account === undefined) return undefined;
    const bank = ledger.bank(account.bankId);
    const today = ledger.today(bank.id);
    if (parts.length === 3) {
      const out: (OutboxNode & { name: string })[] = [];
      for (let d = account.openedOn; d <= today; d = addDays(d, 1)) out.push(dir(d, startOfBankDay(d, bank)));
      return out;
    }
    const date = parts[3] as IsoDate;
    if (parts.length !== 4 || !/^\d{4}-\d\d-\d\d$/.test(date) || date < account.openedOn || date > today) return undefined;
    return filesOf(account, date, now).map((f) => fileNode(path, f));
  };

  return {
    list,
    node(rawPath) {
      const path = normalizePath(rawPath);
      if (path === "/") return { kind: "dir", path, mtimeMs: ROOT_MTIME };
      const slash = path.lastIndexOf("/");
      const parent = slash === 0 ? "/" : path.slice(0, slash);
      const name = path.slice(slash + 1);
      return list(parent)?.find((n) => n.name === name);
    },
  };
}

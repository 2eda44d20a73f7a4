import type { Migration } from "kysely";
import type { DialectName } from "../store.js";
import { initial } from "./0001-initial.js";
import { datedFingerprints } from "./0002-dated-fingerprints.js";
import { transactionAliases } from "./0003-transaction-aliases.js";
import { sourcePositions } from "./0004-source-positions.js";

/**
 * Every migration in order. Names sort in application order and are never renamed: the database records
 * them. Add new ones at the end; never edit one that has shipped.
 */
export function migrations(dialect: DialectName): Record<string, Migration> {
  return {
    "0001-initial": initial(dialect),
    "0002-dated-fingerprints": datedFingerprints(),
    "0003-transaction-aliases": transactionAliases(dialect),
    "0004-source-positions": sourcePositions(),
  };
}

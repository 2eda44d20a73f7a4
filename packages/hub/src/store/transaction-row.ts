/**
 * A transaction row as the bulk statements bind it: a plain array in {@link ROW_COLUMNS} order. Arrays, not
 * objects: the ingest makes millions of them, and every insert binds them positionally.
 *
 * @module
 */

/** The columns of a transaction row, in binding order. */
export const ROW_COLUMNS = [
  "tenant_id",
  "account_id",
  "bank_ref",
  "fingerprint",
  "amount",
  "amount_minor",
  "currency",
  "booking_date",
  "value_date",
  "sort_date",
  "status",
  "reversal",
  "counterparty_name",
  "description",
  "document_id",
  "source_position",
  "ingest_run_id",
  "entry_json",
  "created_at",
  "updated_at",
] as const;

/** One column's name. */
export type RowColumn = (typeof ROW_COLUMNS)[number];

/** Index of each column in a {@link TransactionRow}. */
export const COL = Object.fromEntries(ROW_COLUMNS.map((c, i) => [c, i])) as { readonly [K in RowColumn]: number };

/**
 * A row: text columns as strings (amount_minor as decimal text, which both databases store as an integer),
 * reversal as 0/1, absent values as null.
 */
export type TransactionRow = (string | number | null)[];

/** The columns an update replaces: everything but identity, dedupe keys and creation time. */
export const UPDATABLE_COLUMNS = ROW_COLUMNS.filter(
  (c) => c !== "tenant_id" && c !== "account_id" && c !== "fingerprint" && c !== "created_at" && c !== "bank_ref",
);

/** The layer-1 key of a row. */
export function rowBankRef(row: TransactionRow): string | null {
  return row[COL.bank_ref] as string | null;
}

/** The fingerprint of a row. */
export function rowFingerprint(row: TransactionRow): string {
  return row[COL.fingerprint] as string;
}

/** A decimal's text without trailing zeros after its point, so that `5.0` and `5.00` compare equal. */
export function decimalKey(text: string): string {
  if (!text.includes(".")) return text;
  let end = text.length;
  while (text.charCodeAt(end - 1) === 48) end--;
  if (text.charCodeAt(end - 1) === 46) end--;
  return text.slice(0, end);
}

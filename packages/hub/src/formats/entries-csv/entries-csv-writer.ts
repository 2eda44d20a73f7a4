/**
 * Entries as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheet programs read it right): one row per
 * entry, the columns a finance team filters on. Batch details are rows of their own, marked with their
 * parent's row number, so the entry total is never counted twice by accident: filter `detail_of` empty.
 *
 * @module
 */
import { type Entry, formatMoney, type TransactionDetail } from "../../core/index.js";
import type { StatementWriter, StatementWriteSession } from "../format.js";

const COLUMNS = [
  "row",
  "detail_of",
  "account",
  "currency",
  "booking_date",
  "value_date",
  "amount",
  "status",
  "reversal",
  "counterparty_name",
  "counterparty_account",
  "counterparty_bank",
  "description",
  "remittance",
  "bank_reference",
  "account_servicer_reference",
  "end_to_end_id",
  "mandate_id",
  "bank_transaction_code",
  "statement_id",
] as const;

function cell(value: string | undefined): string {
  if (value === undefined) return "";
  // Quote what needs it; and defuse spreadsheet formulas (=, +, -, @ at the start) from untrusted bank text,
  // except plain signed numbers such as "-12.50".
  const safe = /^[=+\-@\t\r]/.test(value) && !/^[+-]?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function btc(e: TransactionDetail): string | undefined {
  const c = e.bankTransactionCode;
  if (c === undefined) return undefined;
  const iso = [c.domain, c.family, c.subFamily].filter((x) => x !== undefined).join("/");
  return [iso, c.proprietary?.code].filter((x) => x !== undefined && x !== "").join(" ") || undefined;
}

/** The CSV a statement at a time: rows are numbered across the statements, the header comes first. */
function beginCsv(): StatementWriteSession {
  const head = `\uFEFF${COLUMNS.join(",")}\r\n`;
  let started = false;
  let row = 0;
  return {
    statement(s) {
      const lines: string[] = [];
      const common = (e: TransactionDetail, amount: string | undefined, parent: number | undefined, entry: Entry) =>
        [
          String(++row),
          parent === undefined ? undefined : String(parent),
          s.account.id,
          entry.amount.currency,
          entry.bookingDate,
          entry.valueDate,
          amount,
          entry.status,
          entry.reversal ? "true" : "false",
          e.counterparty?.name,
          e.counterparty?.account,
          e.counterparty?.bankId,
          e.description,
          e.remittance?.unstructured?.join(" "),
          e.references?.bankReference,
          e.references?.accountServicerReference,
          e.references?.endToEndId,
          e.references?.mandateId,
          btc(e),
          s.id,
        ]
          .map(cell)
          .join(",");
      for (const e of s.entries) {
        lines.push(common(e, formatMoney(e.amount), undefined, e));
        const parent = row;
        for (const d of e.details) lines.push(common(d, d.amount === undefined ? undefined : formatMoney(d.amount), parent, e));
      }
      const text = lines.length === 0 ? "" : `${lines.join("\r\n")}\r\n`;
      if (started) return text;
      started = true;
      return head + text;
    },
    end: () => ({ content: started ? "" : head, issues: [] }),
  };
}

/** The entries CSV writer. */
export const entriesCsvWriter: StatementWriter = {
  id: "csv",
  description: "entries as CSV, one row per entry and per batch detail",
  extension: "csv",
  mediaType: "text/csv; charset=utf-8",
  write(statements) {
    const session = beginCsv();
    let content = "";
    for (const s of statements) content += session.statement(s);
    return { content: content + session.end().content, issues: [] };
  },
  begin: beginCsv,
};

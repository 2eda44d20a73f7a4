/**
 * Validation of mapping profiles: every mistake in a profile is one `PROFILE_INVALID` issue whose `path` is the
 * JSON pointer of the bad value (`/columns/amount`), so a user editing a profile by hand is told exactly what to
 * fix. Unknown fields are mistakes too: a misspelt `colums` silently ignored would import wrong data.
 *
 * Longer than our usual file because every rule of the schema is here, next to the others, in schema order.
 *
 * @module
 */
import { type Issue, toCurrencyCode } from "../../core/index.js";
import { normalizeEncoding } from "../encoding.js";
import { compileDatePattern } from "./date-pattern.js";
import type { MappingProfile } from "./mapping-profile.js";

type Json = Readonly<Record<string, unknown>>;

const TOP = [
  "version",
  "id",
  "name",
  "description",
  "encoding",
  "delimiter",
  "quote",
  "trim",
  "header",
  "match",
  "title",
  "skip",
  "dates",
  "amounts",
  "currency",
  "currencyNames",
  "account",
  "columns",
  "bankData",
  "statuses",
  "refuse",
];
const COLUMN_FIELDS = [
  "bookingDate",
  "bookingTime",
  "valueDate",
  "amount",
  "debit",
  "credit",
  "direction",
  "currency",
  "originalAmount",
  "originalCurrency",
  "balance",
  "account",
  "counterpartyName",
  "counterpartyAccount",
  "counterpartyBankName",
  "counterpartyBankId",
  "description",
  "remittance",
  "purpose",
  "bankReference",
  "customerReference",
  "transactionId",
  "endToEndId",
  "cardNumber",
  "transactionType",
  "status",
];
const TEXT_FIELDS = new Set(["counterpartyName", "description", "remittance", "purpose"]);
const AMOUNT_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  signed: ["amount"],
  debitCredit: ["debit", "credit"],
  direction: ["amount", "direction"],
};
const STATUS_OUTCOMES = ["booked", "pending", "information", "reversal", "skip"];
const DIRECTION_OUTCOMES = ["in", "out", "none"];

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** JSON pointer escaping of one key. */
function key(k: string): string {
  return k.replaceAll("~", "~0").replaceAll("/", "~1");
}

class Checker {
  readonly issues: Issue[] = [];
  /** Header names referred to by name, and whether any column is referred to by index. */
  names = 0;
  indexes = 0;

  fail(path: string, message: string): void {
    this.issues.push({ severity: "error", code: "PROFILE_INVALID", message: `${path || "the profile"}: ${message}`, path });
  }

  known(obj: Json, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(obj)) {
      if (!allowed.includes(k)) this.fail(`${path}/${key(k)}`, `unknown field (known: ${allowed.join(", ")})`);
    }
  }

  object(obj: Json, field: string, path: string): Json | undefined {
    const v = obj[field];
    if (v === undefined) return undefined;
    if (!isObject(v)) {
      this.fail(`${path}/${field}`, "must be an object");
      return undefined;
    }
    return v;
  }

  string(obj: Json, field: string, path: string, options: { required?: boolean; nonEmpty?: boolean } = {}): string | undefined {
    const v = obj[field];
    if (v === undefined) {
      if (options.required) this.fail(`${path}/${field}`, "is required");
      return undefined;
    }
    if (typeof v !== "string") {
      this.fail(`${path}/${field}`, "must be a string");
      return undefined;
    }
    if (options.nonEmpty && v.trim() === "") {
      this.fail(`${path}/${field}`, "must not be empty");
      return undefined;
    }
    return v;
  }

  boolean(obj: Json, field: string, path: string): void {
    const v = obj[field];
    if (v !== undefined && typeof v !== "boolean") this.fail(`${path}/${field}`, "must be true or false");
  }

  regex(source: unknown, path: string, groups: "any" | "one" = "any"): RegExp | undefined {
    if (typeof source !== "string" || source === "") {
      this.fail(path, "must be a regular expression (a non-empty string)");
      return undefined;
    }
    try {
      const re = new RegExp(source, "u");
      if (groups === "one" && (new RegExp(`${source}|`, "u").exec("")?.length ?? 1) < 2) {
        this.fail(path, "must capture the value in a group: (…)");
      }
      return re;
    } catch (e) {
      this.fail(path, `is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  regexList(obj: Json, field: string, path: string): void {
    const v = obj[field];
    if (v === undefined) return;
    if (!Array.isArray(v)) {
      this.fail(`${path}/${field}`, "must be a list of regular expressions");
      return;
    }
    v.forEach((item, i) => {
      this.regex(item, `${path}/${field}/${i}`);
    });
  }

  stringList(obj: Json, field: string, path: string): void {
    const v = obj[field];
    if (v === undefined) return;
    if (!Array.isArray(v) || v.some((s) => typeof s !== "string")) this.fail(`${path}/${field}`, "must be a list of strings");
  }

  columnRef(v: unknown, path: string): boolean {
    if (typeof v === "string") {
      if (v.trim() === "") {
        this.fail(path, "a header name must not be empty");
        return false;
      }
      this.names++;
      return true;
    }
    if (typeof v === "number") {
      if (!Number.isInteger(v) || v < 0 || v > 10_000) {
        this.fail(path, "a column index must be a whole number from 0");
        return false;
      }
      this.indexes++;
      return true;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        this.fail(path, "a list of alternative columns must not be empty");
        return false;
      }
      let ok = true;
      v.forEach((item, i) => {
        if (Array.isArray(item)) {
          this.fail(`${path}/${i}`, "must be a header name or a column index");
          ok = false;
        } else ok = this.columnRef(item, `${path}/${i}`) && ok;
      });
      return ok;
    }
    this.fail(path, "must be a header name, a column index, or a list of alternatives");
    return false;
  }

  textSource(v: unknown, path: string): void {
    if (isObject(v)) {
      if ("first" in v) {
        this.known(v, path, ["first"]);
        const first = v.first;
        if (!Array.isArray(first) || first.length === 0) this.fail(`${path}/first`, "must be a non-empty list of columns");
        else
          first.forEach((c, i) => {
            this.columnRef(c, `${path}/first/${i}`);
          });
        return;
      }
      this.known(v, path, ["all", "separator"]);
      const all = v.all;
      if (!Array.isArray(all) || all.length === 0) this.fail(`${path}/all`, "must be a non-empty list of columns");
      else
        all.forEach((c, i) => {
          this.columnRef(c, `${path}/all/${i}`);
        });
      if (v.separator !== undefined && typeof v.separator !== "string") this.fail(`${path}/separator`, "must be a string");
      return;
    }
    this.columnRef(v, path);
  }

  dates(obj: Json, path: string): { yearless: boolean } {
    this.known(obj, path, ["formats", "timeFormats"]);
    let yearless = false;
    const formats = obj.formats;
    if (!Array.isArray(formats) || formats.length === 0) this.fail(`${path}/formats`, "must be a non-empty list of date patterns");
    else {
      formats.forEach((f, i) => {
        const p = typeof f === "string" ? compileDatePattern(f) : "must be a string";
        if (typeof p === "string") this.fail(`${path}/formats/${i}`, p);
        else if (!p.has.has("month") || !p.has.has("day"))
          this.fail(`${path}/formats/${i}`, "a date pattern needs a month (MM or M) and a day (dd or d)");
        else if (!p.has.has("year") && !p.has.has("year2")) yearless = true;
      });
    }
    const times = obj.timeFormats;
    if (times !== undefined) {
      if (!Array.isArray(times) || times.length === 0) this.fail(`${path}/timeFormats`, "must be a non-empty list of time patterns");
      else
        times.forEach((f, i) => {
          const p = typeof f === "string" ? compileDatePattern(f) : "must be a string";
          if (typeof p === "string") this.fail(`${path}/timeFormats/${i}`, p);
          else if (!p.has.has("hour") || p.has.has("day"))
            this.fail(`${path}/timeFormats/${i}`, "a time pattern has an hour (HH or H) and no date");
        });
    }
    return { yearless };
  }

  amounts(obj: Json, path: string): string | undefined {
    this.known(obj, path, ["mode", "directions", "invert", "decimalMark", "thousandsSeparator", "pattern"]);
    const mode = obj.mode;
    if (mode !== "signed" && mode !== "debitCredit" && mode !== "direction") {
      this.fail(`${path}/mode`, 'must be "signed", "debitCredit" or "direction"');
    }
    const directions = obj.directions;
    if (directions !== undefined) {
      if (!isObject(directions) || Object.keys(directions).length === 0)
        this.fail(`${path}/directions`, "must be an object of value → in/out/none");
      else
        for (const [k, v] of Object.entries(directions)) {
          if (typeof v !== "string" || !DIRECTION_OUTCOMES.includes(v))
            this.fail(`${path}/directions/${key(k)}`, 'must be "in", "out" or "none"');
        }
      if (mode !== "direction") this.fail(`${path}/directions`, 'is only used with mode "direction"');
    } else if (mode === "direction")
      this.fail(`${path}/directions`, 'is required with mode "direction" (for example { "收入": "in", "支出": "out" })');
    this.boolean(obj, "invert", path);
    const mark = obj.decimalMark;
    if (mark !== undefined && mark !== "." && mark !== ",") this.fail(`${path}/decimalMark`, 'must be "." or ","');
    const sep = obj.thousandsSeparator;
    if (sep !== undefined && sep !== "," && sep !== "." && sep !== " " && sep !== "'" && sep !== "") {
      this.fail(`${path}/thousandsSeparator`, `must be ",", ".", " ", "'" or ""`);
    } else if (sep !== undefined && sep === (mark ?? ".")) {
      this.fail(`${path}/thousandsSeparator`, "must differ from the decimal mark");
    }
    if (obj.pattern !== undefined) {
      const re = this.regex(obj.pattern, `${path}/pattern`);
      if (re !== undefined && !/\(\?<amount>/.test(re.source) && (new RegExp(`${re.source}|`, "u").exec("")?.length ?? 1) < 2) {
        this.fail(`${path}/pattern`, "must capture the amount in a group: (?<amount>…) or (…)");
      }
    }
    return typeof mode === "string" ? mode : undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * Checks that `value` is a mapping profile. Returns the profile (a frozen copy) when there is no error, and every
 * mistake as a `PROFILE_INVALID` issue with the JSON pointer of the bad value in `path`.
 *
 * @example
 * validateProfile({ id: "x", name: "X", dates: { formats: ["yyyy-MM-dd"] }, amounts: { mode: "signed" }, columns: { bookingDate: "Date" }, currency: "EUR" })
 * // issues: [{ code: "PROFILE_INVALID", path: "/columns/amount", message: '/columns/amount: is required with amounts.mode "signed"', … }]
 */
export function validateProfile(value: unknown): { profile?: MappingProfile; issues: Issue[] } {
  const c = new Checker();
  if (!isObject(value)) {
    c.fail("", "must be a JSON object");
    return { issues: c.issues };
  }
  c.known(value, "", TOP);
  if (value.version !== undefined && value.version !== 1) c.fail("/version", "must be 1");
  const id = c.string(value, "id", "", { required: true });
  if (id !== undefined && !/^[a-z0-9][a-z0-9-]{0,63}$/.test(id)) c.fail("/id", "must be lower-case letters, digits and -, at most 64");
  c.string(value, "name", "", { required: true, nonEmpty: true });
  c.string(value, "description", "");
  c.string(value, "refuse", "", { nonEmpty: true });
  const encoding = c.string(value, "encoding", "");
  if (encoding !== undefined && encoding !== "auto" && normalizeEncoding(encoding) === undefined) {
    c.fail("/encoding", `unknown encoding "${encoding.slice(0, 40)}" (use auto, utf-8, gb18030, utf-16le, utf-16be, windows-1252…)`);
  }
  const delimiter = c.string(value, "delimiter", "");
  if (delimiter !== undefined && (delimiter.length !== 1 || delimiter === "\n" || delimiter === "\r")) {
    c.fail("/delimiter", "must be one character other than a line end");
  }
  const quote = c.string(value, "quote", "");
  if (quote !== undefined && (quote.length > 1 || quote === "\n" || quote === "\r"))
    c.fail("/quote", 'must be one character, or "" for none');
  if (quote !== undefined && quote !== "" && quote === (delimiter ?? ",")) c.fail("/quote", "must differ from the delimiter");
  c.boolean(value, "trim", "");

  let headerNone = false;
  const header = c.object(value, "header", "");
  if (header !== undefined) {
    c.known(header, "/header", ["row"]);
    const row = header.row;
    headerNone = row === "none";
    if (row !== undefined && row !== "auto" && row !== "none" && !(typeof row === "number" && Number.isInteger(row) && row >= 1)) {
      c.fail("/header/row", 'must be "auto", "none" or a row number from 1');
    }
  }
  const match = c.object(value, "match", "");
  if (match !== undefined) {
    c.known(match, "/match", ["title", "headers", "row"]);
    c.regexList(match, "title", "/match");
    c.stringList(match, "headers", "/match");
    if (match.row !== undefined) c.regex(match.row, "/match/row");
    if (headerNone && match.row === undefined)
      c.fail("/match/row", 'is required with header "none": without a header, rows are recognised by their shape');
  } else if (headerNone) c.fail("/match", 'needs a row pattern with header "none": without a header, rows are recognised by their shape');

  let period = false;
  const title = c.object(value, "title", "");
  if (title !== undefined) {
    const fields = ["account", "holderName", "currency", "openingBalance", "closingBalance", "period"];
    c.known(title, "/title", fields);
    for (const f of fields) {
      if (title[f] === undefined) continue;
      const re = c.regex(title[f], `/title/${f}`, f === "period" ? "any" : "one");
      if (f === "period" && re !== undefined) {
        period = true;
        if (!re.source.includes("(?<year>") || !re.source.includes("(?<month>"))
          c.fail("/title/period", "must have the named groups (?<year>…) and (?<month>…)");
      }
    }
  }
  const skip = c.object(value, "skip", "");
  if (skip !== undefined) {
    c.known(skip, "/skip", ["rows", "footers", "emptyValues"]);
    c.regexList(skip, "rows", "/skip");
    c.regexList(skip, "footers", "/skip");
    c.stringList(skip, "emptyValues", "/skip");
  }

  const dates = c.object(value, "dates", "");
  if (dates === undefined) c.fail("/dates", 'is required (for example { "formats": ["yyyy-MM-dd"] })');
  else if (c.dates(dates, "/dates").yearless && !period) {
    c.fail("/dates/formats", "a date pattern without a year needs title.period to give the statement's year and month");
  }
  const amounts = c.object(value, "amounts", "");
  let mode: string | undefined;
  if (amounts === undefined) c.fail("/amounts", 'is required (for example { "mode": "signed" })');
  else mode = c.amounts(amounts, "/amounts");

  const currency = c.string(value, "currency", "");
  if (currency !== undefined && toCurrencyCode(currency) === undefined) c.fail("/currency", `unknown currency "${currency.slice(0, 20)}"`);
  const names = c.object(value, "currencyNames", "");
  if (names !== undefined) {
    for (const [k, v] of Object.entries(names)) {
      if (typeof v !== "string" || toCurrencyCode(v) === undefined) c.fail(`/currencyNames/${key(k)}`, "must be a known currency code");
    }
  }
  const account = c.object(value, "account", "");
  if (account !== undefined) {
    c.known(account, "/account", ["id", "scheme", "bankName", "cnBankCode", "name"]);
    c.string(account, "id", "/account", { nonEmpty: true });
    const scheme = account.scheme;
    if (scheme !== undefined && scheme !== "iban" && scheme !== "bban" && scheme !== "cn" && scheme !== "other") {
      c.fail("/account/scheme", 'must be "iban", "bban", "cn" or "other"');
    }
    c.string(account, "bankName", "/account");
    const code = c.string(account, "cnBankCode", "/account");
    if (code !== undefined && !/^(\d{3}|\d{12})$/.test(code))
      c.fail("/account/cnBankCode", "must be a 3-digit bank code or a 12-digit CNAPS code");
    c.string(account, "name", "/account");
  }

  const columns = c.object(value, "columns", "");
  if (columns === undefined) c.fail("/columns", "is required");
  else {
    c.known(columns, "/columns", COLUMN_FIELDS);
    if (columns.bookingDate === undefined) c.fail("/columns/bookingDate", "is required");
    for (const f of COLUMN_FIELDS) {
      const ref = columns[f];
      if (ref === undefined) continue;
      if (TEXT_FIELDS.has(f)) c.textSource(ref, `/columns/${f}`);
      else c.columnRef(ref, `/columns/${f}`);
    }
    if (mode !== undefined && AMOUNT_COLUMNS[mode] !== undefined) {
      const needed = AMOUNT_COLUMNS[mode] ?? [];
      for (const f of needed) if (columns[f] === undefined) c.fail(`/columns/${f}`, `is required with amounts.mode "${mode}"`);
      for (const f of ["amount", "debit", "credit", "direction"]) {
        if (columns[f] !== undefined && !needed.includes(f)) c.fail(`/columns/${f}`, `is not used with amounts.mode "${mode}"`);
      }
    }
    if (columns.currency === undefined && currency === undefined) {
      c.fail("/currency", "give the currency: a fixed currency here, or a currency column in columns.currency");
    }
    const statuses = value.statuses;
    if (isObject(statuses) && Object.keys(statuses).length > 0 && columns.status === undefined) {
      c.fail("/columns/status", "is required when statuses are given");
    }
  }
  const bankData = c.object(value, "bankData", "");
  if (bankData !== undefined) for (const [k, ref] of Object.entries(bankData)) c.columnRef(ref, `/bankData/${key(k)}`);
  const statuses = c.object(value, "statuses", "");
  if (statuses !== undefined) {
    for (const [k, v] of Object.entries(statuses)) {
      if (typeof v !== "string" || !STATUS_OUTCOMES.includes(v))
        c.fail(`/statuses/${key(k)}`, `must be one of ${STATUS_OUTCOMES.join(", ")}`);
    }
  }
  if (headerNone && c.names > 0) c.fail("/columns", 'with header "none", columns are 0-based indexes, not names');

  if (c.issues.length > 0) return { issues: c.issues };
  return { profile: deepFreeze(structuredClone(value) as unknown as MappingProfile), issues: [] };
}

/**
 * A reader for the expected output WoLpH/mt940 ships beside its samples: PyYAML dumps of its Python objects
 * (`!!python/object:mt940.models.Transactions`). Not a YAML parser: it reads exactly the block layout PyYAML
 * writes in these files — indented mappings, sequences at their key's indent, `!!python/…` tags, Decimal as
 * `['1.23']`, dates as `!!binary` (two bytes of year, month, day), plain and quoted scalars that may wrap, and
 * one-line `{k: v}` flow mappings — and skips the `processors:` and `tags:` sections it does not need.
 */

/** An amount as WoLpH states it: decimal text with sign, and its currency (`null` when it had none). */
export interface WolphAmount {
  readonly amount: string;
  readonly currency: string | null;
}

/** A balance: amount, date and D/C status. */
export interface WolphBalance extends WolphAmount {
  readonly date: string | null;
  readonly status: string | null;
}

/** A value in a WoLpH `data` mapping. */
export type WolphValue = string | null | WolphAmount | WolphBalance;

/** One parsed file: the statement-level data (merged over all statements, the last one wins) and the entries. */
export interface WolphExpectation {
  readonly data: Readonly<Record<string, WolphValue>>;
  readonly transactions: readonly Readonly<Record<string, WolphValue>>[];
}

interface Line {
  readonly indent: number;
  readonly text: string;
}

function toLines(yaml: string): Line[] {
  return yaml
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const text = l.trimStart();
      return { indent: l.length - text.length, text: text.trimEnd() };
    });
}

function dateFromBase64(b64: string): string {
  const bytes = Buffer.from(b64.trim(), "base64");
  const year = ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
  return `${String(year).padStart(4, "0")}-${String(bytes[2]).padStart(2, "0")}-${String(bytes[3]).padStart(2, "0")}`;
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: "\n",
  t: "\t",
  r: "\r",
  "0": "\0",
  " ": " ",
  '"': '"',
  "\\": "\\",
  "/": "/",
  _: "\u00a0",
};

/** A YAML double-quoted scalar's text (between the quotes), its lines joined by `\n`: folded and unescaped. */
function doubleQuoted(body: string): string {
  // A line break folds to a space, an escaped one (`\` at the line's end) to nothing.
  const folded = body.replace(/\\\n/g, "").replace(/\n/g, " ");
  return folded.replace(/\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_, e: string) =>
    e.length > 1 ? String.fromCodePoint(Number.parseInt(e.slice(1), 16)) : (ESCAPES[e] ?? e),
  );
}

function unquote(text: string): string | null {
  const t = text.trim();
  if (t === "null" || t === "~") return null;
  if (t.startsWith("'") && t.endsWith("'") && t.length >= 2) return t.slice(1, -1).replace(/\n/g, " ").replaceAll("''", "'");
  if (t.startsWith('"') && t.endsWith('"') && t.length >= 2) return doubleQuoted(t.slice(1, -1));
  return t.replace(/\n/g, " ");
}

class Reader {
  #i = 0;
  readonly #lines: Line[];
  constructor(lines: Line[]) {
    this.#lines = lines;
  }

  /** Reads a block mapping whose keys sit at `indent`, from the current line. */
  mapping(indent: number): Record<string, WolphValue> {
    const out: Record<string, WolphValue> = {};
    while (this.#i < this.#lines.length) {
      const line = this.#lines[this.#i] as Line;
      if (line.indent !== indent || line.text.startsWith("- ")) break;
      const colon = line.text.indexOf(":");
      const key = line.text.slice(0, colon);
      const rest = line.text.slice(colon + 1).trim();
      this.#i++;
      out[key] = this.#value(rest, indent);
    }
    return out;
  }

  /** Skips lines indented deeper than `indent`. */
  skip(indent: number): void {
    while (this.#i < this.#lines.length && (this.#lines[this.#i] as Line).indent > indent) this.#i++;
  }

  /** Reads `- ` items at `indent`, each a `!!python/object` whose `data` mapping is read. */
  transactions(indent: number): Record<string, WolphValue>[] {
    const out: Record<string, WolphValue>[] = [];
    while (this.#i < this.#lines.length) {
      const line = this.#lines[this.#i] as Line;
      if (line.indent !== indent || !line.text.startsWith("- ")) break;
      this.#i++;
      let data: Record<string, WolphValue> = {};
      while (this.#i < this.#lines.length && (this.#lines[this.#i] as Line).indent > indent) {
        const inner = this.#lines[this.#i] as Line;
        this.#i++;
        if (inner.text === "data:") data = this.mapping(indent + 4);
        else if (inner.text.startsWith("data: {")) data = flow(inner.text.slice(6));
        else this.skip(inner.indent);
      }
      out.push(data);
    }
    return out;
  }

  /** Position of the current line, and the line itself. */
  peek(): Line | undefined {
    return this.#lines[this.#i];
  }

  advance(): void {
    this.#i++;
  }

  #value(rest: string, indent: number): WolphValue {
    const tagged = rest.replace(/^&id\d+\s*/, "");
    if (tagged.startsWith("*id")) return null;
    if (tagged.startsWith("!!python/object/apply:decimal.Decimal")) {
      const m = /\['([^']*)'\]/.exec(tagged);
      if (m !== null) return { amount: m[1] ?? "", currency: null };
      // The block form: `- '12345.12'` on the next line, at the key's indent.
      const item = this.#lines[this.#i];
      if (item === undefined || item.indent !== indent || !item.text.startsWith("- ")) return null;
      this.#i++;
      return { amount: unquote(item.text.slice(2)) ?? "", currency: null };
    }
    if (tagged.startsWith("!!python/object/apply:mt940.models.Date")) return this.#date(indent);
    if (tagged.startsWith("!!python/object:mt940.models.")) {
      const fields = this.mapping(indent + 2);
      const amount = fields.amount;
      if (amount !== null && typeof amount === "object") {
        // A Balance wraps an Amount: { amount: { amount, currency }, date, status }.
        const inner = amount as WolphAmount;
        return {
          amount: inner.amount,
          currency: inner.currency ?? (typeof fields.currency === "string" ? fields.currency : null),
          date: str(fields.date),
          status: str(fields.status),
        };
      }
      return { amount: typeof amount === "string" ? amount : "", currency: str(fields.currency) };
    }
    if (tagged.startsWith("!!")) {
      this.skip(indent);
      return null;
    }
    if (tagged === "") {
      this.skip(indent);
      return null;
    }
    if (tagged.startsWith("{")) return null;
    // A plain or quoted scalar may continue on deeper-indented lines; they are kept apart by `\n` for folding.
    let text = tagged;
    while (this.#i < this.#lines.length && (this.#lines[this.#i] as Line).indent > indent) {
      text += `\n${(this.#lines[this.#i] as Line).text}`;
      this.#i++;
    }
    return unquote(text);
  }

  #date(indent: number): string | null {
    // `- !!binary |` at the key's indent, then the base64 line(s) deeper.
    const item = this.#lines[this.#i];
    if (item === undefined || item.indent !== indent || !item.text.startsWith("- !!binary")) return null;
    this.#i++;
    let b64 = "";
    while (this.#i < this.#lines.length && (this.#lines[this.#i] as Line).indent > indent) {
      b64 += (this.#lines[this.#i] as Line).text;
      this.#i++;
    }
    return dateFromBase64(b64);
  }
}

function str(v: WolphValue | undefined): string | null {
  return typeof v === "string" ? v : null;
}

function flow(text: string): Record<string, WolphValue> {
  const body = text.trim().replace(/^\{/, "").replace(/\}$/, "");
  const out: Record<string, WolphValue> = {};
  if (body.trim() === "") return out;
  for (const pair of body.split(", ")) {
    const colon = pair.indexOf(":");
    out[pair.slice(0, colon).trim()] = unquote(pair.slice(colon + 1));
  }
  return out;
}

/** Reads a WoLpH `.yml` expectation. */
export function readWolphExpectation(yaml: string): WolphExpectation {
  const r = new Reader(toLines(yaml));
  let data: Record<string, WolphValue> = {};
  let transactions: Record<string, WolphValue>[] = [];
  for (let line = r.peek(); line !== undefined; line = r.peek()) {
    r.advance();
    if (line.indent !== 0) continue;
    if (line.text === "data:") data = r.mapping(2);
    else if (line.text.startsWith("data: {")) data = flow(line.text.slice(6));
    else if (line.text === "transactions:") transactions = r.transactions(0);
    else r.skip(0);
  }
  return { data, transactions };
}

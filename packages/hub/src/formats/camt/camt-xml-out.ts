/**
 * Output for the camt.053 writer: an indented XML document built as a list of parts, values escaped and held
 * to the schema's limits (text lengths, characters XML 1.0 cannot carry, amount digits, date-time form). What
 * a value loses on the way (cut, replaced, left out) is collected as one warning per kind of loss, with how
 * often it happened and where first, so that a million entries with the same gap make one issue, not a million.
 *
 * @module
 */
import { datePart, formatDecimal, type IsoDateTime, type Issue, type Money } from "../../core/index.js";

/**
 * `text` with every character XML 1.0 cannot hold (C0 controls but tab, LF and CR; lone surrogates; U+FFFE and
 * U+FFFF) replaced by U+FFFD, or `text` itself when it has none.
 */
function xmlCharacters(text: string): string {
  let out: string[] | undefined;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    let bad = (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0xfffe || c === 0xffff;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else bad = true;
    } else if (c >= 0xdc00 && c <= 0xdfff) bad = true;
    if (bad) {
      out ??= [];
      out.push(text.slice(from, i), "\uFFFD");
      from = i + 1;
    }
  }
  if (out === undefined) return text;
  out.push(text.slice(from));
  return out.join("");
}

const NEEDS_ESCAPE = /[&<>\r]/;

/** `text` escaped for element content. CR is written as a reference: a raw one would read back as LF. */
export function escapeXml(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return text;
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}

/** Code points of `text` (the schema counts those, not UTF-16 units). */
function codePoints(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 >= text.length) n++;
    else {
      n++;
      i++;
    }
  }
  return n;
}

/** The first `max` code points of `text`. */
function cut(text: string, max: number): string {
  let n = 0;
  let i = 0;
  while (i < text.length && n < max) {
    const c = text.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < text.length ? 2 : 1;
    n++;
  }
  return text.slice(0, i);
}

/** The writer's document being built. */
export class XmlOut {
  readonly #parts: string[] = [];
  #indent: string;
  readonly #losses = new Map<string, { message: string; count: number; first: string }>();
  readonly #opened = new Map<string, number>();

  /** @param indent the indentation of the first element (the writer nests the statements in the message). */
  constructor(indent = "") {
    this.#indent = indent;
  }

  /** `<name>` on its own line; what follows is indented one more step. */
  open(name: string): void {
    this.#parts.push(this.#indent, "<", name, ">\n");
    this.#indent += "  ";
    this.#opened.set(name, (this.#opened.get(name) ?? 0) + 1);
  }

  /**
   * Whether an element `name` was opened since the last call for that name (the writer asks whether a statement
   * got any `Bal`).
   */
  wrote(name: string): boolean {
    const n = this.#opened.get(name) ?? 0;
    this.#opened.set(name, 0);
    return n > 0;
  }

  /** `</name>`. */
  close(name: string): void {
    this.#indent = this.#indent.slice(2);
    this.#parts.push(this.#indent, "</", name, ">\n");
  }

  /** `<name>text</name>` for a value already in the schema's form (codes, numbers, dates). */
  leaf(name: string, text: string, attributes = ""): void {
    this.#parts.push(this.#indent, "<", name, attributes, ">", text, "</", name, ">\n");
  }

  /**
   * Free text of at most `max` characters as `<name>`, or nothing when there is none. Text XML cannot carry is
   * replaced by U+FFFD, longer text is cut, and white space alone (which reads back as nothing) is left out;
   * each is reported at `path` (a JSON pointer into the statements written).
   */
  text(name: string, value: string | undefined, max: number, path: string): boolean {
    const v = this.clean(value, max, path);
    if (v === undefined) return false;
    this.leaf(name, escapeXml(v));
    return true;
  }

  /** {@link text}'s checks without writing: the value to write, or `undefined`. */
  clean(value: string | undefined, max: number, path: string): string | undefined {
    if (value === undefined) return undefined;
    let v = value;
    if (v.trim() === "") {
      this.lose("blank", "empty or blank text is not written (camt text has at least one character)", path);
      return undefined;
    }
    const valid = xmlCharacters(v);
    if (valid !== v) {
      this.lose("char", "characters XML cannot carry (control characters, lone surrogates) are written as U+FFFD", path);
      v = valid;
    }
    if (v.length > max && codePoints(v) > max) {
      this.lose(`long${max}`, `text longer than ${max} characters is cut to ${max}`, path);
      v = cut(v, max);
    }
    return v;
  }

  /**
   * An amount as the schema writes it (`ActiveOrHistoricCurrencyAndAmount`: no sign, at most 5 decimals and 18
   * digits), keeping its scale; `undefined` (reported) when it does not fit.
   */
  amount(m: Money, path: string): string | undefined {
    let { minor, scale } = m;
    if (minor < 0n) minor = -minor;
    // Trailing zeros beyond five decimals carry nothing: 1.500000 is written 1.50000.
    while (scale > 5 && minor % 10n === 0n) {
      minor /= 10n;
      scale--;
    }
    const text = formatDecimal({ units: minor, scale });
    if (scale > 5 || text.replace(".", "").replace(/^0+(?=\d)/, "").length > 18) {
      this.lose(`amount:${path.replace(/\/\d+/g, "/N")}`, `an amount with more than 5 decimals or 18 digits cannot be written`, path);
      return undefined;
    }
    return text;
  }

  /** `<name Ccy="…">amount</name>`; `false` (reported) when the amount does not fit. */
  money(name: string, m: Money, path: string): boolean {
    const text = this.amount(m, path);
    if (text === undefined) return false;
    this.leaf(name, text, ` Ccy="${m.currency}"`);
    return true;
  }

  /**
   * A date-time as `xs:dateTime` requires it (seconds, an offset with a colon), or `undefined` when it has none
   * (a leap second). A form the model allows but the schema does not is written in the schema's form and
   * reported, as it reads back as that form.
   */
  dateTime(value: IsoDateTime, path: string): string | undefined {
    const date = datePart(value);
    let rest = value.slice(10);
    if (rest.length === 6) rest = `${rest}:00`;
    else if (rest.length > 6 && rest[6] !== ":") rest = `${rest.slice(0, 6)}:00${rest.slice(6)}`;
    const zone = /[+-]\d{4}$/.exec(rest);
    if (zone !== null) rest = `${rest.slice(0, -5)}${rest.slice(-5, -2)}:${rest.slice(-2)}`;
    if (rest.slice(7, 9) === "60") {
      this.lose("leap", "a leap second cannot be written in xs:dateTime; the date-time is left out", path);
      return undefined;
    }
    const text = date + rest;
    if (text !== value)
      this.lose("datetime", "date-times without seconds or with an offset without colon are written in xs:dateTime form", path);
    return text;
  }

  /** Records a loss of kind `key` at `path`. */
  lose(key: string, message: string, path: string): void {
    const known = this.#losses.get(key);
    if (known === undefined) this.#losses.set(key, { message, count: 1, first: path });
    else known.count++;
  }

  /** One warning per kind of loss. */
  issues(): Issue[] {
    return [...this.#losses.values()].map(({ message, count, first }) => ({
      severity: "warning",
      code: "CAMT_WRITE_LOSSY",
      message: `camt.053.001.08: ${message}${count > 1 ? ` (${count} times, first at ${first})` : ` (${first})`}`,
      path: first,
      details: { count },
    }));
  }

  /** The document. */
  toString(): string {
    return this.#parts.join("");
  }
}

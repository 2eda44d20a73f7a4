/**
 * How sure we are that a document is an MT940 statement or an MT942 interim report, from its first 64 KiB.
 *
 * @module
 */

const TAG_LINE = /^(?:\{4:)?:(20|21|25P?|28C?|60[FM]?|61|62[FM]?|64|65|86|34F|13D?|90[CD]|NS):/;

/** `text` without the control characters (SOH, a byte-order mark…) that transmissions put before a line. */
function withoutLeadingControls(text: string): string {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) < 32 || text.charCodeAt(i) === 0xfeff)) i++;
  return i === 0 ? text : text.slice(i);
}

/**
 * Whether the text starts as a table: among its lines before the first field (a title, a header row, rows), one holds
 * two or more of one cell separator (`,` `;` tab `|`), or two in a row hold the same number of one (a two-column
 * table). Bank header lines (`ABNANL2A`, `940`, `0000 01INGBNL2AXXXX00001`) hold none.
 */
function startsAsTable(text: string): boolean {
  let previous: readonly number[] | undefined;
  let seen = 0;
  for (const raw of text.split(/\r\n|\r|\n/, 12)) {
    const line = withoutLeadingControls(raw).trim();
    if (line === "") continue;
    // A field, an envelope or a message's `-` end: the statement has begun.
    if (line.startsWith(":") || line.startsWith("{") || /^-(?:$|[}\u00e5]|X+$)/.test(line)) return false;
    const counts = [",", ";", "\t", "|"].map((c) => line.split(c).length - 1);
    if (counts.some((n) => n >= 2)) return true;
    if (previous !== undefined && counts.some((n, i) => n >= 1 && n === previous?.[i])) return true;
    previous = counts;
    if (++seen >= 10) return false;
  }
  return false;
}

/** Scores (0–1) for `mt940` and `mt942`; at most one is 0.5 or above. */
export function sniffSwiftStatement(text: string): { readonly mt940: number; readonly mt942: number } {
  const tags = new Set<string>();
  let mt942Envelope = false;
  let mt940Envelope = false;
  for (const raw of text.split(/\r\n|\r|\n/, 2000)) {
    const line = withoutLeadingControls(raw);
    if (line.startsWith("{")) {
      if (/\{2:[IO]942/.test(line)) mt942Envelope = true;
      if (/\{2:[IO]940/.test(line)) mt940Envelope = true;
    }
    const m = TAG_LINE.exec(line);
    if (m?.[1] !== undefined) tags.add(m[1].replace(/^(\d\d)[FMCDP]?$/, "$1"));
  }
  const core =
    tags.has("20") && tags.has("25") && (tags.has("61") || tags.has("60") || tags.has("62") || tags.has("34F") || tags.has("86"));
  const statementTags = ["20", "25", "28", "60", "61", "62", "86", "34F", "13"].filter((t) => tags.has(t)).length;
  // A document that starts with a field (`:61:…`, `:60F:…`) is an MT940 fragment at least: recognised, so the
  // parser can say what is missing rather than "no format recognises this document".
  const startsWithField = TAG_LINE.test(withoutLeadingControls(text.trimStart()).slice(0, 8));
  let base = core ? 0.9 : statementTags >= 3 ? 0.7 : statementTags === 2 ? 0.55 : startsWithField ? 0.5 : 0;
  if (base === 0) return { mt940: 0, mt942: 0 };
  // A document that starts as a table (`Date,Amount,Description`) is a table whose cells may quote a SWIFT message
  // line by line; read as MT940 it gave an empty statement and lost every row. Below what a table format scores.
  // A statement with its balances (`:60F:` and `:62F:` lines) is one, whatever title or preamble comes first
  // (review: `Statement NL12…, EUR` / `Created 2024-01-05, 10:00` was refused).
  if (startsAsTable(text) && !(tags.has("60") && tags.has("62"))) base = Math.min(base, 0.45);
  // MT942 has no booked balances and has a floor limit (:34F:) and a date-time (:13D:).
  const interim = mt942Envelope || ((tags.has("34F") || tags.has("13")) && !tags.has("60") && !tags.has("62"));
  if (interim && !mt940Envelope) return { mt940: Math.min(base, 0.4), mt942: Math.min(1, base + 0.05) };
  return { mt940: base, mt942: Math.min(base, 0.45) };
}

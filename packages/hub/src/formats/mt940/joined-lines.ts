/**
 * A field's lines joined into one string for scanning, with pieces cut back out of the original lines.
 *
 * Why: a value sliced from the joined string keeps the whole joined copy alive for as long as the entry lives
 * (a V8 sliced string points at its parent), which for a statement of 100,000 entries is 100,000 copies of their
 * `:86:` text, all copied again by the garbage collector. A piece cut from the original lines is a slice of the
 * document the caller holds anyway; only a value that crosses a line break becomes a (small) concatenation.
 * That holds while the entries are kept with their document ({@link keepEntries}); a stream's values are sliced
 * from the joined text, which is faster and holds less than a slice of a line (which holds its whole chunk).
 *
 * @module
 */
import { keepEntries } from "./keep-entries.js";

/** `lines` with `separators[i]` before line `i` (from 1). */
function joinWith(lines: readonly string[], separators: readonly string[]): string {
  let text = lines[0] ?? "";
  for (let i = 1; i < lines.length; i++) text += (separators[i] ?? "") + (lines[i] as string);
  return text;
}

/** Lines joined with a separator before each line after the first (`""` joins them directly). */
export class JoinedLines {
  /** The joined text. */
  readonly text: string;
  readonly #lines: readonly string[];
  readonly #starts: number[];
  readonly #separators: readonly string[] | undefined;

  /**
   * @param lines the field's lines
   * @param separators the text to put before line `i` (index `i`, from 1); all `""` when omitted
   */
  constructor(lines: readonly string[], separators?: readonly string[]) {
    this.#lines = lines;
    this.#separators = separators;
    // The offsets first, then the text in one piece: `+=` line by line makes a chain of concatenations that
    // the first scan has to flatten into a copy (measured: about 1% of the whole-document parse's instructions).
    const n = lines.length;
    const starts: number[] = new Array<number>(n);
    let length = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && separators !== undefined) length += (separators[i] ?? "").length;
      starts[i] = length;
      length += (lines[i] as string).length;
    }
    this.#starts = starts;
    this.text = n === 1 ? (lines[0] as string) : separators === undefined ? lines.join("") : joinWith(lines, separators);
  }

  /** `text.slice(a, b)`, made of slices of the original lines. */
  piece(a: number, b: number): string {
    if (b <= a) return "";
    if (!keepEntries()) return this.text.slice(a, b);
    const lines = this.#lines;
    const starts = this.#starts;
    let i = 0;
    while (i + 1 < lines.length && (starts[i + 1] as number) <= a) i++;
    const start = starts[i] as number;
    const line = lines[i] as string;
    if (b <= start + line.length) return line.slice(a - start, b - start);
    // Crosses a line break: concatenate the parts (and the separators between them).
    let out = a < start + line.length ? line.slice(Math.max(0, a - start)) : "";
    for (let j = i + 1; j < lines.length; j++) {
      const s = starts[j] as number;
      if (s >= b && this.#separators === undefined) break;
      const separator = this.#separators?.[j] ?? "";
      const sepStart = s - separator.length;
      if (separator !== "" && b > sepStart && a < s)
        out += separator.slice(Math.max(0, a - sepStart), Math.min(separator.length, b - sepStart));
      if (s >= b) break;
      const l = lines[j] as string;
      out += l.slice(Math.max(0, a - s), Math.min(l.length, b - s));
    }
    return out;
  }

  /** The piece `[a, b)` without leading and trailing whitespace. */
  trimmed(a: number, b: number): string {
    const t = this.text;
    let start = a;
    let end = b;
    while (start < end && t.charCodeAt(start) <= 32) start++;
    while (end > start && t.charCodeAt(end - 1) <= 32) end--;
    return this.piece(start, end);
  }
}

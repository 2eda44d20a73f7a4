/**
 * `:NS:` non-SWIFT fields (wolph #23; Sparkasse, Sberbank Hungary, Postbank): one numbered value per line,
 * `<2-digit code><text>`, e.g. `22Test GmbH` / `23Testkonto`. A line without a code continues the previous one.
 *
 * @module
 */

/** One `:NS:` line: its two-digit code and its text. */
export interface NonSwiftValue {
  readonly code: string;
  readonly value: string;
}

/**
 * Reads a `:NS:` field into its numbered values, in order; empty values are left out.
 *
 * @example parseNonSwiftField("22Test GmbH\n23Testkonto") // [{ code: "22", value: "Test GmbH" }, { code: "23", value: "Testkonto" }]
 */
export function parseNonSwiftField(text: string): NonSwiftValue[] {
  const values: { code: string; value: string }[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.trimEnd();
    const c0 = line.charCodeAt(0);
    const c1 = line.charCodeAt(1);
    if (c0 >= 48 && c0 <= 57 && c1 >= 48 && c1 <= 57) values.push({ code: line.slice(0, 2), value: line.slice(2) });
    else if (line.trim() !== "") {
      const last = values[values.length - 1];
      if (last === undefined) values.push({ code: "", value: line });
      else last.value += line;
    }
  }
  return values.filter((v) => v.value.trim() !== "");
}

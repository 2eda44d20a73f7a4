/**
 * The XML declaration's pseudo-attributes (XML 1.0 §2.8 `XMLDecl`), in their fixed order.
 *
 * @module
 */
import type { XmlDeclaration } from "./types.js";

/** Longest declaration body accepted; real ones are under 100 code units. */
export const MAX_DECLARATION_LENGTH = 1024;

const S = "[ \\t\\r\\n]";
const EQ = `${S}*=${S}*`;
// Anchored and without nested quantifiers over the same characters, so matching is linear.
const DECLARATION = new RegExp(
  `^${S}+version${EQ}(["'])(1\\.[0-9]+)\\1` +
    `(?:${S}+encoding${EQ}(["'])([A-Za-z][A-Za-z0-9._-]*)\\3)?` +
    `(?:${S}+standalone${EQ}(["'])(yes|no)\\5)?${S}*$`,
);

/** The declaration whose body (after `<?xml`, before `?>`) is `body`, or `undefined` if the body is not valid. */
export function parseDeclaration(body: string): XmlDeclaration | undefined {
  if (body.length > MAX_DECLARATION_LENGTH) return undefined;
  const m = DECLARATION.exec(body);
  if (m === null) return undefined;
  return Object.freeze({
    version: m[2]!,
    encoding: m[4],
    standalone: m[6] === undefined ? undefined : m[6] === "yes",
  });
}

/**
 * The reader's errors: a {@link HubError} with an `XML_*` code and the place of the problem.
 *
 * @module
 */
import { HubError } from "../../core/errors.js";
import type { XmlPosition } from "./types.js";

/** The codes the XML reader throws (see `docs/errors.md`). */
export type XmlErrorCode =
  | "XML_MALFORMED"
  | "XML_DTD_FORBIDDEN"
  | "XML_ENTITY_UNKNOWN"
  | "XML_TOO_DEEP"
  | "XML_TEXT_TOO_LARGE"
  | "XML_TAG_TOO_LARGE"
  | "XML_NAME_NOT_ASCII";

/**
 * A HubError for a problem at `position`: the message ends with the line and column, and `details` holds
 * `{ line, column, offset }` for callers that report it as an issue.
 */
export function xmlError(code: XmlErrorCode, message: string, position: XmlPosition): HubError {
  const { line, column, offset } = position;
  return new HubError(code, `${message} (line ${line}, column ${column})`, { details: { line, column, offset } });
}

/** `text` for a message: quoted, control characters escaped, cut to `max` code units. */
export function quoted(text: string, max = 40): string {
  const cut = text.length > max ? `${text.slice(0, max)}…` : text;
  return JSON.stringify(cut);
}

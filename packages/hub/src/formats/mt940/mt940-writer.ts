/**
 * MT940 as an output format (`bankbridge parse --to mt940`).
 *
 * @module
 */
import type { StatementWriter } from "../format.js";
import { beginMt940, writeMt940 } from "./write-mt940.js";

/** The MT940 writer: canonical statements as a SWIFT MT940 customer statement file. */
export const mt940Writer: StatementWriter = {
  id: "mt940",
  description: "SWIFT MT940 customer statement (CRLF; German ?NN :86: subfields for structured details)",
  extension: "sta",
  mediaType: "text/plain; charset=utf-8",
  // `?` starts a subfield in `:86:` (`?32` is the name): a character the output encoding lacks must not become one.
  unrepresentable: ".",
  write: writeMt940,
  begin: beginMt940,
};

/**
 * The SWIFT MT940 customer statement and MT942 interim transaction report as formats of the registry. One
 * reader serves both; the id decides the statements' kind (`statement` or `report`).
 *
 * @module
 */
import type { StatementFormat } from "../format.js";
import { mt940StatementBatches } from "./mt940-statement-batches.js";
import { parseMt940 } from "./parse-mt940.js";
import { sniffSwiftStatement } from "./sniff-swift-statement.js";

/** SWIFT MT940, with SWIFT envelopes, bank header lines and the German, Dutch and free-text `:86:` dialects. */
export const mt940Format: StatementFormat = {
  id: "mt940",
  description: "SWIFT MT940 customer statement (bare or in {1:}{2:}{4:} envelopes; German ?NN and Dutch /TAG/ :86: details)",
  sniff: ({ text }) => sniffSwiftStatement(text).mt940,
  parse: (text, context) => parseMt940(text, { ...context, format: "mt940" }),
  stream: (chunks, context) => mt940StatementBatches(chunks, { ...context, format: "mt940" }),
};

/** SWIFT MT942 interim transaction report (intraday): statements of kind `report`, expected entries pending. */
export const mt942Format: StatementFormat = {
  id: "mt942",
  description: "SWIFT MT942 interim transaction report (intraday; :34F: floor limit, :13D: time, :90D:/:90C: totals)",
  sniff: ({ text }) => sniffSwiftStatement(text).mt942,
  parse: (text, context) => parseMt940(text, { ...context, format: "mt942" }),
  stream: (chunks, context) => mt940StatementBatches(chunks, { ...context, format: "mt942" }),
};

/** Both SWIFT statement formats, for the registry. */
export const mt940Formats: StatementFormat[] = [mt940Format, mt942Format];

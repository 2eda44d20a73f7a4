/**
 * Bank statement formats: the `StatementFormat` contract, the registry that detects and parses, encoding
 * detection and the integrity checks shared by every format.
 *
 * @module
 */
import { bai2Format, bai2Writer } from "./bai2/index.js";
import { bankCsvFormat } from "./bank-csv/index.js";
import { camt052Writer, camt053Writer, camt054Writer, camtFormats } from "./camt/index.js";
import { canonicalJsonFormat } from "./canonical-json/index.js";
import { entriesCsvWriter } from "./entries-csv/index.js";
import { excelFormats } from "./excel/index.js";
import type { StatementFormat, StatementWriter } from "./format.js";
import { mt940Formats, mt940Writer } from "./mt940/index.js";
import { ofxFormat } from "./ofx/index.js";
import { qifFormat } from "./qif/index.js";
import { createFormatRegistry, type FormatRegistry } from "./registry.js";

export { checkContinuity, checkStatement, createContinuityCheck, type TotalsRule } from "./checks.js";
export {
  type ChunkDecoder,
  createChunkDecoder,
  type Decoded,
  declaredEncoding,
  decodeDocument,
  decodeIbm852,
  decodeWindows1252,
  ENCODINGS,
  normalizeEncoding,
} from "./encoding.js";
export type {
  FormatId,
  FormatResult,
  ParseContext,
  SniffInput,
  StatementFormat,
  StatementWriter,
  StatementWriteSession,
} from "./format.js";
export { createOutputEncoder, type OutputEncoder } from "./output-encoding.js";
export {
  createFormatRegistry,
  type FormatRegistry,
  LARGE_DOCUMENT_BYTES,
  type ParseDocumentOptions,
  type ParsedDocument,
  type StreamedDocument,
} from "./registry.js";
export { eventsOf, type StatementStreamEvent, type StreamFindings, wholeStatements } from "./statement-stream.js";
export {
  bai2Format,
  bai2Writer,
  bankCsvFormat,
  camt052Writer,
  camt053Writer,
  camt054Writer,
  camtFormats,
  canonicalJsonFormat,
  entriesCsvWriter,
  excelFormats,
  mt940Formats,
  mt940Writer,
  ofxFormat,
  qifFormat,
};

/** Every format BankBridge ships, in the order detection prefers them on a tie. */
export function builtinFormats(): StatementFormat[] {
  return [canonicalJsonFormat, ...camtFormats, ...mt940Formats, bai2Format, ofxFormat, qifFormat, bankCsvFormat, ...excelFormats];
}

/** A registry of the built-in formats. */
export function defaultFormatRegistry(): FormatRegistry {
  return createFormatRegistry(builtinFormats());
}

/** Every writer BankBridge ships (`bankbridge parse --to`). */
export function builtinWriters(): StatementWriter[] {
  return [entriesCsvWriter, camt053Writer, camt052Writer, camt054Writer, mt940Writer, bai2Writer];
}

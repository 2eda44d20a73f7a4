/**
 * Importing one raw bank document: save the bytes, parse them, ingest the statements, return a report.
 * The CLI (`bankbridge import`) and the API (`POST /v1/documents`) both come through here, so a file
 * behaves the same whichever way it arrives.
 *
 * @module
 */
import type { DocumentId, Issue, Statement, TenantId } from "../core/index.js";
import { statementsFromJson } from "../core/index.js";
import type { IngestReport, Store } from "../store/store.js";

/** What a parser made of a document. Parsing never throws: what it could not read is in `issues`. */
export interface ParsedDocument {
  /** Format recognised (`canonical-json`, later `camt.053`, `mt940`…), or `undefined` when none was. */
  readonly format: string | undefined;
  readonly statements: readonly Statement[];
  readonly issues: readonly Issue[];
}

/**
 * Turns raw bytes into statements. Today {@link parseCanonicalJson}; the format registry of a later issue
 * (camt, MT940, BAI2…) plugs in here as another function of the same shape.
 */
export type DocumentParser = (content: Uint8Array) => ParsedDocument;

/**
 * Largest canonical JSON document: the longest string V8 can hold (UTF-8 has at least one byte per
 * character, so any document this size decodes). Beyond it, decoding would throw instead of reporting.
 */
const MAX_JSON_BYTES = 0x1fffffe8;

/** Format id of BankBridge's own JSON form (`docs/model.md`). */
export const CANONICAL_JSON_FORMAT = "canonical-json";

/**
 * Parses BankBridge canonical JSON (UTF-8, a BOM allowed). Bytes that are not UTF-8 or not JSON give a
 * `FORMAT_UNSUPPORTED` issue and no format; JSON that does not follow the model gives `MODEL_INVALID` issues
 * (from {@link statementsFromJson}) and keeps every valid statement.
 */
export const parseCanonicalJson: DocumentParser = (content) => {
  if (content.byteLength > MAX_JSON_BYTES) {
    return unsupported(
      `document is ${content.byteLength} bytes; canonical JSON can be read up to ${MAX_JSON_BYTES} bytes`,
      "FILE_TOO_LARGE",
    );
  }
  let text: string;
  try {
    // fatal: a wrongly encoded file must be reported, not silently turned into U+FFFD characters.
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return unsupported("document is not UTF-8 text; only BankBridge canonical JSON can be imported so far");
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const reason = e instanceof SyntaxError ? e.message : "invalid JSON";
    return unsupported(`document is not JSON (${reason}); only BankBridge canonical JSON can be imported so far`);
  }
  const decoded = statementsFromJson(value);
  return { format: CANONICAL_JSON_FORMAT, statements: decoded.statements, issues: decoded.issues };
};

function unsupported(message: string, code: "FORMAT_UNSUPPORTED" | "FILE_TOO_LARGE" = "FORMAT_UNSUPPORTED"): ParsedDocument {
  return { format: undefined, statements: [], issues: [{ severity: "error", code, message }] };
}

/** Input of {@link importDocument}. */
export interface ImportDocumentInput {
  readonly store: Store;
  readonly tenantId: TenantId;
  /** The document exactly as received; saved before anything reads it. */
  readonly content: Uint8Array;
  /** Name the document came with, kept with the raw document. */
  readonly filename?: string;
  /** Media type the document came with, kept with the raw document. */
  readonly mediaType?: string;
  /** Where it came from, for the ingest run (`file:statement.json`, `api`). */
  readonly source: string;
  /** @default {@link parseCanonicalJson} */
  readonly parse?: DocumentParser;
}

/** The ingest report plus what the import itself decided. */
export interface DocumentImportReport extends IngestReport {
  /** SHA-256 of the bytes: the raw document's id. */
  readonly documentId: DocumentId;
  /** Format the parser recognised, or `undefined` when none did: the document was rejected. */
  readonly format: string | undefined;
}

/**
 * Saves `content` as a raw document, parses it and ingests the statements, recording one ingest run
 * whatever the outcome. Bad input never throws: an unreadable or unrecognised document is a report with an
 * issue. Throws only when the store fails.
 *
 * @example
 * const report = await importDocument({ store, tenantId, content: await readFile(path), filename: "june.json", source: "file:june.json" })
 */
export async function importDocument(input: ImportDocumentInput): Promise<DocumentImportReport> {
  // Raw bytes first: whatever the parser makes of them today, a better parser can read them again later.
  const saved = await input.store.documents.save({
    tenantId: input.tenantId,
    content: input.content,
    ...(input.filename === undefined ? {} : { filename: input.filename }),
    ...(input.mediaType === undefined ? {} : { mediaType: input.mediaType }),
  });
  const parsed = (input.parse ?? parseCanonicalJson)(input.content);
  const report = await input.store.ingest({
    tenantId: input.tenantId,
    statements: parsed.statements,
    documentId: saved.id,
    source: input.source,
    ...(parsed.format === undefined ? {} : { format: parsed.format }),
    parseIssues: parsed.issues,
  });
  return { ...report, documentId: saved.id, format: parsed.format };
}

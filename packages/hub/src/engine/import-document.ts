/**
 * Importing one raw bank document: save the bytes, parse them, ingest the statements, return a report.
 * The CLI (`bankbridge import`) and the API (`POST /v1/documents`) both come through here, so a file
 * behaves the same whichever way it arrives.
 *
 * @module
 */
import type { DocumentId, TenantId } from "../core/index.js";
import {
  defaultFormatRegistry,
  type FormatId,
  LARGE_DOCUMENT_BYTES,
  type ParseDocumentOptions,
  type ParsedDocument,
  type StreamedDocument,
  type StreamFindings,
  wholeStatements,
} from "../formats/index.js";
import type { IngestReport, Store } from "../store/store.js";

/**
 * Turns raw bytes into statements: the format registry's `parse` (detect encoding and format, parse, check).
 * Never throws: a refused document is a result with `rejected` set.
 */
export type DocumentParser = (content: Uint8Array, options: ParseDocumentOptions) => ParsedDocument;

let registry: ReturnType<typeof defaultFormatRegistry> | undefined;

/** The built-in formats' parser, created on first use. */
export const parseWithBuiltinFormats: DocumentParser = (content, options) => {
  registry ??= defaultFormatRegistry();
  return registry.parse(content, options);
};

function streamWithBuiltinFormats(content: Uint8Array, options: ParseDocumentOptions): StreamedDocument | undefined {
  registry ??= defaultFormatRegistry();
  return registry.stream(content, options);
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
  /** A format id, or `auto`. @default "auto" */
  readonly format?: FormatId | "auto";
  /** An encoding label, or `auto`. @default "auto" */
  readonly encoding?: string;
  /** Options for the format (a CSV mapping `profile`). */
  readonly formatOptions?: Readonly<Record<string, unknown>>;
  /** @default {@link parseWithBuiltinFormats} */
  readonly parse?: DocumentParser;
  /**
   * Read the document as a stream and ingest each statement as soon as it ends, holding one statement's entries
   * instead of the whole document's: `auto` for documents of {@link LARGE_DOCUMENT_BYTES} and more in a format
   * that streams (not with a custom `parse`). A document refused part-way keeps the statements stored before the
   * refusal (the run is `partial`, the refusal among its issues); importing the complete file later adds the rest
   * without duplicates. @default "auto"
   */
  readonly stream?: "auto" | "always" | "never";
}

/** The ingest report plus what the import itself decided. */
export interface DocumentImportReport extends IngestReport {
  /** SHA-256 of the bytes: the raw document's id. */
  readonly documentId: DocumentId;
  /** Format the parser recognised, or `undefined` when none did. */
  readonly format: string | undefined;
  /** Encoding the bytes were read with, or `undefined` when they were not read. */
  readonly encoding: string | undefined;
  /** Why the document as a whole was refused, if it was. */
  readonly rejected?: ParsedDocument["rejected"];
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
  const options: ParseDocumentOptions = {
    documentId: saved.id,
    ...(input.filename === undefined ? {} : { filename: input.filename }),
    ...(input.format === undefined ? {} : { format: input.format }),
    ...(input.encoding === undefined ? {} : { encoding: input.encoding }),
    ...(input.formatOptions === undefined ? {} : { formatOptions: input.formatOptions }),
  };
  const when = input.stream ?? "auto";
  const streamed =
    input.parse === undefined && (when === "always" || (when === "auto" && input.content.length >= LARGE_DOCUMENT_BYTES))
      ? streamWithBuiltinFormats(input.content, options)
      : undefined;
  if (streamed !== undefined) return ingestStreamed(input, saved.id, streamed);
  const parsed = (input.parse ?? parseWithBuiltinFormats)(input.content, options);
  const report = await input.store.ingest({
    tenantId: input.tenantId,
    statements: parsed.statements,
    documentId: saved.id,
    source: input.source,
    ...(parsed.format === undefined ? {} : { format: parsed.format }),
    parseIssues: parsed.issues,
  });
  return {
    ...report,
    documentId: saved.id,
    format: parsed.format,
    encoding: parsed.encoding,
    ...(parsed.rejected === undefined ? {} : { rejected: parsed.rejected }),
  };
}

/** Ingests a streamed document statement by statement: each is handed to the store when its end is read. */
async function ingestStreamed(input: ImportDocumentInput, documentId: DocumentId, doc: StreamedDocument): Promise<DocumentImportReport> {
  // Filled while the store consumes the statements; it reads them once it has consumed them all.
  const findings: StreamFindings = { issues: [], rejected: undefined };
  const report = await input.store.ingest({
    tenantId: input.tenantId,
    statements: wholeStatements(doc.batches, findings),
    documentId,
    source: input.source,
    ...(doc.format === undefined ? {} : { format: doc.format }),
    parseIssues: findings.issues,
  });
  const rejected = findings.rejected;
  return { ...report, documentId, format: doc.format, encoding: doc.encoding, ...(rejected === undefined ? {} : { rejected }) };
}

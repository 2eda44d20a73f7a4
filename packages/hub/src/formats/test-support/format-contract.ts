/**
 * The contract suite every format passes (after Hono's `runTest` for routers): each format's test calls
 * {@link runFormatContract} with its samples and it checks what the framework promises callers.
 */
import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Entry, type Issue, type Statement, statementsFromJson, statementToJson } from "../../core/index.js";
import type { StatementFormat } from "../format.js";
import { createFormatRegistry, type ParsedDocument, type StreamedDocument } from "../registry.js";
import { eventsOf } from "../statement-stream.js";

/** A document a format must read. */
export interface FormatSample {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** How many statements it holds, when known. */
  readonly statements?: number;
}

/** Options of {@link runFormatContract}. */
export interface FormatContractOptions {
  readonly format: StatementFormat;
  /** Valid documents of the format (real files where the corpus has them). */
  readonly samples: readonly FormatSample[];
  /** Documents of other formats the format must not claim. */
  readonly others?: readonly FormatSample[];
  /** Random mutation runs per sample. @default 30 */
  readonly mutationRuns?: number;
}

function modelRoundTrip(statements: readonly Statement[]): void {
  const json = JSON.parse(JSON.stringify(statements.map(statementToJson))) as unknown;
  const decoded = statementsFromJson(json);
  expect(decoded.issues).toEqual([]);
  expect(decoded.statements).toEqual(statements);
}

/** A streamed document put back together: what `parse` would return, built from the events. */
async function collect(streamed: StreamedDocument): Promise<ParsedDocument> {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Entry[] = [];
  let rejected: Issue | undefined;
  let ended = 0;
  for await (const event of eventsOf(streamed.batches)) {
    if (event.type === "statement") entries = [];
    else if (event.type === "entry") entries.push(event.entry);
    else if (event.type === "statementEnd") {
      statements.push({ ...event.statement, entries });
      issues.push(...event.issues);
    } else if (event.type === "issue") issues.push(event.issue);
    else {
      ended++;
      rejected = event.rejected;
    }
  }
  expect(ended, "one end event, last").toBe(1);
  return { format: streamed.format, encoding: streamed.encoding, statements, issues, ...(rejected === undefined ? {} : { rejected }) };
}

/** Issues in a stable order: a stream reports a statement's findings at its end, `parse` after all statements. */
const sorted = (issues: readonly Issue[]) => issues.map((i) => JSON.stringify(i)).sort();

/**
 * The streamed document says what the parsed one says: the same refusal, and unless refused the same
 * statements, entries and findings. (A refused stream keeps what it read before the refusal; `parse` drops it.)
 */
function expectStreamLikeParse(streamed: ParsedDocument, parsed: ParsedDocument): void {
  expect(streamed.rejected?.code).toBe(parsed.rejected?.code);
  expect({ format: streamed.format, encoding: streamed.encoding }).toEqual({ format: parsed.format, encoding: parsed.encoding });
  if (parsed.rejected !== undefined) return;
  expect(streamed.statements).toEqual(parsed.statements);
  expect(sorted(streamed.issues)).toEqual(sorted(parsed.issues));
}

/**
 * For a format with `parseUtf8`: `bytes` (when valid UTF-8) parsed as bytes give what the decoded text gives.
 */
export function expectBytesLikeDecoded(format: StatementFormat, bytes: Uint8Array, label?: string): void {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isUtf8(buffer)) return;
  const body = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? buffer.subarray(3) : buffer;
  const context = { format: format.id, encoding: "utf-8" };
  expect(format.parseUtf8?.(body, context), label).toEqual(format.parse(body.toString("utf8"), context));
}

/** Non-ASCII text and markup, put into copies of the samples to test the reading of UTF-8 bytes. */
export const UTF8_PIECES = [
  "é",
  "ß",
  "中文",
  "😀",
  "\u0085",
  "\uFFFE",
  "&#xE9;",
  "&amp;",
  "<Ünï>",
  "</Ünï>",
  "<",
  "&",
  "]]>",
  "<![CDATA[ö]]>",
  " ü='1'",
  "&é;",
];

/** `bytes` (decoded) with each `[at, piece, replace]` edit put in, as UTF-8. */
export function withPieces(bytes: Uint8Array, edits: readonly (readonly [number, string, boolean])[]): Uint8Array {
  let text = new TextDecoder().decode(bytes);
  for (const [at, piece, replace] of edits) {
    const k = at % (text.length + 1);
    text = text.slice(0, k) + piece + text.slice(replace ? k + 1 : k);
  }
  return new TextEncoder().encode(text);
}

/** Runs the contract for one format. */
export function runFormatContract({ format, samples, others = [], mutationRuns = 30 }: FormatContractOptions): void {
  const registry = createFormatRegistry([format]);

  describe(`${format.id} format contract`, () => {
    it("has samples to test with", () => {
      expect(samples.length).toBeGreaterThan(0);
    });

    for (const sample of samples) {
      describe(sample.name, () => {
        it("is recognised by sniff", () => {
          expect(registry.detect(sample.bytes)?.format.id).toBe(format.id);
        });

        it("parses without being rejected, into statements that are valid canonical model", () => {
          const parsed = registry.parse(sample.bytes);
          expect(parsed.rejected).toBeUndefined();
          expect(parsed.format).toBe(format.id);
          if (sample.statements !== undefined) expect(parsed.statements).toHaveLength(sample.statements);
          else expect(parsed.statements.length).toBeGreaterThan(0);
          modelRoundTrip(parsed.statements);
        });

        it("parses the same way twice", () => {
          expect(registry.parse(sample.bytes)).toEqual(registry.parse(sample.bytes));
        });

        if (format.parseUtf8 !== undefined) {
          it("reads its UTF-8 bytes as it reads its decoded text, also with non-ASCII text and markup put anywhere", () => {
            expectBytesLikeDecoded(format, sample.bytes);
            fc.assert(
              fc.property(
                fc.array(fc.tuple(fc.nat(), fc.constantFrom(...UTF8_PIECES), fc.boolean()), { minLength: 1, maxLength: 6 }),
                (edits) => {
                  expectBytesLikeDecoded(format, withPieces(sample.bytes, edits));
                },
              ),
              { numRuns: mutationRuns },
            );
          });
        }

        if (format.stream !== undefined) {
          it("streams the statements, entries and findings that parse gives", async () => {
            const streamed = registry.stream(sample.bytes);
            expect(streamed).toBeDefined();
            expectStreamLikeParse(await collect(streamed as StreamedDocument), registry.parse(sample.bytes));
          });

          it("streams truncated or mutated copies as parse reads them", async () => {
            await fc.assert(
              fc.asyncProperty(
                fc.integer({ min: 0, max: sample.bytes.length }),
                fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
                async (cut, edits) => {
                  const bytes = Uint8Array.from(sample.bytes.subarray(0, Math.max(cut, 1)));
                  for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
                  const streamed = registry.stream(bytes, { format: format.id }) as StreamedDocument;
                  expectStreamLikeParse(await collect(streamed), registry.parse(bytes, { format: format.id }));
                },
              ),
              { numRuns: mutationRuns },
            );
          });
        }

        it("never throws on truncated or mutated copies", () => {
          fc.assert(
            fc.property(
              fc.integer({ min: 0, max: sample.bytes.length }),
              fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
              (cut, edits) => {
                // A copy: Buffer#slice would be a view, and the edits below would corrupt the sample itself.
                const bytes = Uint8Array.from(sample.bytes.subarray(0, Math.max(cut, 1)));
                for (const [at, value] of edits) if (bytes.length > 0) bytes[at % bytes.length] = value;
                const parsed = registry.parse(bytes, { format: format.id });
                expect(Array.isArray(parsed.issues)).toBe(true);
                if (parsed.rejected === undefined) modelRoundTrip(parsed.statements);
              },
            ),
            { numRuns: mutationRuns },
          );
        });
      });
    }

    it("refuses empty, blank and binary input with an issue instead of throwing", () => {
      for (const bytes of [
        new Uint8Array(0),
        new TextEncoder().encode("   \n\n"),
        Uint8Array.from({ length: 300 }, (_, i) => (i * 37) % 256),
      ]) {
        const parsed = registry.parse(bytes, { format: format.id });
        expect(parsed.issues.length + parsed.statements.length).toBeGreaterThan(0);
      }
    });

    for (const other of others) {
      it(`does not claim ${other.name}`, () => {
        expect(
          format.sniff({ head: other.bytes.subarray(0, 65536), text: new TextDecoder().decode(other.bytes.subarray(0, 65536)) }),
        ).toBeLessThan(0.5);
      });
    }
  });
}

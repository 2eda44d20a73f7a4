import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Issue } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { eventsOf } from "../statement-stream.js";
import { streamResult } from "../test-support/stream-result.js";
import { parseCamtFile } from "./camt-file.js";
import { camtFormats } from "./camt-format.js";
import { parseCamt, parseCamtUtf8 } from "./camt-parser.js";
import { parseCamtStream } from "./camt-stream.js";
import { camtDocument, entry, HEAD } from "./test-support/camt-documents.js";

// Files from host-to-host transfers: blank lines before the XML declaration, fixed-size records padded with NULs
// after the root element. XML allows neither; the camt parsers skip them with a warning, in every path.

const context = { format: "camt.053", encoding: "utf-8" } as const;
const registry = createFormatRegistry(camtFormats);
const DOC = camtDocument([`${HEAD}${entry("12.50", true, "<AddtlNtryInf>Müller</AddtlNtryInf>")}${entry("3.00", false)}`]);
const LEADING = "\r\n\r\n  \n";
const PADDING = `${"\0".repeat(300)}\r\n${"\0".repeat(211)}`;
const bytes = (text: string) => new TextEncoder().encode(text);

/** The codes and lines of the padding warnings among `issues`. */
function paddingIssues(issues: readonly Issue[]) {
  return issues
    .filter((i) => i.code.startsWith("XML_"))
    .map((i) => ({ severity: i.severity, code: i.code, line: i.line, details: i.details }));
}

/** Statements, issues and refusal of a stream's events, in the whole-document shape. */
const fromEvents = streamResult;

/** Every way the hub reads a camt document, on `text`: statements, issues and refusal of each. */
async function everyPath(text: string) {
  const encoded = bytes(text);
  const pieces = Array.from({ length: Math.ceil(encoded.length / 5) }, (_, i) => encoded.subarray(i * 5, i * 5 + 5));
  const parsed = registry.parse(encoded);
  return {
    whole: parseCamt(text, context),
    utf8: parseCamtUtf8(encoded, context),
    utf8Chunked: parseCamtUtf8(encoded, context, 7),
    registry: parsed,
    stream: await fromEvents(parseCamtStream(text.match(/[\s\S]{1,3}/g) ?? [], {})),
    file: await fromEvents(parseCamtFile(Readable.from(pieces))),
    registryStream: await fromEvents(eventsOf(registry.stream(encoded)?.batches ?? [])),
  };
}

describe("camt padding", () => {
  it("reads blank lines and spaces before the XML declaration, and NUL padding after the root, with a warning each, in every path", async () => {
    const plain = parseCamt(DOC, context);
    expect(plain.issues).toEqual([]);
    expect(plain.statements[0]?.entries[0]?.description).toBe("Müller");
    const lines = DOC.split("\n").length;
    for (const [name, result] of Object.entries(await everyPath(`${LEADING}${DOC}${PADDING}`))) {
      expect(result.rejected, name).toBeUndefined();
      expect(
        result.statements.map((s) => s.entries.map((e) => [e.amount.minor, e.description])),
        name,
      ).toEqual(plain.statements.map((s) => s.entries.map((e) => [e.amount.minor, e.description])));
      expect(paddingIssues(result.issues), name).toEqual([
        { severity: "warning", code: "XML_LEADING_WHITESPACE", line: 1, details: { length: LEADING.length } },
        { severity: "warning", code: "XML_TRAILING_PADDING", line: lines + 3, details: { length: PADDING.length } },
      ]);
    }
    const [leading, trailing] = parseCamt(`${LEADING}${DOC}${PADDING}`, context).issues;
    expect(leading?.message).toBe(
      "the document starts with 7 characters of white space before its XML declaration, which XML does not allow; they were skipped (line 1)",
    );
    expect(trailing?.message).toBe(
      `the document ends with 513 NUL characters and white space after its root element, which XML does not allow (the padding of fixed-size records); they were skipped (line ${lines + 3})`,
    );
  });

  it("reads a byte order mark followed by blank lines, and reports the blank lines only", async () => {
    const marked = `\uFEFF\n\n${DOC}`;
    expect(parseCamt(marked, context).issues.map((i) => [i.code, i.details])).toEqual([["XML_LEADING_WHITESPACE", { length: 2 }]]);
    const encoded = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(`\n\n${DOC}`)]);
    const parsed = registry.parse(encoded);
    expect(parsed.format).toBe("camt.053");
    expect(parsed.statements).toHaveLength(1);
    expect(parsed.issues.map((i) => [i.code, i.details])).toEqual([["XML_LEADING_WHITESPACE", { length: 2 }]]);
    const streamed = await fromEvents(eventsOf(registry.stream(encoded)?.batches ?? []));
    expect(streamed.issues.map((i) => [i.code, i.details])).toEqual([["XML_LEADING_WHITESPACE", { length: 2 }]]);
  });

  it("reads a document whose declaration names an 8-bit encoding after blank lines in that encoding", async () => {
    const latin1 = `\n\n${DOC.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')}\0\0`;
    const encoded = Uint8Array.from([...latin1].map((c) => c.charCodeAt(0)));
    const parsed = registry.parse(encoded);
    expect(parsed.encoding).toBe("windows-1252");
    expect(parsed.statements[0]?.entries[0]?.description).toBe("Müller");
    const streamed = await fromEvents(parseCamtFile(Readable.from([encoded])));
    expect(streamed.statements[0]?.entries[0]?.description).toBe("Müller");
    expect(streamed.issues.map((i) => i.code)).toEqual(["XML_LEADING_WHITESPACE", "XML_TRAILING_PADDING"]);
  });

  it("decodes a document in its declared 8-bit encoding however much white space precedes the declaration, in every path", async () => {
    // ISO-8859-15's € and Œ are ¤ and ¼ in windows-1252, which the document was read in when its declaration was
    // past the first KiB of white space.
    const latin9 = (text: string) => Uint8Array.from([...text].map((c) => ({ "€": 0xa4, Œ: 0xbc })[c] ?? c.charCodeAt(0)));
    const doc = DOC.replace('encoding="UTF-8"', 'encoding="ISO-8859-15"').replace("Müller", "Maschinen € Œuvre");
    for (const length of [0, 1100, 70_000]) {
      const encoded = latin9(`${"\n ".repeat(length / 2)}${doc}`);
      const pieces = Array.from({ length: Math.ceil(encoded.length / 500) }, (_, i) => encoded.subarray(i * 500, i * 500 + 500));
      const paths = {
        // The format is given: past the 64 KiB that --format auto looks at, white space alone is no camt.
        registry: registry.parse(encoded, { format: "camt.053" }),
        registryStream: await fromEvents(eventsOf(registry.stream(encoded, { format: "camt.053" })?.batches ?? [])),
        file: await fromEvents(parseCamtFile(Readable.from(pieces))),
        fileWhole: await fromEvents(parseCamtFile(Readable.from([encoded]))),
      };
      for (const [name, result] of Object.entries(paths)) {
        expect(result.rejected, `${name} ${length}`).toBeUndefined();
        expect(result.statements[0]?.entries[0]?.description, `${name} ${length}`).toBe("Maschinen € Œuvre");
        expect(
          result.issues.map((i) => i.code),
          `${name} ${length}`,
        ).toEqual(length === 0 ? [] : ["XML_LEADING_WHITESPACE"]);
      }
      expect(paths.registry.encoding, `${length}`).toBe("iso-8859-15");
    }
  });

  it("is detected as camt by --format auto despite the padding", () => {
    expect(registry.detect(bytes(`${LEADING}${DOC}${PADDING}`))?.format.id).toBe("camt.053");
    expect(registry.detect(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(`\n\n${DOC}`)]))?.format.id).toBe("camt.053");
  });

  it("still refuses anything but NULs and white space after the root, in every path", async () => {
    for (const tail of ["\0\0garbage", "\0\0<Document/>", "garbage\0\0", "\0\0\u0001"]) {
      for (const [name, result] of Object.entries(await everyPath(`${DOC}${tail}`))) {
        expect(result.rejected?.code, `${name} ${JSON.stringify(tail)}`).toBe("XML_MALFORMED");
        // A stream has handed out the statements it read before the refusal (they stand as read); a whole read has none.
        if (!["stream", "file", "registryStream"].includes(name)) expect(result.statements, name).toEqual([]);
      }
    }
  });

  it("refuses blank lines before a malformed declaration without a padding warning beside the refusal, in every path", async () => {
    for (const [name, result] of Object.entries(await everyPath(`\n\n${DOC.replace(/<\?xml[^?]*\?>/, "<?xml?>")}`))) {
      expect(result.rejected?.code, name).toBe("XML_MALFORMED");
      expect(
        paddingIssues(result.issues).map((i) => i.code),
        name,
      ).toEqual(["XML_MALFORMED"]);
    }
  });

  it("still refuses a comment before the declaration, and text before the root", () => {
    expect(parseCamt(`\n<!-- x -->\n${DOC}`, context).rejected?.code).toBe("XML_MALFORMED");
    expect(parseCamt(`x${DOC}`, context).rejected?.code).toBe("XML_MALFORMED");
  });
});

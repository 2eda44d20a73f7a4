import { describe, expect, it } from "vitest";
import type { Issue, Statement } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { eventsOf, type StatementStreamEvent } from "../statement-stream.js";
import { ofxFormat } from "./ofx-format.js";
import { parseOfx } from "./parse-ofx.js";
import { parseOfxStream } from "./parse-ofx-stream.js";
import { generateOfx } from "./sample-ofx.js";

// OFX element names are upper case. Some generators write OFX 2 (XML, where names are case-sensitive) in lower
// case; SGML (OFX 1) folds names to upper case itself.

const context = { format: "ofx", encoding: "utf-8" } as const;
const registry = createFormatRegistry([ofxFormat]);
const sample = (version: 1 | 2) => [...generateOfx({ chars: 6000, version })].join("");
/** `text` with every tag name (not the `<?OFX …?>` header or values) passed through `change`. */
const renamed = (text: string, change: (name: string) => string) =>
  text.replace(/<(\/?)([A-Za-z][A-Za-z0-9.]*)/g, (_m, slash: string, name: string) => `<${slash}${change(name)}`);
const lower = (text: string) => renamed(text, (n) => n.toLowerCase());
/** `StmtTrn`-style names. */
const title = (text: string) => renamed(text, (n) => n.charAt(0) + n.slice(1).toLowerCase());

async function streamed(events: AsyncIterable<StatementStreamEvent>) {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  let entries: Statement["entries"][number][] = [];
  let rejected: Issue | undefined;
  for await (const e of events) {
    if (e.type === "statement") entries = [];
    else if (e.type === "entry") entries.push(e.entry);
    else if (e.type === "statementEnd") statements.push({ ...e.statement, entries });
    else if (e.type === "issue") issues.push(e.issue);
    else if (e.type === "end") rejected = e.rejected;
  }
  return { statements, issues, rejected };
}

describe("OFX 2 (XML) with element names not in upper case", () => {
  const upper = sample(2);
  const expected = parseOfx(upper, context);

  it("reads a document written in lower case as if in upper case, with one OFX_TAG_CASE warning, whole and streamed", async () => {
    expect(expected.issues).toEqual([]);
    expect(expected.statements[0]?.entries.length).toBeGreaterThan(10);
    const text = lower(upper);
    expect(text).toContain("<stmttrn>");
    const whole = parseOfx(text, context);
    expect(whole.rejected).toBeUndefined();
    expect(whole.statements).toEqual(expected.statements);
    expect(whole.issues).toEqual([
      {
        severity: "warning",
        code: "OFX_TAG_CASE",
        message:
          "the OFX 2 document writes its element names in lower or mixed case (<ofx>), where OFX writes them in upper case and XML names are case-sensitive; they were read as if in upper case",
        details: { root: "ofx" },
      },
    ]);
    for (const size of [1, 7, 4096]) {
      const chunks = text.match(new RegExp(`[\\s\\S]{1,${size}}`, "g")) ?? [];
      const events = await streamed(parseOfxStream(chunks));
      expect(events.statements, `${size}-character chunks`).toEqual(expected.statements);
      expect(events.issues, `${size}-character chunks`).toEqual(whole.issues);
    }
  });

  it("reads mixed case (<Ofx>, <StmtTrn>) the same way", () => {
    const whole = parseOfx(title(upper), context);
    expect(whole.statements).toEqual(expected.statements);
    expect(whole.issues.map((i) => [i.code, i.details])).toEqual([["OFX_TAG_CASE", { root: "Ofx" }]]);
  });

  it("reads a lower-case document that is not well-formed on with the SGML reader, names still in upper case", () => {
    const text = lower(upper).replace("<curdef>USD</curdef>", "<curdef>USD");
    const whole = parseOfx(text, context);
    expect(whole.statements).toEqual(expected.statements);
    expect(whole.issues.map((i) => i.code)).toEqual(["OFX_TAG_CASE", "OFX_XML_MALFORMED"]);
  });

  it("is detected as OFX, and read through the registry whole and streamed", async () => {
    const bytes = new TextEncoder().encode(lower(upper));
    expect(registry.detect(bytes)?.format.id).toBe("ofx");
    const parsed = registry.parse(bytes);
    expect(parsed.statements).toEqual(expected.statements);
    expect(parsed.issues.map((i) => i.code)).toEqual(["OFX_TAG_CASE"]);
    const events = await streamed(eventsOf(registry.stream(bytes)?.batches ?? []));
    expect(events.statements).toEqual(expected.statements);
    expect(events.issues.map((i) => i.code)).toEqual(["OFX_TAG_CASE"]);
  });

  it("says nothing about a document in upper case", () => {
    expect(parseOfx(upper, context).issues).toEqual([]);
  });
});

describe("OFX 1 (SGML) with element names not in upper case", () => {
  const upper = sample(1);
  const expected = parseOfx(upper, context);

  it("reads lower and mixed case as upper case without a warning (SGML names are not case-sensitive), whole and streamed", async () => {
    expect(expected.statements[0]?.entries.length).toBeGreaterThan(10);
    for (const text of [lower(upper), title(upper)]) {
      const whole = parseOfx(text, context);
      expect(whole.statements).toEqual(expected.statements);
      expect(whole.issues).toEqual([]);
      const events = await streamed(parseOfxStream(text.match(/[\s\S]{1,5}/g) ?? []));
      expect(events.statements).toEqual(expected.statements);
      expect(events.issues).toEqual([]);
      expect(registry.detect(new TextEncoder().encode(text))?.format.id).toBe("ofx");
    }
  });
});

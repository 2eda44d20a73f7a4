import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ERROR_CODES, type ErrorCode, HubError, isHubError, toHubError } from "./errors.js";

const doc = readFileSync(new URL("../../../../docs/errors.md", import.meta.url), "utf8");
const CODES = Object.keys(ERROR_CODES) as ErrorCode[];

/** The body of the `## title` section of the page (up to the next `## ` heading). */
function section(title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  expect(start, `docs/errors.md has no "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const body = doc.slice(start + title.length + 5);
  const end = body.indexOf("\n## ");
  return end < 0 ? body : body.slice(0, end);
}

/** `### CODE` entries of a section, in order, each with its text. */
function entries(body: string): { code: string; text: string }[] {
  return body
    .split(/^### /m)
    .slice(1)
    .map((chunk) => {
      const newline = chunk.indexOf("\n");
      return { code: chunk.slice(0, newline).trim(), text: chunk.slice(newline + 1) };
    });
}

const errorEntries = entries(section("Error codes"));

describe("docs/errors.md", () => {
  it("has a ### heading in the Error codes section for every code of ERROR_CODES", () => {
    const documented = new Set(errorEntries.map((e) => e.code));
    expect(CODES.filter((code) => !documented.has(code))).toEqual([]);
  });

  it("documents no code in the Error codes section that ERROR_CODES does not have", () => {
    expect(errorEntries.map((e) => e.code).filter((code) => !Object.hasOwn(ERROR_CODES, code))).toEqual([]);
  });

  it("lists the error codes once each, in the catalogue's order", () => {
    expect(errorEntries.map((e) => e.code)).toEqual(CODES);
  });

  it("gives each error code the catalogue's title, HTTP status and retry class, and says when and what to do", () => {
    for (const { code, text } of errorEntries) {
      const spec = ERROR_CODES[code as ErrorCode];
      expect(text.trimStart().split("\n")[0], code).toBe(`${spec.title}.`);
      expect(text, code).toContain(`- **HTTP status:** ${spec.status}\n`);
      expect(text, code).toContain(`- **Retryable:** ${spec.retryable ? "yes" : "no"}\n`);
      expect(text, code).toMatch(/- \*\*When:\*\* \S/);
      expect(text, code).toMatch(/- \*\*What to do:\*\* \S/);
    }
  });

  it("has an Issue codes section after the error codes, with MODEL_INVALID in it", () => {
    expect(doc.indexOf("\n## Issue codes\n")).toBeGreaterThan(doc.indexOf("\n## Error codes\n"));
    const issues = section("Issue codes");
    expect(issues).toContain(
      "Codes of findings reported in `issues` (parsing, validation, ingest). Each format and stage adds its own here.",
    );
    expect(entries(issues).map((e) => e.code)).toContain("MODEL_INVALID");
  });
});

describe("codes used in the code", () => {
  it('are all documented: every `code: "…"` in the hub\'s sources has a heading in docs/errors.md', () => {
    const src = fileURLToPath(new URL("..", import.meta.url));
    const files = readdirSync(src, { recursive: true, encoding: "utf8" }).filter(
      (f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && !f.includes("test-support"),
    );
    const used = new Set<string>();
    for (const f of files)
      for (const m of readFileSync(join(src, f), "utf8").matchAll(/\b(?:code: |reject\()"([A-Z][A-Z0-9_]+)"/g)) used.add(m[1] as string);
    const headings = new Set([...doc.matchAll(/^### ([A-Z][A-Z0-9_]+)$/gm)].map((m) => m[1]));
    expect([...used].filter((c) => !headings.has(c)).sort()).toEqual([]);
    expect(used.size).toBeGreaterThan(5);
  });
});

describe("HubError", () => {
  it("carries its code, message and the catalogue's HTTP status", () => {
    const e = new HubError("ACCOUNT_NOT_FOUND", "account 42 does not exist");
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe("HubError");
    expect(e.code).toBe("ACCOUNT_NOT_FOUND");
    expect(e.message).toBe("account 42 does not exist");
    expect(e.status).toBe(404);
    for (const code of CODES) expect(new HubError(code, "x").status, code).toBe(ERROR_CODES[code].status);
  });

  it("takes retryable from the catalogue by default", () => {
    expect(new HubError("STORE_UNAVAILABLE", "down").retryable).toBe(true);
    expect(new HubError("STORE_CONFLICT", "race").retryable).toBe(true);
    expect(new HubError("IBAN_INVALID", "bad").retryable).toBe(false);
    for (const code of CODES) expect(new HubError(code, "x").retryable, code).toBe(ERROR_CODES[code].retryable);
  });

  it("lets one thrower override retryable either way and give a retry delay", () => {
    const stop = new HubError("STORE_UNAVAILABLE", "database was dropped", { retryable: false });
    expect(stop.retryable).toBe(false);
    const wait = new HubError("INTERNAL", "bank says try later", { retryable: true, retryAfterMs: 30_000 });
    expect(wait.retryable).toBe(true);
    expect(wait.retryAfterMs).toBe(30_000);
    expect(new HubError("INTERNAL", "x").retryAfterMs).toBeUndefined();
  });

  it("keeps structured details, empty when none are given", () => {
    expect(new HubError("NOT_FOUND", "x", { details: { id: "t-1" } }).details).toEqual({ id: "t-1" });
    expect(new HubError("NOT_FOUND", "x").details).toEqual({});
  });

  it("keeps the lower-level error as the standard cause, and has no cause when given none", () => {
    const low = new Error("ECONNREFUSED");
    const e = new HubError("STORE_UNAVAILABLE", "database does not answer", { cause: low });
    expect(e.cause).toBe(low);
    expect("cause" in new HubError("INTERNAL", "x")).toBe(false);
  });
});

describe("#isHubError", () => {
  it("accepts a HubError", () => {
    expect(isHubError(new HubError("USAGE", "x"))).toBe(true);
  });

  it("accepts a structurally equal error from another realm, which is not an instance of this HubError", () => {
    const foreign: unknown = runInNewContext(
      'const e = new Error("database does not answer"); e.name = "HubError"; e.code = "STORE_UNAVAILABLE"; e.retryable = true; e',
    );
    expect(foreign instanceof HubError).toBe(false);
    expect(foreign instanceof Error).toBe(false);
    expect(isHubError(foreign)).toBe(true);
    expect(isHubError({ name: "HubError", code: "NOT_FOUND", message: "x", retryable: false, details: {} })).toBe(true);
  });

  it("rejects unknown codes, inherited property names as codes, and other names", () => {
    expect(isHubError({ name: "HubError", code: "NO_SUCH_CODE" })).toBe(false);
    expect(isHubError({ name: "HubError", code: "toString" })).toBe(false);
    expect(isHubError({ name: "HubError", code: "__proto__" })).toBe(false);
    expect(isHubError({ name: "HubError", code: 404 })).toBe(false);
    expect(isHubError({ name: "HubError" })).toBe(false);
    expect(isHubError({ name: "Error", code: "NOT_FOUND" })).toBe(false);
    expect(isHubError(Object.assign(new Error("x"), { code: "NOT_FOUND" }))).toBe(false);
  });

  it("rejects values that are not objects", () => {
    for (const value of [null, undefined, "HubError", 0, true, Symbol("HubError")]) expect(isHubError(value)).toBe(false);
  });
});

describe("#toHubError", () => {
  it("returns a HubError, or one from another realm, unchanged", () => {
    const e = new HubError("FORBIDDEN", "x");
    expect(toHubError(e)).toBe(e);
    const foreign = { name: "HubError", code: "NOT_FOUND", message: "x" };
    expect(toHubError(foreign)).toBe(foreign);
  });

  it("wraps any other error as INTERNAL, keeping its message and the error itself as the cause", () => {
    const low = new TypeError("cannot read properties of undefined");
    const e = toHubError(low);
    expect(e).toBeInstanceOf(HubError);
    expect(e.code).toBe("INTERNAL");
    expect(e.status).toBe(500);
    expect(e.retryable).toBe(false);
    expect(e.message).toBe("cannot read properties of undefined");
    expect(e.cause).toBe(low);
  });

  it("wraps thrown values that are not errors as INTERNAL with their text", () => {
    const fromString = toHubError("boom");
    expect([fromString.code, fromString.message, fromString.cause]).toEqual(["INTERNAL", "boom", "boom"]);
    const unknown = { name: "HubError", code: "NO_SUCH_CODE" };
    const wrapped = toHubError(unknown);
    expect(wrapped.code).toBe("INTERNAL");
    expect(wrapped.cause).toBe(unknown);
  });
});

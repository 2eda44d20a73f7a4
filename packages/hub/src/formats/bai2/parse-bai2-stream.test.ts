import { existsSync, readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Entry, Issue, Statement } from "../../core/index.js";
import { checkContinuity, checkStatement } from "../checks.js";
import { closingSource } from "../test-support/closing-source.js";
import { parseBai2 } from "./parse-bai2.js";
import { type Bai2Event, parseBai2Stream, parseBai2StreamBatches } from "./parse-bai2-stream.js";
import { generateBai2 } from "./sample-bai2.js";

/** The shared corpus beside the checkout (`../shared/corpus` from the repository root). */
const MOJ = new URL("../../../../../../shared/corpus/ministryofjustice+bai2/tests/data/", import.meta.url);
const HAVE_CORPUS = existsSync(MOJ);
const SKIPPED = HAVE_CORPUS ? "" : " (corpus files skipped: ../shared/corpus is not beside this checkout)";
const decode = (url: URL) => new TextDecoder().decode(readFileSync(url));
const context = { format: "bai2", encoding: "utf-8" };

const HEAD = ["01,A,B,240101,0000,1,,,2/", "02,B,A,1,240101,1200,USD,2/"];
/** Documents that exercise the record reader's edges: line ends, padding, continuations, cut-off files. */
const EDGES = [
  {
    name: "CR-only line ends",
    text: [...HEAD, "03,1,,010,100,,,015,300,,/", "16,142,200,0,R1,,TEXT", "49,600,3/", "98,600,1,5/", "99,600,1,7/"].join("\r"),
  },
  {
    name: "CR LF, BOM, blank and padded lines",
    text: `\ufeff${[...HEAD, "", "03,1,,010,100,,/   ", "  16,142,200,0,R1,,TEXT  ", "", "49,300,3/"].join("\r\n")}\r\n`,
  },
  {
    name: "continuations after every kind of record, full 80-column records and a trailing comma",
    text: [
      "01,A,B,240101,0000,1,80,,2/",
      "02,B,A,1,240101,1200,USD,2/",
      "03,1,,010,100,,,/",
      "88,015,300,,/",
      `16,195,100,0,REF1,CUST1,${"X".repeat(80 - "16,195,100,0,REF1,CUST1,".length)}`,
      "88,CONTINUED WITHOUT A SPACE",
      "16,115,10000000,S,5000000,4000000,1000000/",
      "88,AX13612,B096132,AMALGAMATED CORP. LOCKBOX",
      "88,DEPOSIT-MISC. RECEIVABLES",
      "16,191,005,D,2,1,001,2,004,1234567890,RP12312312312312/",
      "88,FR:FP SIP INCOMING",
      "49,10000405,9/",
    ].join("\n"),
  },
  {
    name: "records of exactly 80 characters in a file that declares no length, before and after a longer line",
    text: [
      ...HEAD,
      `03,${"1".repeat(36)},USD,010,500000,,,015,600000,,,040,550000,,0`,
      "88,045,560000,,/",
      `16,195,100,0,REF1,CUST1,${"X".repeat(80 - "16,195,100,0,REF1,CUST1,".length)}`,
      "88,CUT AT COLUMN 80",
      `16,195,1,Z,R,,${"A LONG TEXT LINE ".repeat(6)}`,
      `16,195,100,0,REF1,CUST1,${"Y".repeat(80 - "16,195,100,0,REF1,CUST1,".length)}`,
      "88,A LINE OF ITS OWN",
      "49,2210201,7/",
    ].join("\n"),
  },
  { name: "a cut-off file without a last line end", text: [...HEAD, "03,1,,010,100,,/", "16,142,5,0,,,", "16,451,3"].join("\n") },
  {
    name: "records out of place and unknown codes",
    text: ["88,ORPHAN", "16,142,100,0,,,", "77,WHAT", ...HEAD, "03,1,,010,1,,/"].join("\n"),
  },
  { name: "no account at all", text: "01,A,B,240101,0000,1,,,2/\n99,0,0,2/\n" },
  { name: "a file header alone", text: "01,A,B,240101,0000,1,,,2/\n" },
  {
    name: "blank type codes with amounts and blanks around fields",
    text: [
      ...HEAD,
      "03,1, USD,,100000,,/",
      "88, ,700, ,/",
      "16, 142, 200, 0, R1, ,  TWO  WORDS ",
      "16,,300,0,,,",
      "49,,5/",
      "98,,1,7/",
      "99,101200,1,9/",
    ].join("\n"),
  },
  { name: "not BAI2", text: "hello, world\n" },
];

/** A file as a mainframe sends it blocked: each record padded to 80, no line ends, the 01 declaring the length. */
const blocked = (text: string) =>
  text
    .split(/\r?\n/)
    .filter((l) => l !== "")
    .map((l, i) => (i === 0 ? l.replace(/^((?:[^,]*,){6})[^,]*/, "$180") : l).padEnd(80, " "))
    .join("");

const documents = [
  { name: "fixture operating-accounts.bai2", text: decode(new URL("fixtures/operating-accounts.bai2", import.meta.url)) },
  { name: "fixture operating-accounts.bai2, blocked", text: blocked(decode(new URL("fixtures/operating-accounts.bai2", import.meta.url))) },
  {
    name: "fixture operating-accounts.bai2, run together (one line, a / between records)",
    text: decode(new URL("fixtures/operating-accounts.bai2", import.meta.url))
      .split(/\r?\n/)
      .filter((l) => l !== "")
      .map((l) => (l.endsWith("/") ? l : `${l}/`))
      .join(""),
  },
  {
    name: "records run together on CR LF lines, an account per line, trailers with blank totals",
    text: [
      "01,1111,testco,210101,0101,1,,,2/02,testco,1111,1,210101,2359,USD,2/",
      "03,12345,/16,195,1500,Z,R1,,TEXT 1/2/49,,3/",
      "03,54321,/16,195,200,Z,R2,,MORE/03,777,/49,,2/",
      "98,,3,9/99,,1,11/",
    ].join("\r\n"),
  },
  { name: "generated, two groups", text: [...generateBai2({ chars: 2500, accountsPerGroup: 2, entriesPerAccount: 12 })].join("") },
  ...EDGES,
  ...(HAVE_CORPUS
    ? readdirSync(MOJ)
        .filter((f) => f.endsWith(".bai2"))
        .map((f) => ({ name: `ministryofjustice/bai2 ${f}`, text: decode(new URL(f, MOJ)) }))
    : []),
];

async function collect(events: AsyncIterable<Bai2Event>): Promise<Bai2Event[]> {
  const out: Bai2Event[] = [];
  for await (const e of events) out.push(e);
  return out;
}

/** What the events describe, as the whole-document parser returns it, plus the statement ends' findings. */
function resultOf(events: readonly Bai2Event[]): { statements: Statement[]; issues: Issue[]; checks: Issue[]; rejected?: Issue } {
  const statements: Statement[] = [];
  const issues: Issue[] = [];
  const checks: Issue[] = [];
  let entries: Entry[] = [];
  let rejected: Issue | undefined;
  for (const e of events) {
    if (e.type === "statement") entries = [];
    else if (e.type === "entry") entries.push(e.entry);
    else if (e.type === "statementEnd") {
      statements.push({ ...e.statement, entries });
      checks.push(...e.issues);
    } else if (e.type === "issue") issues.push(e.issue);
    else rejected = e.rejected;
  }
  return { statements, issues, checks, ...(rejected === undefined ? {} : { rejected }) };
}

/** `text` cut into pieces at the given lengths (then the rest). */
function cut(text: string, sizes: readonly number[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) {
    if (at >= text.length) break;
    out.push(text.slice(at, at + n));
    at += n;
  }
  if (at < text.length) out.push(text.slice(at));
  return out;
}

describe(`parseBai2Stream${SKIPPED}`, () => {
  it("has the corpus files to compare with", () => {
    if (HAVE_CORPUS) expect(documents.filter((d) => d.name.startsWith("ministryofjustice")).length).toBeGreaterThanOrEqual(4);
  });

  for (const doc of documents) {
    it(`gives the statements, issues and refusal of parseBai2, and the registry's checks: ${doc.name}`, async () => {
      const whole = parseBai2(doc.text, context);
      const streamed = resultOf(await collect(parseBai2Stream([doc.text])));
      expect(streamed.statements).toEqual(whole.statements);
      expect(streamed.issues).toEqual(whole.issues);
      expect(streamed.rejected).toEqual(whole.rejected);
      const checks = [
        ...whole.statements.flatMap((s, i) => checkStatement(s, i)),
        ...checkContinuity(whole.statements.map((statement, i) => ({ statement, path: `/statements/${i}` }))),
      ];
      expect([...streamed.checks].sort((a, b) => a.message.localeCompare(b.message))).toEqual(
        checks.sort((a, b) => a.message.localeCompare(b.message)),
      );
    });
  }

  it("gives the same events however the text is cut into chunks", async () => {
    const expected = new Map<string, Bai2Event[]>();
    for (const doc of documents) expected.set(doc.name, await collect(parseBai2Stream([doc.text])));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...documents), fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 60 }), async (doc, sizes) => {
        expect(await collect(parseBai2Stream(cut(doc.text, sizes)))).toEqual(expected.get(doc.name));
      }),
      { numRuns: 300 },
    );
    // One character at a time: every CR LF pair and every record is cut.
    const fixture = documents[0]!;
    expect(await collect(parseBai2Stream(fixture.text.split("")))).toEqual(expected.get(fixture.name));
  });

  it("gives records run together the same `line:column` paths cut one character at a time, one per record", async () => {
    for (const doc of documents.filter((d) => d.name.includes("run together"))) {
      const events = await collect(parseBai2Stream(doc.text.split("")));
      expect(events, doc.name).toEqual(await collect(parseBai2Stream([doc.text])));
      const paths = events.flatMap((e) => (e.type === "entry" ? [e.entry.source?.path] : []));
      expect(paths.length, doc.name).toBeGreaterThan(1);
      expect(new Set(paths).size, doc.name).toBe(paths.length);
      // Each points at its 16 record.
      const lines = doc.text.split(/\r\n|\n/);
      for (const path of paths) {
        const [line, column] = (path ?? "").split(":").map(Number);
        expect(lines[(line ?? 0) - 1]?.slice((column ?? 0) - 1, (column ?? 0) + 2), `${doc.name} ${path}`).toBe("16,");
      }
    }
  });

  it("gives the same events in batches: never empty, one per 64 Ki characters read at most, and closes its source when left", async () => {
    const big = [...generateBai2({ chars: 400_000 })].join("");
    const batches: (readonly Bai2Event[])[] = [];
    for await (const batch of parseBai2StreamBatches(cut(big, [100_000, 7, 250_000]))) batches.push(batch);
    expect(batches.every((b) => b.length > 0)).toBe(true);
    expect(batches.length).toBeGreaterThan(3);
    expect(batches.length).toBeLessThanOrEqual(Math.ceil(big.length / 65_536) + 4);
    expect(batches.flat()).toEqual(await collect(parseBai2Stream([big])));
    const source = closingSource(documents[0]!.text, "99,0,0,1/\n");
    for await (const batch of parseBai2StreamBatches(source.chunks)) if (batch.length > 0) break;
    expect(source.closed).toBe(true);
  });

  it("ends every event list with end, and numbers statements and their entries", async () => {
    const events = await collect(parseBai2Stream([documents[0]!.text]));
    expect(events.at(-1)).toEqual({ type: "end", statements: 3, entries: 10 });
    expect(events.filter((e) => e.type === "statement").map((e) => e.type === "statement" && e.index)).toEqual([0, 1, 2]);
    const firstEnd = events.find((e) => e.type === "statementEnd");
    expect(firstEnd?.type === "statementEnd" && firstEnd.entries).toBe(7);
    expect(events.filter((e) => e.type === "entry" && e.statementIndex === 1)).toHaveLength(2);
  });

  it("skips a line longer than 1 MiB with BAI2_RECORD_TOO_LARGE, in one chunk or many", async () => {
    const text = [...HEAD, "03,1,,010,100,,/", `16,142,5,0,,,${"X".repeat(1_100_000)}`, "16,142,7,0,,,", "49,112,4/"].join("\n");
    const whole = parseBai2(text, context);
    expect(whole.issues.map((i) => [i.code, i.line])).toContainEqual(["BAI2_RECORD_TOO_LARGE", 4]);
    expect(whole.statements[0]?.entries.map((e) => e.amount.minor)).toEqual([7n]);
    expect(resultOf(await collect(parseBai2Stream(cut(text, Array(400).fill(4096))))).issues).toEqual(whole.issues);
  });

  it("refuses with the source's error as FILE_UNREADABLE, and closes the source when the consumer stops", async () => {
    async function* failing(): AsyncGenerator<string> {
      yield HEAD.join("\n");
      throw new Error("disk on fire");
    }
    const events = await collect(parseBai2Stream(failing()));
    expect(events.at(-1)).toMatchObject({
      type: "end",
      rejected: { code: "FILE_UNREADABLE", message: expect.stringContaining("disk on fire") },
    });
    const source = closingSource(documents[0]!.text, "99,0,0,1/\n");
    for await (const e of parseBai2Stream(source.chunks)) if (e.type === "entry") break;
    expect(source.closed).toBe(true);
  });

  it("reads a generated 300 MB file, entry by entry, with memory that does not grow with the file", { timeout: 180_000 }, async () => {
    let chars = 0;
    let accounts = 0;
    function* counted(): Generator<string> {
      for (const piece of generateBai2({ chars: 300_000_000 })) {
        chars += piece.length;
        if (piece.startsWith("03,")) accounts++;
        yield piece;
      }
    }
    const before = process.memoryUsage.rss();
    let peak = before;
    let entries = 0;
    let checks = 0;
    let last: Bai2Event | undefined;
    for await (const e of parseBai2Stream(counted())) {
      last = e;
      if (e.type === "entry") {
        // Sampled, not measured on every entry: often enough to see growth, rarely enough to cost nothing.
        if (++entries % 5000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
      } else if (e.type === "statementEnd") checks += e.issues.length;
      else if (e.type === "issue") throw new Error(`unexpected issue ${e.issue.code}: ${e.issue.message}`);
    }
    peak = Math.max(peak, process.memoryUsage.rss());
    expect(chars).toBeGreaterThan(300_000_000);
    expect(entries).toBe(accounts * 1000);
    expect(last).toEqual({ type: "end", statements: accounts, entries });
    // The generated balances close and its totals are right: the running totals saw every entry.
    expect(checks).toBe(0);
    expect((peak - before) / 2 ** 20).toBeLessThan(150);
  });
});

/** A document read as a stream, whole and in 7-character chunks, checked to agree with each other and with parseBai2. */
async function streamedGap(lines: readonly string[]): Promise<ReturnType<typeof resultOf>> {
  const text = lines.join("\n");
  const events = await collect(parseBai2Stream([text]));
  const sevens = cut(
    text,
    Array.from({ length: text.length }, () => 7),
  );
  expect(await collect(parseBai2Stream(sevens))).toEqual(events);
  const result = resultOf(events);
  const whole = parseBai2(text, context);
  expect([result.statements, result.issues, result.rejected]).toEqual([whole.statements, whole.issues, whole.rejected]);
  return result;
}

describe("parseBai2Stream: the gap list, read as parseBai2 reads it", () => {
  it("counts amounts with a blank type code (03, 88, 16) in the account, group and file control totals", async () => {
    const result = await streamedGap([
      ...HEAD,
      "03,123456789,USD,,100000,,/",
      "88,,700,,/",
      "16,142,200,0,,,",
      "16,,300,0,,,",
      "49,,5/",
      "98,,1,7/",
      "99,101200,1,9/",
    ]);
    expect(result.issues.map((i) => i.code)).toEqual(["BAI2_TYPE_CODE_UNKNOWN", "BAI2_SUMMARY_NOT_MAPPED"]);
    expect(result.statements.map((s) => s.entries.length)).toEqual([2]);
  });
});

describe("parseBai2Stream: records run together after blank lines, read as parseBai2 reads it", () => {
  it("reports BAI2_RECORDS_RUN_TOGETHER at the line of the run-together records, not line 1", async () => {
    const records =
      "01,A,B,240101,0000,1,,,2/02,B,A,1,240101,,USD,2/03,1,USD,010,100,,/16,195,1500,Z,R1,,X/49,1600,3/98,1600,1,5/99,1600,1,7/";
    const result = await streamedGap(["", "  ", "", records]);
    expect(result.issues.map((i) => [i.code, i.line])).toEqual([["BAI2_RECORDS_RUN_TOGETHER", 4]]);
    expect(result.statements[0]?.entries.map((e) => e.source?.path)).toEqual(["4:68"]);
    for (const eol of ["\r\n", "\r"]) {
      const text = `${eol}${eol}${records}${eol}`;
      const whole = parseBai2(text, context);
      expect(
        whole.issues.map((i) => [i.code, i.line]),
        JSON.stringify(eol),
      ).toEqual([["BAI2_RECORDS_RUN_TOGETHER", 3]]);
      expect(resultOf(await collect(parseBai2Stream(text.split("")))).issues).toEqual(whole.issues);
    }
  });
});

describe("parseBai2Stream: files with nothing to report (gap list)", () => {
  it("ends an empty file (01 and 99, or 01, 02, 98 and 99) with zero statements and a warning, not a refusal", async () => {
    for (const lines of [
      ["01,A,B,240101,0000,1,,,2/", "99,0,0,2/"],
      [...HEAD, "98,0,0,2/", "99,0,1,4/"],
      ["01,A,B,240101,0000,1,,,BTR3/", "99,0,0,2/"],
    ]) {
      const events = await collect(parseBai2Stream([lines.join("\n")]));
      expect(events.at(-1)).toEqual({ type: "end", statements: 0, entries: 0 });
      expect((await streamedGap(lines)).issues.map((i) => [i.severity, i.code])).toEqual([["warning", "BAI2_FILE_EMPTY"]]);
    }
  });
});

describe("parseBai2Stream: blanks around fields (gap list)", () => {
  it("reads fields with blanks after the commas as parseBai2 does, in one chunk or many", async () => {
    const result = await streamedGap([
      "01, A, B, 240101, 0000, 1, , , 2/",
      "02, B, A, 1, 240101, 1200, USD, 2/",
      "03,123456789, USD, 010, 5000,,/",
      "16, 195, 100000, 0, 123, ABC,  SOME  TEXT ",
      "49, 105000, 3/",
      "98, 105000, 1, 5/",
      "99, 105000, 1, 7/",
    ]);
    expect(result.issues).toEqual([]);
    expect(result.statements.map((s) => [s.account.currency, s.entries.map((e) => [e.amount.minor, e.remittance?.unstructured])])).toEqual([
      ["USD", [[100000n, ["SOME  TEXT"]]]],
    ]);
  });
});

describe("parseBai2Stream: the review of the gap list, read as parseBai2 reads it", () => {
  it("reads a stray empty field before a type code (in a 03 or at the start of an 88) as no item", async () => {
    for (const items of [["03,111,USD,010,50000,,,,015,60000,,/"], ["03,111,USD,010,50000,,/", "88,,015,60000,,/"]]) {
      const n = items.length + 1;
      const result = await streamedGap([...HEAD, ...items, `49,110000,${n}/`, `98,110000,1,${n + 2}/`, `99,110000,1,${n + 4}/`]);
      expect([result.issues, result.statements.map((s) => s.closingBalance?.amount.minor)]).toEqual([[], [60000n]]);
    }
  });

  it("keeps a 16 whose type code is blanks as an information entry", async () => {
    const result = await streamedGap([
      ...HEAD,
      "03,111,USD,010,50000,,/",
      "16,   ,10000,0,R,C,x/",
      "49,60000,3/",
      "98,60000,1,5/",
      "99,60000,1,7/",
    ]);
    expect(result.statements.map((s) => s.entries.map((e) => [e.amount.minor, e.status]))).toEqual([[[10000n, "information"]]]);
  });

  it("refuses as empty a file whose trailers disagree, whose 01 is not one, or whose second 01 has no 99", async () => {
    for (const lines of [
      ["01,A,B,240101,0000,1,,,2/", "99,1500000,1,6/"],
      [...HEAD, "98,500000,2,2/", "99,500000,1,4/"],
      [...HEAD, "49,0,1/", "98,0,0,3/", "99,0,1,5/"],
      ["01,A,B,240101,0000,1,,,2/", "99,0,0,2/", "01,A,B,240101,0000,2,,,2/"],
      ["01,2024-01-01,Coffee,-3.50", "99,2024-01-02,Refund,3.50"],
    ]) {
      expect((await streamedGap(lines)).rejected?.code).toBe("BAI2_NO_ACCOUNTS");
    }
  });
});

import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { statementToJson } from "../core/index.js";
import { fixtureWithTwoStatements } from "../formats/camt/test-support/camt-corpus.js";
import { generateStatements } from "../testing/statements.js";
import { runCli } from "./run-cli.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "bankbridge-parse-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(argv: string[], now?: () => Date) {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: dir,
    ...(now === undefined ? {} : { now }),
  });
  return { code, stdout, stderr };
}

const days = [...generateStatements({ seed: 5, statements: 3, entriesPerStatement: 4 })];
const write = async (name: string, content: string | Uint8Array) => {
  await writeFile(join(dir, name), content);
  return name;
};

describe("bankbridge parse", () => {
  it("prints { format, encoding, statements, issues } for one file and stores nothing", async () => {
    const file = await write("day1.json", JSON.stringify(statementToJson(days[0]!)));
    const r = await run(["parse", file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout) as { format: string; encoding: string; statements: { entries: unknown[] }[]; issues: unknown[] };
    expect(out.format).toBe("canonical-json");
    expect(out.encoding).toBe("utf-8");
    expect(out.statements[0]?.entries).toHaveLength(4);
    expect(out.issues).toEqual([]);
  });

  it("prints a list for several files and checks that each statement continues the one before", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const c = await write("c.json", JSON.stringify(statementToJson(days[2]!)));
    const r = await run(["parse", a, c]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { issues: { code: string }[] }[];
    expect(out).toHaveLength(2);
    // Day 2 is missing: sequence 1 → 3, and day 3 opens where day 2 closed, not day 1.
    expect(out[1]?.issues.map((i) => i.code)).toEqual(["SEQUENCE_GAP", "CONTINUITY_MISMATCH"]);
    expect(out[0]?.issues).toEqual([]);
  });

  it("reads QIF dates in the order --date-order gives, and refuses an order it does not know", async () => {
    const file = await write("monthly.qif", "!Type:Bank\nD1/5/2024\nT-1.00\n^\nD2/5/2024\nT-1.00\n^\n");
    const dates = async (order: string) =>
      (
        JSON.parse((await run(["parse", "--date-order", order, file])).stdout) as { statements: { entries: { bookingDate: string }[] }[] }
      ).statements[0]?.entries.map((e) => e.bookingDate);
    expect(await dates("mdy")).toEqual(["2024-01-05", "2024-02-05"]);
    expect(await dates("dmy")).toEqual(["2024-05-01", "2024-05-02"]);
    const bad = await run(["parse", "--date-order", "ydm", file]);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([2, "", "error USAGE: --date-order ydm: use auto, dmy, mdy or ymd\n"]);
  });

  it("reads and imports six-digit QIF dates year first (YYMMDD) with --date-order ymd, and year last with dmy or mdy", async () => {
    // 010203 and 020203: a day apart as DDMMYY, which auto takes (and says is a guess), a year apart as YYMMDD.
    const file = await write("six.qif", "!Type:Bank\nD010203\nT-1.00\n^\nD020203\nT-2.00\n^\n");
    const read = async (...order: string[]) => {
      const out = JSON.parse((await run(["parse", ...order, file])).stdout) as {
        statements: { entries: { bookingDate: string }[] }[];
        issues: { code: string }[];
      };
      return [out.statements[0]?.entries.map((e) => e.bookingDate), out.issues.some((i) => i.code === "QIF_DATE_ORDER_AMBIGUOUS")];
    };
    expect(await read()).toEqual([["2003-02-01", "2003-02-02"], true]);
    expect(await read("--date-order", "ymd")).toEqual([["2001-02-03", "2002-02-03"], false]);
    expect(await read("--date-order", "dmy")).toEqual([["2003-02-01", "2003-02-02"], false]);
    expect(await read("--date-order", "mdy")).toEqual([["2003-01-02", "2003-02-02"], false]);
    const imported = await run(["import", "--date-order", "ymd", "--data", "d", "--json", file]);
    const f = (JSON.parse(imported.stdout) as { files: { status: string; added: number }[] }).files[0];
    expect([imported.code, f?.status, f?.added]).toEqual([0, "succeeded", 2]);
  });

  it("lists ymd among the --date-order choices in the help of parse and import", async () => {
    for (const command of ["parse", "import"]) {
      const help = await run([command, "--help"]);
      expect(help.stdout.replace(/\s+/g, " ")).toMatch(/--date-order <order> .*auto .*dmy, mdy or ymd/);
    }
  });

  it("reads and imports QIF amounts in the currency --currency gives (QIF states none), and refuses a code it does not know", async () => {
    const file = await write("checking.qif", "!Type:Bank\nD1/15/2024\nT-1,234.50\n^\n");
    const parsed = JSON.parse((await run(["parse", "--currency", "eur", file])).stdout) as {
      statements: { account: { currency: string }; entries: { amount: string; currency: string }[] }[];
      issues: { code: string }[];
    };
    expect([parsed.statements[0]?.account.currency, parsed.statements[0]?.entries[0]]).toMatchObject([
      "EUR",
      { amount: "-1234.50", currency: "EUR" },
    ]);
    expect(parsed.issues.map((i) => i.code)).not.toContain("QIF_CURRENCY_MISSING");
    const imported = await run(["import", "--currency", "EUR", "--data", "d", "--json", file]);
    expect((JSON.parse(imported.stdout) as { files: { added: number }[] }).files[0]?.added).toBe(1);
    const bad = await run(["parse", "--currency", "EURO", file]);
    expect([bad.code, bad.stdout, bad.stderr]).toEqual([2, "", "error USAGE: --currency EURO: not an ISO 4217 currency code\n"]);
  });

  it("imports QIF dates in the order --date-order gives", async () => {
    const file = await write("monthly.qif", "!Type:Bank\nD1/5/2024\nT-1.00\n^\nD2/5/2024\nT-1.00\n^\n");
    const counts = async (order: string) => {
      const r = await run(["import", "--date-order", order, "--data", "d", "--json", file]);
      const f = (JSON.parse(r.stdout) as { files: { added: number; unchanged: number; issues: { code: string }[] }[] }).files[0];
      return [r.code, f?.added, f?.unchanged, f?.issues.map((i) => i.code).includes("QIF_DATE_ORDER_AMBIGUOUS")];
    };
    expect(await counts("dmy")).toEqual([0, 2, 0, false]);
    expect(await counts("dmy")).toEqual([0, 0, 2, false]);
    // Other dates, so other transactions.
    expect(await counts("mdy")).toEqual([0, 2, 0, false]);
  });

  it("imports a QIF file read with a --date-order its dates contradict as partial, and says so on stderr with --to csv", async () => {
    const uk = "!Type:Bank\nD28/12/2023\nT-1.00\n^\nD02/01/2024\nT-2.00\n^\nD15/01/2024\nT-3.00\n^\nD03/02/2024\nT-4.00\n^\n";
    const file = await write("uk.qif", uk);
    const imported = await run(["import", "--date-order", "mdy", "--data", "d", "--json", file]);
    const f = (
      JSON.parse(imported.stdout) as {
        files: { ok: boolean; status: string; added: number; issues: { severity: string; code: string }[] }[];
      }
    ).files[0];
    expect([imported.code, f?.ok, f?.status, f?.added]).toEqual([0, true, "partial", 4]);
    expect(f?.issues.filter((i) => i.severity === "error").map((i) => i.code)).toEqual(["QIF_DATE_ORDER_CONTRADICTED"]);
    // One line per file without --json: the status, then the error among the issues.
    const lines = (await run(["import", "--date-order", "mdy", "--data", "e", file])).stdout.split("\n");
    expect(lines[0]).toMatch(/^uk\.qif: partial, added 4,/);
    expect(lines.filter((l) => l.startsWith("  error "))).toEqual([
      expect.stringMatching(/^ {2}error QIF_DATE_ORDER_CONTRADICTED: .*--date-order/),
    ]);
    const csv = await run(["parse", "--date-order", "mdy", file, "--to", "csv", "--out", "out"]);
    expect(csv.stderr.split("\n").filter((l) => l !== "")).toEqual([
      expect.stringMatching(/^error QIF_DATE_ORDER_CONTRADICTED: uk\.qif: /),
    ]);
    // Read in its own order, the file imports as succeeded.
    const right = await run(["import", "--data", "g", "--json", file]);
    expect((JSON.parse(right.stdout) as { files: { status: string }[] }).files[0]?.status).toBe("succeeded");
  });

  it("reads a bank web export whose dates have text glued after them (GnuCash doc/examples/web.qif) with --format auto, losing no transaction", async () => {
    const web = [
      "!Type:Bank",
      "D03/25/099Share Withdrawal",
      "T-99.99",
      "C*",
      "PShare Withdrawal",
      "M",
      "^",
      "D03/24/099Point of Sale Transaction",
      "T-42.10",
      "C*",
      "PPoint of Sale Transaction",
      "M   CORNER CAFE #12      SPRINGFIELD   ILUS",
      "^",
      "D03/22/099Check Number:   200",
      "T-150.00",
      "C*",
      "PCheck Number:   200",
      "M",
      "^",
      "D03/19/099Direct Deposit",
      "T1234.56",
      "C*",
      "PDirect Deposit",
      "M                EXAMPLE PAYROLL INC",
      "^",
      "",
    ].join("\n");
    const file = await write("web.qif", web);
    const r = await run(["parse", "--format", "auto", file]);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    const out = JSON.parse(r.stdout) as {
      format: string;
      statements: { entries: { bookingDate: string; amount: string; remittance?: { unstructured: string[] } }[] }[];
      issues: { severity: string; code: string; details?: { text?: string } }[];
    };
    expect(out.format).toBe("qif");
    expect(out.statements[0]?.entries.map((e) => [e.bookingDate, e.amount])).toEqual([
      ["1999-03-25", "-99.99"],
      ["1999-03-24", "-42.10"],
      ["1999-03-22", "-150.00"],
      ["1999-03-19", "1234.56"],
    ]);
    expect(out.statements[0]?.entries[1]?.remittance?.unstructured).toEqual(["CORNER CAFE #12      SPRINGFIELD   ILUS"]);
    expect(out.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(out.issues.filter((i) => i.code === "QIF_DATE_TEXT_IGNORED").map((i) => i.details?.text)).toEqual([
      "Share Withdrawal",
      "Point of Sale Transaction",
      "Check Number:   200",
      "Direct Deposit",
    ]);
  });

  it("prints a document read whole in pieces of about 64 KiB, not as one string (a 200 MB QIF file failed: Invalid string length)", async () => {
    // QIF has no streaming parser, so it is read whole whatever --stream says.
    const records = Array.from({ length: 3_000 }, (_, i) => `D1/${(i % 28) + 1}/2024\nT-${i + 1}.25\nPPayee ${i}\nMMemo ${i}\n^\n`);
    const file = await write("big.qif", `!Type:Bank\n${records.join("")}`);
    const writes: number[] = [];
    let stdout = "";
    const code = await runCli(["parse", "--currency", "EUR", "--stream", "always", file], {
      stdout: {
        write: (s: string) => {
          writes.push(s.length);
          stdout += s;
        },
      },
      stderr: { write: () => true },
      env: {},
      cwd: dir,
    });
    expect(code).toBe(0);
    const doc = JSON.parse(stdout) as { format: string; statements: { entries: unknown[] }[] };
    expect(doc.format).toBe("qif");
    expect(doc.statements[0]?.entries).toHaveLength(3_000);
    expect(stdout.length).toBeGreaterThan(4 * 65_536);
    expect(Math.max(...writes)).toBeLessThan(65_536 + 8_192);
  });

  it("writes CSV with --to csv into --out, one file per input", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const r = await run(["parse", a, "--to", "csv", "--out", "out"]);
    expect(r.code).toBe(0);
    const csv = await readFile(join(dir, "out", "a.csv"), "utf8");
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toMatch(/^\uFEFFrow,detail_of,account,currency,booking_date/);
    expect(lines.length).toBeGreaterThanOrEqual(5);
  });

  it("exits 2 with one error line for a file no format recognises, and still prints the others", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const junk = await write("junk.txt", "hello");
    const r = await run(["parse", a, junk]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error FORMAT_UNSUPPORTED: junk\.txt: no format recognises this document/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(JSON.parse(r.stdout)).toHaveLength(2);
  });

  it("refuses an unknown --to and an unknown --format with a coded error", async () => {
    const a = await write("a.json", JSON.stringify(statementToJson(days[0]!)));
    const to = await run(["parse", a, "--to", "pdf"]);
    expect(to.code).toBe(2);
    expect(to.stderr).toMatch(/^error USAGE: --to pdf/);
    const format = await run(["parse", a, "--format", "mt999"]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/^error FORMAT_UNKNOWN: a\.json: unknown format "mt999"/);
  });

  it("reports a missing file as FILE_NOT_FOUND", async () => {
    const r = await run(["parse", "nope.xml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error FILE_NOT_FOUND: nope\.xml does not exist/);
  });
});

describe("bankbridge parse --stream", () => {
  const FIXTURES = new URL("../formats/", import.meta.url);
  const samples = [
    "camt/fixtures/camt053-full.xml",
    "camt/fixtures/camt054-notification.xml",
    "bai2/fixtures/operating-accounts.bai2",
    "ofx/fixtures/checking-102-cp1252.ofx",
    "ofx/fixtures/creditcards-211.qfx",
  ];
  const mt940 = [
    ":20:STARTUMS",
    ":25:10020030/1234567",
    ":28C:1/1",
    ":60F:C240102EUR1000,00",
    ":61:2401020102D120,50NTRFNONREF//B1",
    ":86:166?00GUTSCHRIFT?20Rechnung 4711?32Muster GmbH",
    ":61:2401020102C20,50NTRFNONREF//B2",
    ":62F:C240102EUR900,00",
    "-",
  ].join("\r\n");
  type Doc = { format: string; encoding: string; statements: unknown[]; issues: unknown[] };
  const sortedIssues = (d: Doc) => ({ ...d, issues: d.issues.map((i) => JSON.stringify(i)).sort() });

  it("prints, read as a stream, the document it prints read whole: same statements, entries and issues", async () => {
    const files = [
      ...(await Promise.all(samples.map(async (s) => write(s.split("/").pop() as string, await readFile(new URL(s, FIXTURES)))))),
      await write("day.sta", mt940),
    ];
    for (const file of files) {
      const whole = await run(["parse", "--stream", "never", file]);
      const streamed = await run(["parse", "--stream", "always", file]);
      expect(streamed.code, file).toBe(whole.code);
      expect(streamed.stderr, file).toBe(whole.stderr);
      const a = JSON.parse(whole.stdout) as Doc;
      const b = JSON.parse(streamed.stdout) as Doc;
      expect(a.statements.length, file).toBeGreaterThan(0);
      expect(sortedIssues(b), file).toEqual(sortedIssues(a));
      // Each statement's entries come first when streamed; the members are the same.
      expect(Object.keys(b.statements[0] as object)[0]).toBe("entries");
    }
  });

  it("checks continuity across streamed files and lists several documents, as when read whole", async () => {
    const first = await write("a.sta", mt940);
    const second = await write("b.sta", mt940.replace(":28C:1/1", ":28C:3/1"));
    const whole = JSON.parse((await run(["parse", "--stream", "never", first, second])).stdout) as Doc[];
    const streamed = JSON.parse((await run(["parse", "--stream", "always", first, second])).stdout) as Doc[];
    expect(streamed.map(sortedIssues)).toEqual(whole.map(sortedIssues));
    expect(whole[1]?.issues.map((i) => (i as { code: string }).code)).toContain("SEQUENCE_GAP");
  });

  it("reports a break between two statements of one file once, and compares files with each other, streamed or not", async () => {
    // Statement 2 of the first file skips a number and does not open at 900,00; the second file follows it on.
    const reopened = (number: string, opening: string, closing: string) =>
      mt940
        .replace(":28C:1/1", `:28C:${number}/1`)
        .replace(":60F:C240102EUR1000,00", `:60F:C240102EUR${opening}`)
        .replace(":62F:C240102EUR900,00", `:62F:C240102EUR${closing}`);
    const second = reopened("3", "950,00", "850,00");
    const first = await write("two.sta", `${mt940}\r\n${second}`);
    const next = await write("next.sta", reopened("4", "850,00", "750,00"));
    for (const stream of ["never", "always"]) {
      const out = JSON.parse((await run(["parse", "--stream", stream, first, next])).stdout) as Doc[];
      const codesOf = (d: Doc | undefined) => ((d?.issues ?? []) as { code: string; path: string }[]).map((i) => [i.code, i.path]);
      expect(codesOf(out[0]), stream).toEqual([
        ["SEQUENCE_GAP", "/statements/1"],
        ["CONTINUITY_MISMATCH", "/statements/1"],
      ]);
      // The next file opens at 850,00, where the first file's second statement closed.
      expect(codesOf(out[1]), stream).toEqual([]);
    }
  });

  it("reports a refused document on stderr with exit 2, and writes what was read before the refusal", async () => {
    const file = await write("cut.xml", (await readFile(new URL(samples[0] as string, FIXTURES), "utf8")).slice(0, 3000));
    const r = await run(["parse", "--stream", "always", file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error XML_MALFORMED: cut\.xml: /);
    const doc = JSON.parse(r.stdout) as Doc;
    expect(doc.issues.map((i) => (i as { code: string }).code)).toContain("XML_MALFORMED");
  });

  it("writes streamed documents into --out, and reads formats without a streaming parser whole", async () => {
    const file = await write("day.sta", mt940);
    const csv = await write("day1.json", JSON.stringify(statementToJson(days[0]!)));
    const r = await run(["parse", "--stream", "always", "--out", "out", file, csv]);
    expect(r.code).toBe(0);
    const streamed = JSON.parse(await readFile(join(dir, "out", "day.json"), "utf8")) as Doc;
    expect(streamed.format).toBe("mt940");
    expect(JSON.parse(await readFile(join(dir, "out", "day1.json"), "utf8"))).toMatchObject({ format: "canonical-json" });
  });

  it("leaves a refused file out of the checks across files, streamed or not", async () => {
    const full = await readFile(new URL(samples[0] as string, FIXTURES), "utf8");
    const a = await write("a.xml", full.slice(0, full.indexOf("</Stmt>") + "</Stmt>".length));
    const b = await write("b.xml", full);
    const whole = await run(["parse", "--stream", "never", a, b]);
    const streamed = await run(["parse", "--stream", "always", a, b]);
    expect([whole.code, streamed.code]).toEqual([2, 2]);
    const issuesOfB = (out: string) => (JSON.parse(out) as Doc[])[1]?.issues;
    expect(issuesOfB(streamed.stdout)).toEqual(issuesOfB(whole.stdout));
  });

  it("writes --to csv and --to mt940 streamed exactly as read whole", async () => {
    const files = [
      ...(await Promise.all(samples.map(async (s) => write(s.split("/").pop() as string, await readFile(new URL(s, FIXTURES)))))),
      await write("day.sta", mt940),
    ];
    for (const to of ["csv", "mt940"]) {
      for (const file of files) {
        const whole = await run(["parse", "--to", to, "--stream", "never", file]);
        const streamed = await run(["parse", "--to", to, "--stream", "always", file]);
        expect(streamed, `${to} ${file}`).toEqual(whole);
        expect(whole.stdout.length, `${to} ${file}`).toBeGreaterThan(100);
      }
    }
  });

  it("names a refused file once on stderr with --to, streamed or not, and keeps what a stream read before the refusal", async () => {
    const junk = await write("junk.txt", "not a bank file");
    for (const when of ["never", "always"]) {
      const r = await run(["parse", "--to", "csv", "--stream", when, junk]);
      expect(r.code, when).toBe(2);
      expect(r.stderr, when).toMatch(/^error FORMAT_UNSUPPORTED: junk\.txt: [^\n]*\n$/);
    }
    const full = fixtureWithTwoStatements();
    const cut = await write("cut.xml", full.slice(0, full.lastIndexOf("<Stmt>") + 200));
    const whole = await run(["parse", "--to", "csv", "--stream", "never", cut]);
    const streamed = await run(["parse", "--to", "csv", "--stream", "always", cut]);
    expect([whole.code, streamed.code]).toEqual([2, 2]);
    expect(streamed.stderr).toBe(whole.stderr);
    // Read whole, the refused file gives the header alone; streamed, its first (complete) statement's rows too.
    expect(whole.stdout.trimEnd().split("\r\n")).toHaveLength(1);
    expect(streamed.stdout.trimEnd().split("\r\n").length).toBeGreaterThan(1);
  });

  describe("--out-encoding", () => {
    const german = [
      ":20:STARTUMS",
      ":25:10020030/1234567",
      ":28C:1/1",
      ":60F:C240102EUR1000,00",
      ":61:2401020102D120,50NTRFNONREF//B1",
      ":86:166?00ÜBERWEISUNG?20Miete 张32 Straße 5?32Müller Łódź",
      ":62F:C240102EUR879,50",
      "-",
    ].join("\r\n");

    /** `run`, keeping what is written to stdout as bytes. */
    async function runBytes(argv: string[]) {
      const chunks: Buffer[] = [];
      let stderr = "";
      const code = await runCli(argv, {
        stdout: { write: (s: string | Uint8Array) => chunks.push(typeof s === "string" ? Buffer.from(s) : Buffer.from(s)) },
        stderr: { write: (s: string | Uint8Array) => (stderr += String(s)) },
        env: {},
        cwd: dir,
      });
      return { code, stdout: Buffer.concat(chunks), stderr };
    }

    it("writes --to mt940 in ISO-8859-1 as German ERPs read it, streamed or not, and says what it could not hold", async () => {
      const file = await write("de.sta", german);
      const outputs: Buffer[] = [];
      for (const when of ["never", "always"]) {
        const r = await run(["parse", file, "--to", "mt940", "--out-encoding", "iso-8859-1", "--stream", when, "--out", `out-${when}`]);
        expect(r.code, when).toBe(0);
        expect(r.stderr, when).toBe(
          'warning OUTPUT_CHARACTERS_REPLACED: de.sta: characters that iso-8859-1 cannot hold: 2 written without their accents, 1 written as "." (the first: U+5F20)\n',
        );
        const bytes = await readFile(join(dir, `out-${when}`, "de.sta"));
        outputs.push(bytes);
        const text = bytes.toString("latin1");
        // Not "?": in :86: it would start a subfield, and "?32" would become the counterparty's name.
        expect(text, when).toContain("?20SVWZ+Miete .32 Straße 5?32Müller Lódz");
        expect(bytes.includes(Buffer.from("ü", "utf8")), when).toBe(false);
      }
      expect(outputs[1]).toEqual(outputs[0]);
      // What was written reads back as the same entry, names included, when read in the encoding it was written in.
      const back = await run(["parse", join(`out-never`, "de.sta"), "--encoding", "iso-8859-1"]);
      const doc = JSON.parse(back.stdout) as {
        statements: { entries: { counterparty?: { name?: string }; remittance?: { unstructured?: string[] } }[] }[];
      };
      expect(doc.statements[0]?.entries.map((e) => [e.counterparty?.name, e.remittance?.unstructured])).toEqual([
        ["Müller Lódz", ["Miete .32 Straße 5"]],
      ]);
    });

    it("writes --to csv in GBK to stdout without the byte-order mark, so Excel on a Chinese Windows opens it", async () => {
      const file = await write(
        "cn.sta",
        german.replace("ÜBERWEISUNG?20Miete 张32 Straße 5?32Müller Łódź", "转账?20货款?32上海浦东发展银行"),
      );
      const r = await runBytes(["parse", file, "--to", "csv", "--out-encoding", "gbk"]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout.subarray(0, 3).toString("latin1")).toBe("row");
      expect(iconv.decode(r.stdout, "gbk")).toContain(",上海浦东发展银行,");
      expect(iconv.decode(r.stdout, "gbk")).toContain("货款");
    });

    it("leaves UTF-8 output as it was, and refuses JSON, camt and unknown encodings as usage errors", async () => {
      const file = await write("de.sta", german);
      const plain = await runBytes(["parse", file, "--to", "mt940"]);
      const utf8 = await runBytes(["parse", file, "--to", "mt940", "--out-encoding", "utf-8"]);
      expect(utf8).toEqual(plain);
      for (const [args, message] of [
        [[], /^error USAGE: --out-encoding applies to --to [^;]*mt940[^;]*; --to json is always UTF-8\n$/],
        [["--to", "camt.053"], /^error USAGE: --out-encoding applies to --to .*; --to camt\.053 is always UTF-8\n$/],
        [["--to", "mt940", "--out-encoding", "klingon"], /^error USAGE: --out-encoding klingon: unknown encoding/],
      ] as const) {
        const r = await run(["parse", file, "--out-encoding", "latin1", ...args]);
        expect(r.code, args.join(" ")).toBe(2);
        expect(r.stdout).toBe("");
        expect(r.stderr, args.join(" ")).toMatch(message);
      }
    });
  });

  it("writes nothing for a refused document, streamed or not: no empty BAI2 that would import as a quiet day, no WRITE_NO_STATEMENTS beside the refusal", async () => {
    const junk = await write("junk.txt", "not a bank file");
    for (const to of ["bai2", "mt940", "camt.053", "csv"]) {
      for (const when of ["never", "always"]) {
        const out = `out-${to}-${when}`;
        const r = await run(["parse", "--to", to, "--stream", when, "--out", out, junk]);
        expect(r.code, `${to} ${when}`).toBe(2);
        expect(r.stderr, `${to} ${when}`).toMatch(/^error FORMAT_UNSUPPORTED: junk\.txt: [^\n]*\n$/);
        expect(await readdir(join(dir, out)), `${to} ${when}`).toEqual([]);
        // Not even a byte-order mark alone (camt is UTF-8 only).
        const encoding = to === "camt.053" ? [] : ["--out-encoding", "utf-16le"];
        const printed = await run(["parse", "--to", to, "--stream", when, ...encoding, junk]);
        expect(printed.stdout, `${to} ${when}`).toBe("");
      }
    }
  });

  it("refuses an unknown --stream value as a usage error", async () => {
    const r = await run(["parse", "--stream", "sometimes", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error USAGE: --stream sometimes/);
  });
});

describe("bankbridge parse of a BAI2 file with nothing to report (gap list)", () => {
  const empty = "01,BANK,CUST,240101,0600,1,,,2/\n02,CUST,BANK,1,231231,,USD,2/\n98,0,0,2/\n99,0,1,4/\n";

  it("exits 0 with no statements and the warning in the issues, read whole or streamed, named .bai2 or not", async () => {
    const named = await write("empty.bai2", empty);
    const unnamed = await write("empty.txt", "01,BANK,CUST,240101,0600,1,,,2/\n99,0,0,2/\n");
    for (const args of [[named], [named, "--stream", "always"], [unnamed], [unnamed, "--stream", "always"]]) {
      const r = await run(["parse", ...args]);
      expect([r.code, r.stderr]).toEqual([0, ""]);
      const out = JSON.parse(r.stdout) as { format: string; statements: unknown[]; issues: { severity: string; code: string }[] };
      expect([out.format, out.statements, out.issues.map((i) => [i.severity, i.code])]).toEqual([
        "bai2",
        [],
        [["warning", "BAI2_FILE_EMPTY"]],
      ]);
    }
  });
});

describe("bankbridge parse --to of a document with no statement (review of the gap list)", () => {
  const empty = "01,BANK,CUST,240101,0600,1,,,2/\n99,0,0,2/\n";
  const clock = () => new Date("2026-03-04T05:06:07Z");

  it("writes no camt or MT940 document (none would be valid) and says so on stderr, exit 0, and no --out file", async () => {
    const file = await write("empty.bai2", empty);
    for (const [to, stream] of [
      ["camt.053", "never"],
      ["camt.054", "never"],
      ["mt940", "never"],
      ["mt940", "always"],
    ] as const) {
      const r = await run(["parse", file, "--to", to, "--stream", stream], clock);
      expect([r.code, r.stdout]).toEqual([0, ""]);
      expect(r.stderr).toMatch(/^warning WRITE_NO_STATEMENTS: empty\.bai2: /);
      const out = await run(["parse", file, "--to", to, "--stream", stream, "--out", "out"], clock);
      expect(out.code).toBe(0);
      await expect(readFile(join(dir, "out", `empty.${to === "mt940" ? "sta" : "xml"}`))).rejects.toThrow();
    }
  });

  it("writes an empty BAI2 file dated by the clock, not 1970, which reads back as nothing to report", async () => {
    const file = await write("empty.bai2", empty);
    const r = await run(["parse", file, "--to", "bai2"], clock);
    expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(r.stdout).toMatch(/^01,BANKBRIDGE,,260304,0506,\w+,,,2\/\n99,0,0,2\/\n$/);
    const again = await run(["parse", await write("again.bai2", r.stdout)]);
    expect([again.code, (JSON.parse(again.stdout) as { issues: { code: string }[] }).issues.map((i) => i.code)]).toEqual([
      0,
      ["BAI2_FILE_EMPTY"],
    ]);
  });
});

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { statementToJson } from "../core/index.js";
import { buildXls, cell } from "./excel/test-support/xls-builder.js";
import { buildXlsx } from "./excel/test-support/zip-builder.js";
import { defaultFormatRegistry, eventsOf } from "./index.js";

const registry = defaultFormatRegistry();
const bytes = (s: string) => new TextEncoder().encode(s);

describe("--format auto across the built-in formats", () => {
  it("reads a CSV whose quoted description holds SWIFT field lines as the CSV, not as an empty MT940 statement", () => {
    for (const tag of [":86:166?00GUTSCHRIFT", ":61:2401020102D10,00NTRFNONREF"]) {
      const csv = `Date,Amount,Description\n2024-01-02,-10.00,"Transfer, original SWIFT text:\n:20:STARTUMS\n:25:DE89370400440532013000\n${tag}"\n2024-01-03,200.00,Salary\n`;
      const parsed = registry.parse(bytes(csv), { filename: "export.csv" });
      expect(parsed.format, tag).toBe("bank-csv");
      expect(parsed.statements.flatMap((s) => s.entries.map((e) => e.amount.minor))).toEqual([-1000n, 20000n]);
    }
  });

  it("reads a CSV with a title line, or of two columns, quoting SWIFT lines as the CSV too (review)", () => {
    const quoted = '"Transfer:\n:20:STARTUMS\n:25:DE89370400440532013000\n:86:166?00GUTSCHRIFT"';
    const titled = `Account statement\nDate,Amount,Description\n2024-01-02,-10.00,${quoted}\n2024-01-03,200.00,Salary\n`;
    expect(registry.detect(bytes(titled))?.format.id).toBe("bank-csv");
    // Two columns without a date are no bank statement table either: refused, no longer read as an empty MT940.
    const twoColumns = `Amount;Description\n-10.00;${quoted.replaceAll(",", " ")}\n200.00;Salary\n`;
    expect(registry.detect(bytes(twoColumns))).toBeUndefined();
    // A statement with its balances stays one, whatever preamble comes first (review).
    const statement =
      ":20:STMT1\n:25:NL12ABNA0123456789\n:28C:1/1\n:60F:C240101EUR100,00\n:61:2401020102D5,00NTRFNONREF\n:86:Shop\n:62F:C240102EUR95,00\n-\n";
    for (const preamble of ["Statement NL12ABNA0123456789, EUR\nCreated 2024-01-05, 10:00\n", "Statement; EUR\nCreated; today\n"]) {
      expect(registry.detect(bytes(preamble + statement))?.format.id, preamble).toBe("mt940");
    }
    // A bank header line before the fields is no table.
    expect(
      registry.detect(
        bytes(
          "ABNANL2A\n940\nABNANL2A\n:20:ABN AMRO BANK NV\n:25:517852257\n:28:19321/1\n:60F:C110522EUR3236,28\n:62F:C110525EUR3236,28\n-\n",
        ),
      )?.format.id,
    ).toBe("mt940");
  });

  it("says so when an MT940 statement has neither balances nor entries, and not when they were there but unreadable", () => {
    const parsed = registry.parse(bytes(":20:STARTUMS\n:25:DE89370400440532013000\n:86:text\n"), { format: "mt940" });
    expect(parsed.issues.map((i) => i.code)).toContain("MT940_STATEMENT_EMPTY");
    const unreadable = registry.parse(bytes(":20:X\n:25:DE89370400440532013000\n:60F:C240101EUR1,00\n:61:garbage\n:62F:Cxx\n"), {
      format: "mt940",
    });
    expect(unreadable.issues.map((i) => i.code)).not.toContain("MT940_STATEMENT_EMPTY");
  });

  it("reads a CSV that mentions <OFX> in a cell as the CSV; a header-less OFX body after a comment is still OFX", () => {
    const csv = 'Date,Amount,Description\n2024-01-02,-10.00,"see:\n<OFX> export"\n2024-01-03,200.00,Salary\n';
    expect(registry.parse(bytes(csv), { filename: "export.csv" }).format).toBe("bank-csv");
    const ofx =
      "<!-- exported -->\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>a</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>";
    expect(registry.detect(bytes(ofx))?.format.id).toBe("ofx");
    // Header lines or a saved HTTP response before the body are no table (review).
    for (const before of [
      "DATA:OFXSGML\nVERSION:102\n\n",
      "HTTP/1.1 200 OK\r\nContent-Type: application/x-ofx\r\nSet-Cookie: a=b; path=/; HttpOnly\r\n\r\n",
      "HTTP/1.1 200 OK\r\nCache-Control: no-cache, no-store, must-revalidate\r\nSet-Cookie: JSESSIONID=abc; Path=/; Secure; HttpOnly\r\n\r\n",
      "\u0000",
    ]) {
      expect(registry.detect(bytes(before + ofx.replace("<!-- exported -->\n", "")))?.format.id, JSON.stringify(before)).toBe("ofx");
    }
  });

  it("recognises a camt document after more white space than the 64 KiB it looks at, as --format camt.053 reads it (review)", () => {
    const camt = readFileSync(new URL("./camt/fixtures/camt053-full.xml", import.meta.url));
    for (const length of [100, 100_000, 100_001]) {
      const padded = new Uint8Array([...bytes("\r\n ".repeat(length).slice(0, length)), ...camt]);
      expect(registry.detect(padded)?.format.id, `${length}`).toBe("camt.053");
      const parsed = registry.parse(padded);
      expect(parsed.format, `${length}`).toBe("camt.053");
      // The same entries (their source lines are further down by the blank lines).
      const entries = (r: typeof parsed) => r.statements.map((st) => st.entries.map((e) => [e.amount.minor, e.description]));
      expect(entries(parsed), `${length}`).toEqual(entries(registry.parse(camt)));
      expect(parsed.statements[0]?.entries.length, `${length}`).toBeGreaterThan(1);
    }
    // White space alone is still no document of any format.
    expect(registry.parse(bytes(" ".repeat(100_000))).rejected?.code).toBe("FORMAT_UNSUPPORTED");
    // After a UTF-8 byte-order mark too (final review): the mark stays to decide the encoding.
    const marked = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes("\n".repeat(70_000)), ...camt]);
    expect(registry.detect(marked)?.format.id).toBe("camt.053");
    expect(registry.detect(marked)?.decoded.encoding).toBe("utf-8");
    expect(registry.parse(marked).statements[0]?.entries.length).toBeGreaterThan(1);
  });

  it("recognises a blocked BAI2 file (records padded to its declared length, no line ends)", () => {
    const lines = readFileSync(new URL("bai2/fixtures/operating-accounts.bai2", import.meta.url), "latin1").split(/\r?\n/);
    const blocked = lines
      .filter((l) => l !== "")
      .map((l, i) => (i === 0 ? l.replace(/^((?:[^,]*,){6})[^,]*/, "$180") : l).padEnd(80, " "))
      .join("");
    const parsed = registry.parse(bytes(blocked));
    expect([parsed.format, parsed.statements.length]).toEqual(["bai2", 3]);
  });

  it("recognises QIF records without a !Type: header (read as a bank account), and not a CSV that starts with a D", () => {
    const qif = registry.parse(bytes("D01/15/2024\nT-10.00\nPShop\n^\nD01/16/2024\nT20.00\n^\n"));
    expect([qif.format, qif.statements[0]?.entries.length]).toEqual(["qif", 2]);
    expect(registry.detect(bytes("D01/15/2024\nT-10.00\n^\n"), { filename: "x.qif" })?.format.id).toBe("qif");
    expect(registry.detect(bytes("Date,Amount\nD01/15/2024,-10.00\n"))?.format.id).not.toBe("qif");
  });
});

// Since deae535 `--format auto` recognises a document after up to a mebibyte of white space. Each format it then
// recognises has to read it as `--format <id>` does, or the user gets a refusal from the parser that contradicts the
// detection (review: OFX said "no OFX header" for the document it was chosen for).
describe("--format auto after leading white space", () => {
  const statementText =
    ":20:STMT1\n:25:NL12ABNA0123456789\n:28C:1/1\n:60F:C240101EUR100,00\n:61:2401020102D5,00NTRFNONREF\n:86:Shop\n:62F:C240102EUR95,00\n-\n";
  const canonical = { statements: registry.parse(bytes(statementText)).statements.map(statementToJson) };
  const samples: [string, Uint8Array][] = [
    ["bank-csv", bytes("Date,Amount,Description\n2024-01-02,-10.00,Shop\n2024-01-03,200.00,Salary\n")],
    ["mt940", bytes(statementText)],
    ["bai2", readFileSync(new URL("./bai2/fixtures/operating-accounts.bai2", import.meta.url))],
    ["qif", readFileSync(new URL("./qif/fixtures/checking-mdy.qif", import.meta.url))],
    ["ofx", readFileSync(new URL("./ofx/fixtures/checking-102-cp1252.ofx", import.meta.url))],
  ];
  const entries = (r: { statements: readonly { entries: readonly { amount: { minor: bigint } }[] }[] }) =>
    r.statements.map((s) => s.entries.map((e) => e.amount.minor));

  it("reads each text format after blank lines as detection and --format <id> agree, whole and streamed", async () => {
    for (const [id, doc] of samples) {
      const plain = registry.parse(doc);
      expect([plain.format, plain.rejected], id).toEqual([id, undefined]);
      for (const length of [2, 100_000]) {
        const padded = new Uint8Array([...bytes("\r\n".repeat(length / 2)), ...doc]);
        const auto = registry.parse(padded);
        const named = registry.parse(padded, { format: id as "ofx" });
        expect([auto.format, auto.rejected?.code, named.rejected?.code], `${id} ${length}`).toEqual([id, undefined, undefined]);
        expect(entries(auto), `${id} ${length}`).toEqual(entries(plain));
        expect(entries(named), `${id} ${length}`).toEqual(entries(plain));
        const stream = registry.stream(padded);
        if (stream === undefined) continue;
        let streamed = 0;
        let rejected: unknown = "none";
        for await (const e of eventsOf(stream.batches)) {
          if (e.type === "entry") streamed++;
          else if (e.type === "end") rejected = e.rejected;
        }
        expect([streamed, rejected], `${id} ${length} streamed`).toEqual([entries(plain).flat().length, undefined]);
      }
    }
  });

  it("reads canonical JSON after blank lines (JSON allows white space before its value)", () => {
    const json = bytes(JSON.stringify(canonical));
    expect(registry.parse(json).format).toBe("canonical-json");
    for (const length of [2, 100_000]) {
      const auto = registry.parse(new Uint8Array([...bytes("\n".repeat(length)), ...json]));
      expect([auto.format, auto.rejected?.code, entries(auto)]).toEqual(["canonical-json", undefined, [[-500n]]]);
    }
  });

  it("does not take white space followed by a workbook for Excel: a ZIP or OLE file starts with its signature", () => {
    const xlsx = buildXlsx({
      sheets: [
        {
          name: "S",
          rows: [
            ["Date", "Amount", "Description"],
            ["2024-01-02", -10, "Shop"],
          ],
        },
      ],
    });
    const xls = buildXls({
      sst: ["Date", "Amount"],
      sheets: [{ name: "S", cells: [cell.labelSst(0, 0, 0, 0), cell.labelSst(0, 1, 0, 1)] }],
    });
    for (const [id, book] of [
      ["xlsx", xlsx],
      ["xls", xls],
    ] as const) {
      expect(registry.detect(book)?.format.id, id).toBe(id);
      for (const length of [2, 100_000]) {
        const padded = new Uint8Array([...bytes("\r\n".repeat(length / 2)), ...book]);
        expect(registry.detect(padded)?.format.id, `${id} ${length}`).toBeUndefined();
        expect(registry.parse(padded).rejected?.code, `${id} ${length}`).toBe("FORMAT_UNSUPPORTED");
      }
    }
  });
});

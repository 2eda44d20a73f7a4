import { describe, expect, it } from "vitest";
import { type DocumentId, type Entry, formatMoney, type Statement } from "../../core/index.js";
import { BANK_DATA } from "../camt/camt-facts.js";
import { parseCamt } from "../camt/camt-parser.js";
import { writeCamt053 } from "../camt/camt053-writer.js";
import { createFormatRegistry } from "../registry.js";
import { mt940Formats } from "./mt940-format.js";
import { parseMt940 } from "./parse-mt940.js";
import { readStreamed } from "./test-support/read-streamed.js";

const registry = createFormatRegistry(mt940Formats);

function parse(lines: readonly string[] | string, format: "mt940" | "mt942" = "mt940") {
  const text = typeof lines === "string" ? lines : lines.join("\r\n");
  return parseMt940(text, { format, encoding: "utf-8" });
}

/** `parse`, checked to give the same as the streaming reader. */
async function parseBothWays(lines: readonly string[], format: "mt940" | "mt942" = "mt940") {
  const whole = parse(lines, format);
  expect(await readStreamed(lines.join("\r\n"), { format, encoding: "utf-8" })).toEqual(whole);
  return whole;
}

function amounts(statements: readonly Statement[]): string[] {
  return statements.flatMap((s) => s.entries.map((e) => formatMoney(e.amount)));
}

const STATEMENT = [
  ":20:STARTUMS",
  ":25:10020030/1234567",
  ":28C:5/1",
  ":60F:C240314EUR2187,95",
  ":61:2403150315DR800,NSTONONREF//55555",
  ":86:008?00DAUERAUFTRAG?100599?20Miete November?3010020030?31234567?32MUELLER?34339",
  ":61:2403150315CR3000,NTRFNONREF//55556",
  ":86:051?00UEBERWEISUNG?100599?20Gehalt Oktober?21Firma?3050060400?310847564700?32MUELLER?34339",
  ":62F:C240315EUR4387,95",
];

describe("parseMt940", () => {
  describe("framing", () => {
    it("reads bare statements separated by - and by a new :20:", () => {
      const result = parse([
        ...STATEMENT,
        "-",
        ...STATEMENT.map((l) => l.replace("5/1", "6/1")),
        ...STATEMENT.map((l) => l.replace("5/1", "7/1")),
      ]);
      expect(result.statements.map((s) => s.sequence?.legal)).toEqual(["5", "6", "7"]);
      expect(amounts(result.statements)).toEqual(["-800.00", "3000.00", "-800.00", "3000.00", "-800.00", "3000.00"]);
    });

    it("reads SWIFT envelopes {1:}{2:}{4:…-}{5:} on their own lines and with the text block on the envelope's line", () => {
      const envelope = "{1:F01COBADEFFAXXX0000000000}{2:O9401200240315COBADEFFAXXX00000000002403151200N}{4:";
      const own = parse([envelope, ...STATEMENT, "-}{5:{MAC:ABCDEFG}}", envelope, ...STATEMENT, "-}"]);
      expect(own.statements).toHaveLength(2);
      const inline = parse([`${envelope}${STATEMENT[0]}`, ...STATEMENT.slice(1), "-}"]);
      expect(inline.statements[0]?.id).toBe("STARTUMS");
    });

    it("skips bank header lines: ABN AMRO ABNANL2A/940/ABNANL2A, ING's 0000 01INGBNL2AXXXX00001 and -XXX, Rabobank :940:", () => {
      expect(
        parse(["ABNANL2A", "940", "ABNANL2A", ...STATEMENT, "-", "ABNANL2A", "940", "ABNANL2A", ...STATEMENT, "-"]).statements,
      ).toHaveLength(2);
      expect(parse(["0000 01INGBNL2AXXXX00001", "0000 01INGBNL2AXXXX00001", "940 00", ...STATEMENT, "-XXX"]).statements).toHaveLength(1);
      for (const header of [":940:", ":940: ", ":942:\t"]) {
        const rabo = parse([header, ...STATEMENT]);
        expect([rabo.statements.length, rabo.issues]).toEqual([1, []]);
      }
    });

    it("reads bank header lines after a closing balance as the next statement's header when the `-` before them is missing", () => {
      const glued = parse(["ABNANL2A", "940", "ABNANL2A", ...STATEMENT, "", "ABNANL2A", "940", "ABNANL2A", ...STATEMENT, "-"]);
      const separated = parse(["ABNANL2A", "940", "ABNANL2A", ...STATEMENT, "-", "ABNANL2A", "940", "ABNANL2A", ...STATEMENT, "-"]);
      expect(glued.issues).toEqual([]);
      expect(glued.statements).toHaveLength(2);
      expect(glued.statements.map((s) => s.closingBalance)).toEqual(separated.statements.map((s) => s.closingBalance));
      expect(glued.statements[0]?.closingBalance).toBeDefined();
      // A line that starts with `:` but is no field, or a lone `:`, is not glued to the closing balance either.
      for (const stray of [[":ENDE"], [":", "ENDE"]]) {
        const parsed = parse([...STATEMENT, ...stray, "-"]);
        expect(parsed.issues, stray.join(" ")).toEqual([]);
        expect(parsed.statements[0]?.closingBalance).toEqual(separated.statements[0]?.closingBalance);
      }
    });

    it("reads tags written in lower case (`:60f:`, `:28c:`) and a space between a balance's currency and amount", () => {
      const lower = STATEMENT.map((l) => l.replace(/^:(\d\d)([A-Z]):/, (_, n: string, c: string) => `:${n}${c.toLowerCase()}:`));
      const spaced = STATEMENT.map((l) => l.replace(/^(:6[02]F:C\d{6}EUR)/, "$1 "));
      const expected = parse(STATEMENT);
      for (const variant of [lower, spaced]) {
        const r = parse(variant);
        expect(r.issues).toEqual(expected.issues);
        expect(r.statements.map((s) => [s.sequence, s.openingBalance, s.closingBalance, amounts([s])])).toEqual(
          expected.statements.map((s) => [s.sequence, s.openingBalance, s.closingBalance, amounts([s])]),
        );
      }
      expect(lower.some((l) => l.startsWith(":60f:"))).toBe(true);
    });

    it("reads CR, LF and CRLF line ends alike, with or without a final line break, with blank lines between", () => {
      const reference = parse(STATEMENT).statements;
      for (const text of [STATEMENT.join("\n"), STATEMENT.join("\r"), `${STATEMENT.join("\r\n")}\r\n`]) {
        expect(parse(text).statements).toEqual(reference);
      }
      // Blank lines only move the entries' source lines.
      const blank = parse(STATEMENT.join("\n\n\r\n")).statements;
      expect(blank.map((s) => ({ ...s, source: undefined, entries: s.entries.map((e) => ({ ...e, source: undefined })) }))).toEqual(
        reference.map((s) => ({ ...s, source: undefined, entries: s.entries.map((e) => ({ ...e, source: undefined })) })),
      );
      expect(blank[0]?.entries.map((e) => e.source?.line)).toEqual([13, 19]);
    });

    it("ignores transmission control characters (mBank SOH/ETX) and a byte-order mark", () => {
      const result = parse(`\uFEFF\u0001\r\n${STATEMENT.join("\r\n")}\r\n-\u0003`);
      expect([result.statements.length, result.issues]).toEqual([1, []]);
    });

    it("reads lines padded with spaces to a fixed record length (80, 128) as the lines without the padding", () => {
      // Wrapped mid-word and mid-IBAN, as banks wrap at 65 characters; a statement-level :86: and MT942 totals too.
      const lines = [
        ":20:STARTUMS",
        ":25:10020030/1234567",
        ":28C:5/1",
        ":60F:C240314EUR2187,95",
        ":61:2403150315CR3000,NTRFNONREF//55556",
        ":86:166?00GUTSCHR. UEBERWEISUNG?109310?20EREF+INV-2024-0042?21SVW",
        "Z+Rechnung 2024-0042 vom 28.02.2024?30COBADEFFXXX?31DE023704004405320",
        "13014?32Muster Maschinenbau Gm",
        "bH",
        ":62F:C240315EUR5187,95",
        ":86:/SUM/0/1/0,00/3000,00/",
      ];
      const reference = parse(lines);
      expect(reference.issues).toEqual([]);
      const entry = reference.statements[0]?.entries[0];
      expect([entry?.counterparty?.account, entry?.counterparty?.name]).toEqual(["DE02370400440532013014", "Muster Maschinenbau GmbH"]);
      for (const width of [80, 128]) {
        expect(parse(lines.map((l) => l.padEnd(width)))).toEqual(reference);
        // Padding with a line's control characters after it (a record's CR kept before the line feed).
        expect(parse(lines.map((l) => `${l.padEnd(width)}\u0000`).join("\n"))).toEqual(reference);
      }
      const report = [
        ":20:X",
        ":25:DE89370400440532013000",
        ":28C:1/1",
        ":34F:EURD0,",
        ":61:2403150315D20,NTRFNONREF",
        ":90D:1EUR20,",
        ":90C:0EUR0,",
      ];
      expect(
        parse(
          report.map((l) => l.padEnd(80)),
          "mt942",
        ),
      ).toEqual(parse(report, "mt942"));
      // A line within the 65 characters SWIFT allows (after its tag) keeps its spaces: there they may be the text's own.
      const full = ":86:166?00GUTSCHR. UEBERWEISUNG?20Rechnung 2024-00421 Kunde 4471 vom ";
      expect(full.length).toBe(4 + 65);
      const own = parse([...lines.slice(0, 5), full, "28.02.2024", ...lines.slice(9)]);
      expect(own.statements[0]?.entries[0]?.remittance?.unstructured).toEqual(["Rechnung 2024-00421 Kunde 4471 vom 28.02.2024"]);
      // So does a line that is too long without its spaces: a bank that ignores the limit, not padding.
      const long = ":86:166?00GUTSCHRIFT?20Rechnung 4711 vom 01.05.2024 und Rechnung 4712 vom ";
      expect(long.trimEnd().length).toBeGreaterThan(70);
      const unpadded = parse([...lines.slice(0, 5), long, "02.05.2024?32Max Mustermann", ...lines.slice(9)]);
      expect(unpadded.statements[0]?.entries[0]?.remittance?.unstructured).toEqual([
        "Rechnung 4711 vom 01.05.2024 und Rechnung 4712 vom 02.05.2024",
      ]);
      // Padded to 128, such a line keeps one space, not the padding.
      const padded = parse([...lines.slice(0, 5), long.padEnd(128), "02.05.2024?32Max Mustermann", ...lines.slice(9)]);
      expect(padded.statements[0]?.entries[0]?.remittance).toEqual(unpadded.statements[0]?.entries[0]?.remittance);
    });

    it("reads a file with stray binary bytes through the registry's windows-1252 fallback (betterplace with_binary_character.sta)", () => {
      const bytes = new TextEncoder().encode(STATEMENT.join("\r\n").replace(":20:STARTUMS", ":20:STAR\u00ff\u0001UMS"));
      const broken = Uint8Array.from([...bytes.slice(0, 10), 0x9c, 0xff, ...bytes.slice(10)]);
      const parsed = registry.parse(broken);
      expect(parsed.rejected).toBeUndefined();
      expect(amounts(parsed.statements)).toEqual(["-800.00", "3000.00"]);
    });

    it("reads a tag broken after its colon (WoLpH sparkassen.sta) and takes `:26:` inside a :86: for text (wrapped_timestamp.sta)", () => {
      const result = parse([
        ...STATEMENT.slice(0, 4),
        ":61:2403150315CR",
        "30,00N062NONREF",
        ":",
        "86:166?00GUTSCHR. UEBERWEISUNG?20SVWZ+Test /PL 12-09-2014T16",
        ":26:37 Fo?21lgenr. 007",
        ":62F:C240315EUR2217,95",
      ]);
      expect(result.issues).toEqual([]);
      expect(result.statements[0]?.entries[0]?.remittance?.unstructured).toEqual(["Test /PL 12-09-2014T16:26:37 Folgenr. 007"]);
    });
  });

  describe("statement fields", () => {
    it("maps :28C: to the statement number (legal and electronic) and the page, and :62M: to a page that is not the last", () => {
      const pages = parse([
        ...STATEMENT.slice(0, 2),
        ":28C:00004/00001",
        ":60F:C240314EUR100,",
        ":62M:C240315EUR100,",
        "-",
        ...STATEMENT.slice(0, 2),
        ":28C:00004/00002",
        ":60M:C240315EUR100,",
        ":62F:C240315EUR100,",
      ]);
      expect(pages.statements.map((s) => s.sequence)).toEqual([
        { legal: "00004", electronic: "00004", page: 1, lastPage: false },
        { legal: "00004", page: 2, lastPage: true },
      ]);
      expect(pages.statements.map((s) => [s.openingBalance?.type, s.closingBalance?.type])).toEqual([
        ["openingBooked", "interimBooked"],
        ["interimBooked", "closingBooked"],
      ]);
    });

    it("reads :64: as closing available and every :65: as forward available", () => {
      const s = parse([...STATEMENT, ":64:C240315EUR4000,", ":65:C240316EUR4100,", ":65:C240317EUR4200,"]).statements[0];
      expect(s?.balances.map((b) => `${b.type} ${formatMoney(b.amount)} ${b.date}`)).toEqual([
        "closingAvailable 4000.00 2024-03-15",
        "forwardAvailable 4100.00 2024-03-16",
        "forwardAvailable 4200.00 2024-03-17",
      ]);
    });

    it("gives a :86: after :62F:/:64:/:65: to the statement, never to the last entry (mt940-js #12, ING /SUM/ wolph #2)", () => {
      const s = parse([...STATEMENT, ":64:C240315EUR4000,", ":86:/SUM/1/1/800,00/3000,00/"]).statements[0];
      expect(s?.additionalInfo).toBe("/SUM/1/1/800,00/3000,00/");
      expect(s?.entries.at(-1)?.remittance?.unstructured).toEqual(["Gehalt Oktober", "Firma"]);
    });

    it("gives a :86: before the first entry to the statement too", () => {
      const s = parse([...STATEMENT.slice(0, 4), ":86:Kontoauszug Maerz", ...STATEMENT.slice(4)]).statements[0];
      expect(s?.additionalInfo).toBe("Kontoauszug Maerz");
    });

    it("keeps statement-level :21: and :NS: in the statement text, taking NS 22/23 as holder and account name", () => {
      const s = parse([
        ":20:STARTUMS",
        ":21:9876543210",
        ":25:1222333444",
        ":28:1/1",
        ":NS:22Test GmbH",
        "23Testkonto",
        ":60F:C020315EUR0,00",
        ":62F:C020315EUR0,00",
      ]).statements[0];
      expect(s?.account).toMatchObject({ holderName: "Test GmbH", name: "Testkonto" });
      expect(s?.additionalInfo).toBe(":21:9876543210\n:NS:22Test GmbH\n23Testkonto");
    });

    it("takes the currency from :60F: and warns when :25: says another", () => {
      const result = parse([":20:X", ":25:51210600/9223382012USD", ":28C:1", ":60F:C240314EUR1,", ":62F:C240315EUR1,"]);
      expect(result.statements[0]?.account.currency).toBe("EUR");
      expect(result.issues.map((i) => i.code)).toEqual(["MT940_ACCOUNT_CURRENCY_MISMATCH"]);
    });

    it("gives every entry and statement its source line and the document id", () => {
      const documentId = "a".repeat(64) as DocumentId;
      const s = parseMt940(STATEMENT.join("\n"), { format: "mt940", encoding: "utf-8", documentId }).statements[0];
      expect(s?.source).toEqual({ documentId, line: 1 });
      expect(s?.entries.map((e) => e.source)).toEqual([
        { documentId, line: 5 },
        { documentId, line: 7 },
      ]);
    });
  });

  describe("entries", () => {
    it("reads the entry date as booking date and otherwise books on the value date", () => {
      const s = parse([...STATEMENT.slice(0, 4), ":61:240315DR1,NMSCNONREF", ":61:2312310102C1,NMSCNONREF", ":62F:C240315EUR2187,95"])
        .statements[0];
      expect(s?.entries.map((e) => [e.valueDate, e.bookingDate])).toEqual([
        ["2024-03-15", "2024-03-15"],
        ["2023-12-31", "2024-01-02"],
      ]);
    });

    it("marks RC and RD entries as reversals with the reversing sign, so the balance closes (wolph #130)", () => {
      const lines = [...STATEMENT.slice(0, 4), ":61:240315RC100,NMSCNONREF", ":61:240315RD40,NMSCNONREF", ":62F:C240315EUR2127,95"];
      expect(parse(lines).statements[0]?.entries.map((e) => [formatMoney(e.amount), e.reversal])).toEqual([
        ["-100.00", true],
        ["40.00", true],
      ]);
      expect(registry.parse(new TextEncoder().encode(lines.join("\n"))).issues).toEqual([]);
    });

    it("reads MT942 expected entries (EC/ED) as pending without a booking date, and :90D:/:90C: as the summary", () => {
      const result = parse(
        [
          ":20:X",
          ":25:DE89370400440532013000",
          ":28C:1/1",
          ":34F:EURD0,",
          ":13D:2403151200+0100",
          ":61:240315EC500,NTRFNONREF",
          ":61:2403150315D20,NTRFNONREF",
          ":90D:1EUR20,",
          ":90C:1EUR500,",
        ],
        "mt942",
      );
      const s = result.statements[0];
      expect(s?.entries.map((e) => [e.status, e.bookingDate, formatMoney(e.amount)])).toEqual([
        ["pending", undefined, "500.00"],
        ["booked", "2024-03-15", "-20.00"],
      ]);
      expect(s?.summary).toEqual({
        debits: { count: 1, sum: { minor: 2000n, scale: 2, currency: "EUR" } },
        credits: { count: 1, sum: { minor: 50000n, scale: 2, currency: "EUR" } },
      });
      expect([s?.kind, s?.additionalInfo, s?.openingBalance]).toEqual(["report", ":34F:EURD0,", undefined]);
    });

    it("joins several :86: fields of one entry (Rabobank) and reads :NS: of an entry into bank data", () => {
      const s = parse([
        ...STATEMENT.slice(0, 4),
        ":61:240315D5,N044NONREF",
        ":86:BETALINGSKENM.  123456789",
        ":86:FACTUURNUMMER 987654321",
        ":NS:01Verwendungszweck 1",
        "1812345",
        ":62F:C240315EUR2182,95",
      ]).statements[0];
      expect(s?.entries[0]?.remittance?.unstructured).toEqual(["BETALINGSKENM.  123456789", "FACTUURNUMMER 987654321"]);
      expect(s?.entries[0]?.bankData).toEqual({ NS01: "Verwendungszweck 1", NS18: "12345" });
    });

    it("reads a Polish (PKO BP) statement in windows-1250: ~ subfields, 0xFF fillers, ~38 IBAN, Polish letters", () => {
      const lines = [
        ":20:MT940",
        ":25:/PL61109010140000071219812874",
        ":28C:1",
        ":60F:D240526PLN2671,79",
        ":61:2405260526D25,00N152NONREF//6460500500000513",
        "152 0",
        ":86:020~00152",
        "~20Opłata za przelew zagraniczn",
        "~21y, płatność ˙",
        "~22˙",
        "~3010205561",
        "~319000361245650140",
        "~32Łukasz Żółć Usługi Księgowe",
        "~33˙",
        "~38PL50102055619000361245650140",
        "~60˙",
        ":62F:D240526PLN2696,79",
      ];
      // windows-1250 bytes, by the reverse of its decoder's table (0xFF is the filler ˙).
      const high = new TextDecoder("windows-1250").decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
      const cp1250 = new Map([...high].map((c, i) => [c, 0x80 + i]));
      const bytes = Uint8Array.from([...lines.join("\r\n")].map((c) => cp1250.get(c) ?? c.charCodeAt(0)));
      const parsed = registry.parse(bytes);
      expect([parsed.format, parsed.encoding, parsed.issues]).toEqual(["mt940", "windows-1250", []]);
      expect(parsed.statements[0]?.account).toMatchObject({ id: "PL61109010140000071219812874", scheme: "iban" });
      const entry = parsed.statements[0]?.entries[0];
      expect(entry?.remittance?.unstructured).toEqual(["Opłata za przelew zagraniczny, płatność"]);
      expect(entry?.counterparty).toEqual({
        bankId: "10205561",
        account: "PL50102055619000361245650140",
        accountScheme: "iban",
        name: "Łukasz Żółć Usługi Księgowe",
      });
      expect(entry?.amount).toEqual({ minor: -2500n, scale: 2, currency: "PLN" });
      // The transaction code alone on the field's first line, the subfields from the next.
      for (const head of [":86:020", ":86:020 ", `:86:${"020".padEnd(62)}`, ":86:\t020\u00a0"]) {
        const split = parse(lines.flatMap((l) => (l === ":86:020~00152" ? [head, "~00152"] : [l])));
        expect(split.statements[0]?.entries[0]?.counterparty?.account).toBe("PL50102055619000361245650140");
      }
    });

    it("reads German :86: as DK transaction codes for German accounts, and plain :61: types elsewhere", () => {
      expect(parse(STATEMENT).statements[0]?.entries[0]?.bankTransactionCode).toEqual({ proprietary: { code: "NSTO+008", issuer: "DK" } });
      const polish = parse(STATEMENT.map((l) => l.replace(":25:10020030/1234567", ":25:BPHKPLPK/320000546101"))).statements[0];
      expect(polish?.entries[0]?.bankTransactionCode).toEqual({ proprietary: { code: "NSTO" } });
      expect(polish?.entries[0]?.bankData?.domesticCode).toBe("008");
    });

    it("takes KREF from :86: as the customer reference when :61: says NONREF, and keeps NONREF otherwise", () => {
      const s = parse([
        ...STATEMENT.slice(0, 4),
        ":61:240315D5,NTRFNONREF",
        ":86:191?20KREF+PAY-77",
        ":61:240315D5,NTRFNONREF",
        ":86:191?20SVWZ+x",
        ":62F:C240315EUR2177,95",
      ]).statements[0];
      expect(s?.entries.map((e) => e.references?.customerReference)).toEqual(["PAY-77", "NONREF"]);
    });

    it("takes the whole KREF when :61: holds its first 16 characters, and keeps a different KREF as bank data", () => {
      const s = parse([
        ...STATEMENT.slice(0, 4),
        ":61:240315D5,NTRFPAYRUN2024-03-15//BANKREF1",
        ":86:177?00SEPA-UEBERWEISUNG?20EREF+E1?21KREF+PAYRUN2024-03-15-00017?22SVWZ+Miete",
        ":61:240315D5,NTRFOWNREF-1",
        ":86:177?20KREF+OTHER-77?21SVWZ+Miete",
        ":62F:C240315EUR2177,95",
      ]).statements[0];
      expect(s?.entries.map((e) => e.references?.customerReference)).toEqual(["PAYRUN2024-03-15-00017", "OWNREF-1"]);
      expect(s?.entries.map((e) => e.bankData?.KREF)).toEqual([undefined, "OTHER-77"]);
    });

    it("reads a :61: reference EREF or PREF as the pointer it is to the :86: end-to-end or batch id (Rabobank, ING; gap list)", () => {
      const s = parse([
        ":20:940S130101",
        ":25:NL71RABO0123456789",
        ":28C:0",
        ":60F:C130101EUR1000,00",
        ":61:130101D25,00N102EREF            ",
        "NL70ABNA0987654321",
        ":86:/EREF/01-01-2013 12:00 0030000987654321/BENM//NAME/CONTRA ACCOUN",
        "T HOLDER/REMI//ISDT/2013-07-11",
        ":61:1402200220C1,56NTRFEREF//00000000001005",
        ":86:/EREF/EV12341REP1231456T1234//CNTP/NL32INGB0000012345/INGBNL2A/ING BANK NV///REMI/USTD//Factuur 1/",
        ":61:130101D25,00N102PREF",
        ":86:/PREF/BATCH-2013-01/REMI/salaries",
        ":61:130101D25,00N102EREF",
        ":86:/REMI/no end-to-end id given",
        ":62F:C130108EUR926,56",
      ]).statements[0];
      expect(s?.entries.map((e) => e.references)).toEqual([
        { customerReference: "01-01-2013 12:00 0030000987654321", endToEndId: "01-01-2013 12:00 0030000987654321" },
        { customerReference: "EV12341REP1231456T1234", endToEndId: "EV12341REP1231456T1234", bankReference: "00000000001005" },
        { customerReference: "BATCH-2013-01", paymentInformationId: "BATCH-2013-01" },
        // Nothing to point at: the reference stays as the bank wrote it.
        { customerReference: "EREF" },
      ]);
    });

    it("reads a :61: PREF beside a German :86: KREF+ (DK's customer reference, a SEPA batch's id) as that batch id", async () => {
      const s = (
        await parseBothWays([
          ...STATEMENT.slice(0, 4),
          ":61:2403150315D5,00NMSCPREF",
          ":86:000?20KREF+PMTINF-2013-01-SALARIE?21S-JAN",
          // Not a pointer where :61: says something else: the KREF is kept beside it, as before.
          ":61:2403150315D5,00NMSCOWN-REF",
          ":86:000?20KREF+PMTINF-2013-01-SALARIE?21S-JAN",
          ":62F:C240315EUR2177,95",
        ])
      ).statements[0];
      expect(s?.entries.map((e) => [e.references, e.bankData])).toEqual([
        [{ customerReference: "PMTINF-2013-01-SALARIES-JAN", paymentInformationId: "PMTINF-2013-01-SALARIES-JAN" }, undefined],
        [{ customerReference: "OWN-REF" }, { KREF: "PMTINF-2013-01-SALARIES-JAN" }],
      ]);
    });

    it("keeps a Dutch /KREF/ beside a :61: PREF apart: the batch-id rule is for the German KREF+ only (review)", async () => {
      const s = (
        await parseBothWays([
          ":20:940S130101",
          ":25:NL20INGB0001234567EUR",
          ":28C:1",
          ":60F:C130101EUR1000,00",
          // No Dutch bank documents /KREF/ as a batch id: PREF has nothing to point at and stays as written, as before
          // the writer's KREF+ rule.
          ":61:130101D25,00N102PREF",
          ":86:/KREF/OWN-77/REMI/salaries",
          ":62F:C130101EUR975,00",
        ])
      ).statements[0];
      expect(s?.entries.map((e) => [e.references, e.bankData])).toEqual([[{ customerReference: "PREF" }, { KREF: "OWN-77" }]]);
    });

    it("reads a :61: EREF or PREF as the :86: id it points at also beside a KREF that differs, the KREF kept as bank data (review)", async () => {
      const s = (
        await parseBothWays([
          ":20:940S130101",
          ":25:NL20INGB0001234567EUR",
          ":28C:1",
          ":60F:C130101EUR1000,00",
          ":61:130101D25,00N102EREF",
          ":86:/EREF/E2E-2013-0001/KREF/OWN-77/REMI/Factuur 1",
          ":61:130101D25,00N102PREF",
          ":86:/PREF/BATCH-2013-01/KREF/OWN-78/REMI/salaries",
          ":62F:C130101EUR950,00",
        ])
      ).statements[0];
      expect(s?.entries.map((e) => [e.references, e.bankData])).toEqual([
        [{ customerReference: "E2E-2013-0001", endToEndId: "E2E-2013-0001" }, { KREF: "OWN-77" }],
        [{ customerReference: "BATCH-2013-01", paymentInformationId: "BATCH-2013-01" }, { KREF: "OWN-78" }],
      ]);
      // The same beside a German :86: (our writer's EREF with its EREF+).
      const german = (
        await parseBothWays([
          ...STATEMENT.slice(0, 4),
          ":61:2403150315D5,00NMSCEREF",
          ":86:177?20EREF+E2E-2013-0002?21KREF+OWN-79",
          ":62F:C240315EUR2182,95",
        ])
      ).statements[0];
      expect(german?.entries.map((e) => [e.references, e.bankData])).toEqual([
        [{ customerReference: "E2E-2013-0002", endToEndId: "E2E-2013-0002" }, { KREF: "OWN-79" }],
      ]);
    });

    it("keeps a Dutch tag given twice with another value (a second /EREF/, /KREF/, /MARF/) as bank data, whole and streamed alike", async () => {
      const s = (
        await parseBothWays([
          ":20:940S231106",
          ":25:NL20INGB0001234567EUR",
          ":28C:1",
          ":60F:C231105EUR1000,00",
          ":61:2311061106C12,50NTRFNONREF",
          ":86:/EREF/E1/KREF/K1/MARF/M1/REMI/Deel 1/EREF/E2/KREF/K2/MARF/M2/REMI/Deel 2/MARF/M1",
          ":62F:C231106EUR1012,50",
        ])
      ).statements[0];
      const e = s?.entries[0];
      expect([e?.references, e?.bankData, e?.remittance]).toEqual([
        { endToEndId: "E1", customerReference: "K1", mandateId: "M1" },
        { EREF: "E2", KREF: "K2", MARF: "M2" },
        { unstructured: ["Deel 1", "Deel 2"] },
      ]);
    });

    it("keeps a Dutch /RCMT/ beside /OCMT/, a /CNTP/ naming another party, and a second /ORDP/ block as bank data, whole and streamed alike", async () => {
      const s = (
        await parseBothWays([
          ":20:940S231106",
          ":25:NL20INGB0001234567EUR",
          ":28C:1",
          ":60F:C231105EUR1000,00",
          ":61:2311061106C4,00NTRFNONREF",
          ":86:/OCMT/USD5,00/RCMT/EUR4,00/",
          ":61:2311061106C1,00NTRFNONREF",
          ":86:/NAME/X/CNTP/NL91ABNA0417164300/ABNANL2A/Y/AMSTERDAM/",
          ":61:2311061106C2,00NTRFNONREF",
          ":86:/ORDP//NAME/A/BENM//NAME/H/ORDP//NAME/B/",
          ":62F:C231106EUR1007,00",
        ])
      ).statements[0];
      const [ocmt, cntp, ordp] = s?.entries ?? [];
      expect([ocmt?.originalAmount?.currency, ocmt?.originalAmount && formatMoney(ocmt.originalAmount), ocmt?.bankData]).toEqual([
        "USD",
        "5.00",
        { RCMT: "EUR4,00" },
      ]);
      expect([cntp?.counterparty?.name, cntp?.bankData]).toEqual(["X", { CNTP: "NL91ABNA0417164300/ABNANL2A/Y/AMSTERDAM" }]);
      expect([ordp?.counterparty?.name, ordp?.bankData]).toEqual(["A", { beneficiary: "H", orderingParty: "B" }]);
    });

    it("reads a /RTRN/ return reason into bank data returnReason, where camt puts RtrInf/Rsn, text after the code as returnAdditionalInfo", async () => {
      const s = (
        await parseBothWays([
          ":20:940S231106",
          ":25:NL20INGB0001234567EUR",
          ":28C:1",
          ":60F:C231105EUR1000,00",
          // ING: a direct debit the debtor's bank returned (MS03, reason not specified).
          ":61:2311061106RD12,50NRTINONREF",
          ":86:/RTRN/MS03/EREF/INV-2023-118/IBAN/NL91ABNA0417164300/NAME/Klant BV/REMI/Terugboeking",
          ":61:2311061106RC7,50NRTINONREF",
          ":86:/TRTP/SEPA Incasso storno/RTRN/AC04 Rekening opgeheven/EREF/INV-2023-119",
          ":62F:C231106EUR1005,00",
        ])
      ).statements[0];
      expect(s?.entries.map((e) => e.bankData)).toEqual([
        { [BANK_DATA.returnReason]: "MS03" },
        { [BANK_DATA.returnReason]: "AC04", [BANK_DATA.returnInfo]: "Rekening opgeheven" },
      ]);
      expect(s?.entries.map((e) => e.references?.endToEndId)).toEqual(["INV-2023-118", "INV-2023-119"]);
      // Said as camt says it, the reason goes over to camt.053 as RtrInf and reads back the same.
      const camt = parseCamt(writeCamt053(s === undefined ? [] : [s]).content, { format: "camt.053", encoding: "utf-8" });
      expect(camt.statements[0]?.entries.map((e) => e.bankData)).toEqual(s?.entries.map((e) => e.bankData));
    });

    it("takes the ordering party as the counterparty of a credit and the beneficiary of a debit when :86: names both (gap list)", () => {
      const s = parse([
        ":20:940S231205",
        ":25:NL20RABO0300065264EUR",
        ":28C:1",
        ":60F:C231204EUR1000,00",
        ":61:231205C100,00N541NONREF",
        ":86:/ORDP//NAME/Klant BV/ADDR/Straat 1 Utrecht/ID/12345678/BENM//NAME/Mijn Bedrijf BV/REMI/Factuur 123",
        ":61:231205D50,00N541NONREF",
        ":86:/ORDP//NAME/Mijn Bedrijf BV/BENM//NAME/Leverancier BV/ADDR/Kade 2 Delft/REMI/Factuur 456",
        // A reversal keeps the parties of the payment it reverses (as camt's RvslInd): the returned debit's beneficiary.
        ":61:231205RD5,00N541NONREF",
        ":86:/ORDP//NAME/Mijn Bedrijf BV/BENM//NAME/Leverancier BV/REMI/Storno",
        ":61:231205D5,00N541NONREF",
        ":86:/BENM//NAME/Alleen Begunstigde/REMI/one party only",
        ":62F:C231205EUR1050,00",
      ]).statements[0];
      expect(s?.entries.map((e) => e.counterparty)).toEqual([
        { name: "Klant BV", address: ["Straat 1 Utrecht"], partyId: "12345678" },
        { name: "Leverancier BV", address: ["Kade 2 Delft"] },
        { name: "Leverancier BV" },
        { name: "Alleen Begunstigde" },
      ]);
      // The other side is the account holder as the bank wrote it: kept, not lost.
      expect(s?.entries.map((e) => e.bankData)).toEqual([
        { beneficiary: "Mijn Bedrijf BV" },
        { orderingParty: "Mijn Bedrijf BV" },
        { orderingParty: "Mijn Bedrijf BV" },
        undefined,
      ]);
    });

    it("keeps the parties of the payment a reversal (RC, RD, D-) reverses, as camt does, so the holder is never the counterparty (review)", () => {
      const s = parse([
        ":20:940S231205",
        ":25:NL20RABO0300065264EUR",
        ":28C:1",
        ":60F:C231204EUR1000,00",
        // A customer's payment sent back: money out, its ordering party the counterparty.
        ":61:231205RC100,00N541NONREF",
        ":86:/ORDP//NAME/Klant BV/BENM//NAME/Mijn Bedrijf BV/ULTD/Klant Holding/ULTC/Mijn Holding",
        // A direct debit returned (cmxl #34's D- is the reversal of a debit): money in, its beneficiary the counterparty.
        ":61:231205D-40,00N541NONREF",
        ":86:/ORDP//NAME/Mijn Bedrijf BV/BENM//NAME/Energie BV/ULTD/Mijn Holding/ULTC/Energie Holding",
        ":62F:C231205EUR940,00",
      ]).statements[0];
      expect(s?.entries.map((e) => [e.reversal, e.counterparty])).toEqual([
        [true, { name: "Klant BV", ultimateName: "Klant Holding" }],
        [true, { name: "Energie BV", ultimateName: "Energie Holding" }],
      ]);
      expect(s?.entries.map((e) => e.bankData)).toEqual([
        { beneficiary: "Mijn Bedrijf BV", ultimateCreditor: "Mijn Holding" },
        { orderingParty: "Mijn Bedrijf BV", ultimateDebtor: "Mijn Holding" },
      ]);
    });

    it("gives an /IBAN/, /BBAN/ or /BIC/ written after /ORDP//NAME/ or /BENM//NAME/ to that party, not to the one before it", async () => {
      const s = (
        await parseBothWays([
          ":20:940S231205",
          ":25:NL20RABO0300065264EUR",
          ":28C:1",
          ":60F:C231204EUR1000,00",
          ":61:231205D50,00N541NONREF",
          ":86:/ORDP//NAME/Mijn Bedrijf BV/IBAN/NL39RABO0300065264/BENM//NAME/Leverancier BV/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/REMI/Factuur 456",
          ":61:231205C100,00N541NONREF",
          ":86:/ORDP//NAME/Klant BV/BBAN/123456789/BIC/INGBNL2A/BENM//NAME/Mijn Bedrijf BV/IBAN/NL39RABO0300065264/REMI/Factuur 123",
          // One party named: its account is the counterparty's, as before.
          ":61:231205D5,00N541NONREF",
          ":86:/BENM//NAME/Alleen Begunstigde/IBAN/NL02ABNA0123456789/REMI/one party only",
          ":62F:C231205EUR1045,00",
        ])
      ).statements[0];
      expect(s?.entries.map((e) => e.counterparty)).toEqual([
        { name: "Leverancier BV", account: "NL91ABNA0417164300", accountScheme: "iban", bankId: "ABNANL2A" },
        { name: "Klant BV", account: "123456789", accountScheme: "bban", bankId: "INGBNL2A" },
        { name: "Alleen Begunstigde", account: "NL02ABNA0123456789", accountScheme: "iban" },
      ]);
      expect(s?.entries.map((e) => e.bankData)).toEqual([
        { orderingParty: "Mijn Bedrijf BV", orderingPartyAccount: "NL39RABO0300065264" },
        { beneficiary: "Mijn Bedrijf BV", beneficiaryAccount: "NL39RABO0300065264" },
        undefined,
      ]);
    });

    it("keeps an /ORDP/ or /BENM/ block that differs from the counterparty the :86: named before it as that party's bank data (review)", async () => {
      const both = "/IBAN/NL02ABNA0123456789/NAME/Jan/ORDP//NAME/Mijn Bedrijf BV/BENM//NAME/Jan Ult/IBAN/NL91ABNA0417164300/";
      const one = "/IBAN/NL02ABNA0123456789/NAME/Jan/BENM//NAME/Jan Ult/IBAN/NL91ABNA0417164300/BIC/ABNANL2A/";
      const s = (
        await parseBothWays([
          ":20:940S231205",
          ":25:NL20RABO0300065264EUR",
          ":28C:1",
          ":60F:C231204EUR1000,00",
          `:61:231205D50,00N541NONREF`,
          `:86:${both}`,
          `:61:231205C50,00N541NONREF`,
          `:86:${both}`,
          // One block: on the counterparty's side (the beneficiary of a debit) what differs is kept beside it…
          `:61:231205D5,00N541NONREF`,
          `:86:${one}`,
          // … on the holder's side (the beneficiary of a credit) the block is the holder's, kept whole.
          `:61:231205C5,00N541NONREF`,
          ":86:/NAME/Jan/BENM//IBAN/NL39RABO0300065264/",
          // A block that names the same party adds what was not said, as before; an address that differs is kept beside.
          `:61:231205D5,00N541NONREF`,
          ":86:/IBAN/NL02ABNA0123456789/NAME/Jan/ADDR/Kade 1/BENM//NAME/JAN/ADDR/Kade 2/BIC/ABNANL2A/",
          ":62F:C231205EUR995,00",
        ])
      ).statements[0];
      const jan = { name: "Jan", account: "NL02ABNA0123456789", accountScheme: "iban" };
      expect(s?.entries.map((e) => e.counterparty)).toEqual([
        jan,
        jan,
        jan,
        { name: "Jan" },
        { ...jan, address: ["Kade 1"], bankId: "ABNANL2A" },
      ]);
      expect(s?.entries.map((e) => e.bankData)).toEqual([
        { orderingParty: "Mijn Bedrijf BV", beneficiary: "Jan Ult", beneficiaryAccount: "NL91ABNA0417164300" },
        { beneficiary: "Jan Ult", beneficiaryAccount: "NL91ABNA0417164300", orderingParty: "Mijn Bedrijf BV" },
        { beneficiary: "Jan Ult", beneficiaryAccount: "NL91ABNA0417164300", beneficiaryBic: "ABNANL2A" },
        { beneficiaryAccount: "NL39RABO0300065264" },
        { beneficiaryAddress: "Kade 2" },
      ]);
    });

    it("gives an /ACNO/ inside an /ORDP/ or /BENM/ block to that party (ANZ's /BAI/ :86:, centrapay test2.mt942)", () => {
      const s = parse([
        ":20:X",
        ":25:012301033413000",
        ":28C:1",
        ":60F:C200521NZD100,00",
        ":61:2005210521D20,NTRFNONREF",
        ":86:/BAI/469/MISCELLANEOUS ACH DEBIT",
        "/ORDP/Own Company Ltd",
        "/ACNO/12-3011-0334130-37",
        "/BENM/Supplier Ltd",
        "/ACNO/01-2345-0678901-00",
        ":61:2005210521C50,NTRFNONREF",
        ":86:/BAI/399/MISCELLANEOUS CREDIT",
        "/ORDP/Customer Ltd",
        "/ACNO/02-0100-0123456-01",
        ":62F:C200521NZD130,00",
      ]).statements[0];
      expect(s?.entries.map((e) => e.counterparty)).toEqual([
        { name: "Supplier Ltd", account: "01-2345-0678901-00", accountScheme: "bban" },
        { name: "Customer Ltd", account: "02-0100-0123456-01", accountScheme: "bban" },
      ]);
      expect(s?.entries[0]?.bankData).toMatchObject({ orderingParty: "Own Company Ltd", orderingPartyAccount: "12-3011-0334130-37" });
    });

    it("keeps /OCMT/ and /CHGS/ supplementary details as original amount and charges (cmxl statement_ocmt_chgs)", () => {
      const e = parse([
        ...STATEMENT.slice(0, 4),
        ":61:1804090409DR000000000056,78NTRF0000549855700010//025498557/000001",
        "/OCMT/CAD47,11/CHGS/EUR1,23",
        ":62F:C240315EUR2131,17",
      ]).statements[0]?.entries[0] as Entry;
      expect([e.originalAmount, e.charges, e.bankData]).toEqual([
        { minor: 4711n, scale: 2, currency: "CAD" },
        [{ amount: { minor: 123n, scale: 2, currency: "EUR" } }],
        { supplementaryDetails: "/OCMT/CAD47,11/CHGS/EUR1,23" },
      ]);
    });

    it("uses the supplementary details as the description, unless :86: gives a booking text", () => {
      const s = parse([
        ...STATEMENT.slice(0, 4),
        ":61:240315D5,NTRFNONREF",
        "Card transaction",
        ":61:240315D5,NTRFNONREF",
        "Card transaction",
        ":86:106?00KARTENZAHLUNG",
        ":62F:C240315EUR2177,95",
      ]).statements[0];
      expect(s?.entries.map((e) => [e.description, e.bankData])).toEqual([
        ["Card transaction", undefined],
        ["KARTENZAHLUNG", { supplementaryDetails: "Card transaction" }],
      ]);
    });
  });

  describe("bad input", () => {
    it("skips an unreadable :61: with an error at its line, its :86: with it, and never reads an amount of zero", () => {
      const result = parse([
        ...STATEMENT.slice(0, 4),
        ":61:240315DXX,NTRF",
        ":86:belongs to the broken line",
        ":61:240315D1,NTRF",
        ":62F:C240315EUR2186,95",
      ]);
      expect(result.issues).toMatchObject([{ severity: "error", code: "MT940_AMOUNT_INVALID", line: 5 }]);
      expect(amounts(result.statements)).toEqual(["-1.00"]);
      expect(result.statements[0]?.additionalInfo).toBeUndefined();
    });

    it("keeps an amount with more decimals than its currency exactly, with a warning; zeros past them are no finding (gap list)", async () => {
      const result = await parseBothWays([
        ":20:X",
        ":25:DE89370400440532013000",
        ":28C:1",
        ":60F:C231204EUR1000,00",
        ":61:2312051205C1234,567NTRFNONREF",
        ":61:2312051205C1,500NTRFNONREF",
        ":62F:C231205EUR2236,067",
        "-",
        ":20:Y",
        ":25:DE89370400440532013000",
        ":28C:2",
        ":60F:C231204JPY1000",
        ":61:2312051205D100,5NTRFNONREF",
        ":62F:C231205JPY899,5",
        ":90D:1JPY100,5",
      ]);
      expect(amounts(result.statements)).toEqual(["1234.567", "1.500", "-100.5"]);
      const found = result.issues.filter((i) => i.code === "MT940_AMOUNT_DECIMALS");
      // One warning per statement, at its first such amount, with how many it has.
      expect(found.map((i) => [i.severity, i.line, i.details])).toEqual([
        ["warning", 5, { count: 2, firstLine: 5, amount: "1234.567", currency: "EUR", decimals: 3, currencyDecimals: 2 }],
        ["warning", 13, { count: 3, firstLine: 13, amount: "-100.5", currency: "JPY", decimals: 1, currencyDecimals: 0 }],
      ]);
      expect(found.map((i) => i.message)).toEqual([
        "amount 1234.567 has 3 decimals where EUR has 2: kept exactly, not rounded (2 amounts of the statement have more decimals than their currency; first at line 5)",
        "amount -100.5 has 1 decimals where JPY has 0: kept exactly, not rounded (3 amounts of the statement have more decimals than their currency; first at line 13)",
      ]);
      expect(result.issues.filter((i) => i.code !== "MT940_AMOUNT_DECIMALS")).toEqual([]);
    });

    it("warns about two decimals that are not zeros in a currency without cents (JPY100,50, KRW), as about one (review)", () => {
      const result = parse([
        ":20:X",
        ":25:DE89370400440532013000",
        ":28C:1",
        ":60F:C231204JPY1000,00",
        ":61:2312051205D100,50NTRFNONREF",
        ":61:2312051205D100,00NTRFNONREF",
        ":62F:C231205JPY799,50",
        "-",
        ":20:Y",
        ":25:DE89370400440532013000",
        ":28C:2",
        ":60F:C231204KRW1000,",
        ":61:2312051205C25,25NTRFNONREF",
        ":62F:C231205KRW1025,25",
      ]);
      expect(
        result.issues.filter((i) => i.code === "MT940_AMOUNT_DECIMALS").map((i) => [i.line, i.details?.amount, i.details?.count]),
      ).toEqual([
        [5, "-100.50", 2],
        [13, "25.25", 2],
      ]);
    });

    it("gives one MT940_AMOUNT_DECIMALS per statement however many amounts have too many decimals, whole and streamed", async () => {
      const entries = Array.from({ length: 5_000 }, () => ":61:2312051205D1,005NTRFNONREF");
      const lines = [":20:X", ":25:DE89370400440532013000", ":28C:1", ":60F:C231204EUR10000,00", ...entries, ":62F:C231205EUR4975,00"];
      const result = await parseBothWays(lines);
      expect(result.statements[0]?.entries).toHaveLength(5_000);
      expect(result.issues.map((i) => [i.code, i.line, i.details?.count, i.details?.firstLine])).toEqual([
        ["MT940_AMOUNT_DECIMALS", 5, 5_000, 5],
      ]);
    });

    it("does not warn about decimals in a unit ISO gives no minor unit (XXX, XAU), whose amounts keep their scale (final review)", () => {
      // XXX is what a QIF file's amounts are in (no currency): `parse --to mt940` of a QIF file wrote XXX4,5, which
      // read back with a warning on every amount with cents; gold is booked in fractions of an ounce.
      const result = parse([
        ":20:X",
        ":25:DE89370400440532013000",
        ":28C:1",
        ":60F:C231204XXX1000,",
        ":61:2312051205D4,5NMSCNONREF",
        ":61:2312051205D12,80NMSCNONREF",
        ":62F:C231205XXX982,70",
        "-",
        ":20:Y",
        ":25:DE89370400440532013000",
        ":28C:2",
        ":60F:C231204XAU10,",
        ":61:2312051205D1,125NMSCNONREF",
        ":62F:C231205XAU8,875",
      ]);
      expect(amounts(result.statements)).toEqual(["-4.5", "-12.80", "-1.125"]);
      expect(result.issues).toEqual([]);
    });

    it("reports D- amounts and 30 February with warnings", () => {
      const result = parse([
        ...STATEMENT.slice(0, 4),
        ":61:1908150815D-104,12NMSCNONREF",
        ":61:1602300301DR6,00N024NONREF",
        ":62F:C240315EUR2286,07",
      ]);
      expect(result.issues.map((i) => [i.code, i.severity, i.line])).toEqual([
        ["MT940_NEGATIVE_AMOUNT", "warning", 5],
        ["MT940_DATE_ADJUSTED", "warning", 6],
      ]);
    });

    it("skips a statement without :25: and one in an unknown currency, each with one error", () => {
      const result = parse([
        ":20:A",
        ":28C:1",
        ":60F:C240314EUR1,",
        ":61:240315C1,NTRF",
        ":62F:C240315EUR2,",
        "-",
        ":20:B",
        ":25:X",
        ":60F:C131016XYZ84349,74",
        ":61:240315C1,NTRF",
        ":62F:C131017XYZ84350,74",
        "-",
        ...STATEMENT,
      ]);
      expect(result.issues.map((i) => [i.code, i.line])).toEqual([
        ["MT940_ACCOUNT_MISSING", 1],
        ["MT940_CURRENCY_UNKNOWN", 9],
      ]);
      expect(result.statements.map((s) => s.id)).toEqual(["STARTUMS"]);
    });

    it("ignores a second :25: in a statement with an error, and an unknown field with a warning (sepa_snippet_broken.sta, cmxl :NSF:)", () => {
      const result = parse([
        ...STATEMENT.slice(0, 3),
        ":NSF:HelloWorld",
        ...STATEMENT.slice(3, 5),
        ":25:166?00GUTSCHRIFT",
        ...STATEMENT.slice(6),
      ]);
      expect(result.issues.map((i) => [i.code, i.severity])).toEqual([
        ["MT940_FIELD_UNKNOWN", "warning"],
        ["MT940_FIELD_UNEXPECTED", "error"],
      ]);
      expect(result.statements[0]?.account.id).toBe("1234567");
    });

    it("refuses a document with fields but no statement (MT940_NO_STATEMENT) and one without fields (MT940_UNRECOGNISED)", () => {
      expect(parse(":61:1409010902DR1,62NTRF").rejected?.code).toBe("MT940_NO_STATEMENT");
      expect(parse("1\n2\n3\n").rejected?.code).toBe("MT940_UNRECOGNISED");
      expect(parse("").rejected?.code).toBe("MT940_UNRECOGNISED");
    });

    it("cuts an endless line or field with MT940_LINE_TOO_LONG instead of growing without bound", () => {
      const result = parse([...STATEMENT.slice(0, 4), `:86:${"x".repeat(70_000)}`, ...STATEMENT.slice(4)]);
      expect(result.issues.map((i) => i.code)).toContain("MT940_LINE_TOO_LONG");
      expect(result.statements).toHaveLength(1);
      const field = parse([
        ...STATEMENT.slice(0, 5),
        ":86:start",
        ...Array.from({ length: 2000 }, () => "y".repeat(60)),
        ...STATEMENT.slice(6),
      ]);
      expect(field.issues.map((i) => i.code)).toContain("MT940_LINE_TOO_LONG");
    });
  });
});

/**
 * The public camt samples (`../shared/corpus`): every file reads (or is refused as upstream means it to be),
 * agrees with genkgo/camt's expected output where it ships one, states the integrity findings its figures call
 * for, and survives camt.053.001.08 (and camt.052.001.08, camt.054.001.08) and back.
 */
import { describe, expect, it } from "vitest";
import { type Balance, type Money, type Statement, toMinorUnits } from "../../core/index.js";
import { createFormatRegistry } from "../registry.js";
import { camtFormats } from "./camt-format.js";
import { camt052Writer } from "./camt052-writer.js";
import { camt053Writer } from "./camt053-writer.js";
import { camt054Writer } from "./camt054-writer.js";
import { corpusCamtSamples, HAVE_CORPUS, SKIPPED, XSD_052_08, XSD_053_08, XSD_054_08 } from "./test-support/camt-corpus.js";
import { withoutSources } from "./test-support/camt-documents.js";
import { type GenkgoMoney, readGenkgo } from "./test-support/genkgo-expected.js";
import { HAVE_XMLLINT, NO_XMLLINT, REQUIRE_TOOLS, validateAll } from "./test-support/xmllint.js";

const registry = createFormatRegistry(camtFormats);
const samples = corpusCamtSamples();
const readable = samples.filter((s) => !s.name.endsWith("camt053.v2.wrong.xml"));
const INTEGRITY = new Set([
  "BALANCE_MISMATCH",
  "BALANCE_CURRENCY_MISMATCH",
  "SUMMARY_MISMATCH",
  "SEQUENCE_GAP",
  "SEQUENCE_REPEATED",
  "CONTINUITY_MISMATCH",
]);

/**
 * The integrity findings each corpus file calls for, and why. Files not listed have none: their balances close
 * or they state no opening and closing balance (most camt.052/054 samples).
 */
const EXPECTED_FINDINGS: Readonly<Record<string, { codes: string[]; why: string }>> = {
  "camt053.v2.all-balance-types.xml": {
    codes: ["BALANCE_MISMATCH"],
    why: "a sample of every balance type with made-up amounts: OPBD 1.01 + the entry 8.85 is not CLBD 4.04",
  },
  "camt053.v2.five.decimals.xml": { codes: ["BALANCE_MISMATCH"], why: "OPBD 18.150 + 8.850 = 27.000, but CLBD says 27.050" },
  "camt053.v2.minimal.xml": { codes: ["BALANCE_CURRENCY_MISMATCH"], why: "genkgo's minimal sample gives OPBD in EUR and CLBD in SEK" },
  "camt053.v2.minimal.ultimate.xml": { codes: ["BALANCE_CURRENCY_MISMATCH"], why: "the minimal sample's balances: OPBD EUR, CLBD SEK" },
  "camt053.v2.with-party-ids.xml": { codes: ["BALANCE_CURRENCY_MISMATCH"], why: "the minimal sample's balances: OPBD EUR, CLBD SEK" },
  "camt053.v3.xml": { codes: ["BALANCE_CURRENCY_MISMATCH"], why: "the minimal sample's balances in 001.03: OPBD EUR, CLBD SEK" },
  "camt053.v4.xml": { codes: ["BALANCE_CURRENCY_MISMATCH"], why: "the minimal sample's balances in 001.04: OPBD EUR, CLBD SEK" },
  "camt053.v8.xml": { codes: ["BALANCE_CURRENCY_MISMATCH"], why: "the minimal sample's balances in 001.08: OPBD EUR, CLBD SEK" },
};

const fileName = (name: string) => name.split(" ").pop() ?? name;

describe("the camt corpus", () => {
  it.skipIf(!HAVE_CORPUS)(`reads every camt file of the corpus without a parse issue${SKIPPED}`, () => {
    expect(readable.length).toBeGreaterThanOrEqual(26);
    for (const s of readable) {
      const parsed = registry.parse(s.bytes);
      expect(parsed.rejected, s.name).toBeUndefined();
      expect(parsed.statements.length, s.name).toBeGreaterThan(0);
      expect(
        parsed.issues.filter((i) => !INTEGRITY.has(i.code)),
        s.name,
      ).toEqual([]);
    }
  });

  it.skipIf(!HAVE_CORPUS)(`refuses genkgo's camt053.v2.wrong.xml (a group header without statement) cleanly${SKIPPED}`, () => {
    const wrong = samples.find((s) => s.name.endsWith("camt053.v2.wrong.xml"));
    const parsed = registry.parse(wrong!.bytes);
    expect(parsed.statements).toEqual([]);
    expect(parsed.rejected).toMatchObject({ severity: "error", code: "CAMT_NO_STATEMENT" });
  });

  it.skipIf(!HAVE_CORPUS)(`states exactly the integrity findings each file's figures call for${SKIPPED}`, () => {
    for (const s of readable) {
      const found = registry.parse(s.bytes).issues.filter((i) => INTEGRITY.has(i.code));
      expect(
        found.map((i) => i.code),
        `${s.name}: ${EXPECTED_FINDINGS[fileName(s.name)]?.why ?? "balances close"}`,
      ).toEqual(EXPECTED_FINDINGS[fileName(s.name)]?.codes ?? []);
    }
  });
});

/** Minor units as genkgo counts them (amounts with more decimals than the currency would not be exact). */
function minor(m: Money | undefined): GenkgoMoney | null {
  if (m === undefined) return null;
  const units = toMinorUnits(m);
  return { minor: String(units), currency: m.currency };
}

/** An instant for comparing with genkgo, which converts every date-time to UTC (and reads a bare one as UTC). */
function instant(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.replace(/(\.\d{3})\d+/, "$1");
  return Date.parse(/[Zz]|[+-]\d\d:?\d\d$/.test(trimmed.slice(19)) ? trimmed : `${trimmed}Z`);
}

/** A day or moment of ours as genkgo writes it. */
function sameMoment(date: string | undefined, dateTime: string | undefined, genkgo: string | null): boolean {
  if (genkgo === null) return date === undefined;
  if (dateTime !== undefined) return instant(dateTime) === Date.parse(genkgo);
  return genkgo === `${date}T00:00:00+00:00`;
}

/** genkgo's balance type names, and the model types each may be (genkgo calls PRCD an opening balance too). */
const GENKGO_BALANCES: Readonly<Record<string, readonly Balance["type"][]>> = {
  opening: ["openingBooked", "previouslyClosedBooked"],
  closing: ["closingBooked"],
  opening_available: ["openingAvailable"],
  closing_available: ["closingAvailable"],
  forward_available: ["forwardAvailable"],
  interim: ["interimBooked"],
  interim_available: ["interimAvailable"],
  information: ["information"],
  expected_credit: ["expected"],
};

function allBalances(s: Statement): Balance[] {
  return [
    ...(s.openingBalance === undefined ? [] : [s.openingBalance]),
    ...(s.closingBalance === undefined ? [] : [s.closingBalance]),
    ...s.balances,
  ];
}

describe("agreement with genkgo/camt's expected output", () => {
  const withJson = samples.filter((s) => s.expected !== undefined);

  it.skipIf(!HAVE_CORPUS)(`has an expected .json for 25 files${SKIPPED}`, () => {
    expect(withJson).toHaveLength(25);
  });

  for (const s of withJson) {
    it.skipIf(!HAVE_CORPUS)(`agrees on ${fileName(s.name)}: entries, amounts, dates, references, statements and balances`, () => {
      const g = readGenkgo(s.expected);
      const ours = registry.parse(s.bytes).statements;
      // Every dump names at least one statement, and all but the entry-less one at least one entry.
      expect(g.records.length).toBeGreaterThan(0);
      if (!s.name.endsWith("only-Dt-with-DtTm.xml")) expect(g.entries.length).toBeGreaterThan(0);
      // genkgo's dump lists only the last statement's entries of a multi-statement file (its entries are keyed by
      // index): we compare what it lists, matched by statement id and index.
      for (const ge of g.entries) {
        const statement = ours.find((st) => st.id === ge.statementId);
        const e = statement?.entries[ge.index];
        expect(e, `${ge.statementId}#${ge.index}`).toBeDefined();
        if (e === undefined) continue;
        expect(minor(e.amount)).toEqual(ge.amount);
        expect(e.status).toBe({ BOOK: "booked", PDNG: "pending", INFO: "information" }[ge.status ?? ""] ?? "booked");
        expect(e.reversal).toBe(ge.reversal);
        expect(sameMoment(e.bookingDate, e.bookingDateTime, ge.bookingDate), `booking ${ge.bookingDate}`).toBe(true);
        expect(sameMoment(e.valueDate, e.valueDateTime, ge.valueDate), `value ${ge.valueDate}`).toBe(true);
        expect(e.references?.accountServicerReference ?? null).toBe(ge.accountServicerReference);
        // Deliberate: genkgo reads no batch from 001.01, where Btch sits directly in Ntry; we read it (count 20).
        if (!s.name.endsWith("camt052.v1.xml")) expect(e.batch?.paymentInformationId ?? null).toBe(ge.batchPaymentId);
        const refs = (e.details[0] ?? e).references;
        expect({
          endToEndId: refs?.endToEndId ?? null,
          mandateId: refs?.mandateId ?? null,
          instructionId: refs?.instructionId ?? null,
          uetr: refs?.uetr ?? null,
        }).toEqual(ge.references);
        // Details: ours keep their own amounts (signed like the entry, as genkgo does); one transaction whose
        // amount is the entry's (or absent) is on the entry itself, where genkgo keeps a detail.
        if (e.details.length > 0) expect(e.details.map((d) => minor(d.amount))).toEqual(ge.details);
        else
          expect(ge.details.every((d) => d === null || (d.minor === minor(e.amount)?.minor && d.currency === e.amount.currency))).toBe(
            true,
          );
      }
      for (const record of g.records) {
        const st = ours.find((x) => x.id === record.id);
        expect(st, record.id).toBeDefined();
        if (st === undefined) continue;
        expect(st.account.id).toBe(record.accountId);
        expect(st.sequence?.electronic ?? null).toBe(record.electronicSequence);
        expect(st.sequence?.legal ?? null).toBe(record.legalSequence);
        expect(instant(st.createdAt)).toBe(record.createdOn === null ? undefined : Date.parse(record.createdOn));
        expect(instant(st.period?.fromDateTime)).toBe(record.fromDate === null ? undefined : Date.parse(record.fromDate));
        expect(instant(st.period?.toDateTime)).toBe(record.toDate === null ? undefined : Date.parse(record.toDate));
        const left = allBalances(st);
        for (const gb of record.balances) {
          const i = left.findIndex(
            (b) =>
              (GENKGO_BALANCES[gb.type] ?? []).includes(b.type) &&
              JSON.stringify(minor(b.amount)) === JSON.stringify(gb.amount) &&
              gb.date.startsWith(b.date),
          );
          expect(i, `${record.id}: ${gb.type} ${gb.amount.minor} ${gb.amount.currency} ${gb.date}`).toBeGreaterThanOrEqual(0);
          left.splice(i, 1);
        }
        expect(left, `${record.id}: balances genkgo does not have`).toEqual([]);
      }
    });
  }
});

/** What camt.053.001.08 carries of a statement: all of it but its kind (a camt.052 report, a camt.054 notification). */
function carried(s: Statement): Statement {
  return { ...withoutSources(s), kind: "statement" };
}

describe("round trip through camt.053.001.08", () => {
  // A camt.052 report and a camt.054 notification have nothing camt.053.001.08 lacks but their kind: account,
  // balances (ITBD, ITAV…), entries with every fact, pagination (RptPgntn/NtfctnPgntn as StmtPgntn) and
  // additional information (AddtlRptInf/AddtlNtfctnInf as AddtlStmtInf) all have a camt.053 element.
  it.skipIf(!HAVE_CORPUS)(`reads every corpus file back as the same statements after writing it as camt.053.001.08${SKIPPED}`, () => {
    for (const s of readable) {
      const first = registry.parse(s.bytes).statements;
      const written = camt053Writer.write(first);
      expect(
        written.issues.filter((i) => !i.message.includes("written as a statement")),
        s.name,
      ).toEqual([]);
      const again = registry.parse(new TextEncoder().encode(written.content), { format: "camt.053" });
      expect(again.rejected, s.name).toBeUndefined();
      expect(again.statements.map(carried), s.name).toEqual(first.map(carried));
    }
  });

  it.skipIf(!HAVE_CORPUS || (!HAVE_XMLLINT && !REQUIRE_TOOLS))(
    `writes every corpus file as camt.053.001.08 that xmllint validates against the ISO schema${SKIPPED}${NO_XMLLINT}`,
    () => {
      const documents = readable.map((s) => camt053Writer.write(registry.parse(s.bytes).statements).content);
      const result = validateAll(documents, XSD_053_08);
      expect(result.output).not.toContain("fails to validate");
      expect(result.valid).toBe(true);
    },
  );
});

/** The other two writers: camt.052 carries all camt.053 does; camt.054 all but the balances. */
const OTHER_WRITERS = [
  { writer: camt052Writer, xsd: XSD_052_08, kind: "report" as const, balances: true },
  { writer: camt054Writer, xsd: XSD_054_08, kind: "notification" as const, balances: false },
];

for (const { writer, xsd, kind, balances } of OTHER_WRITERS) {
  const keep = (s: Statement): Statement => {
    const c = { ...withoutSources(s), kind };
    return balances ? c : { ...c, openingBalance: undefined, closingBalance: undefined, balances: [] };
  };
  describe(`round trip through ${writer.id}.001.08`, () => {
    it.skipIf(!HAVE_CORPUS)(`reads every corpus file back as the same statements after writing it as ${writer.id}${SKIPPED}`, () => {
      for (const s of readable) {
        const first = registry.parse(s.bytes).statements;
        const written = writer.write(first);
        expect(
          written.issues.filter((i) => !i.message.includes(`written as a ${kind}`) && !i.message.includes("has no balances")),
          s.name,
        ).toEqual([]);
        const again = registry.parse(new TextEncoder().encode(written.content), { format: writer.id });
        expect(again.rejected, s.name).toBeUndefined();
        expect(again.statements.map(keep), s.name).toEqual(first.map(keep));
      }
    });

    it.skipIf(!HAVE_CORPUS || (!HAVE_XMLLINT && !REQUIRE_TOOLS))(
      `writes every corpus file as ${writer.id} that xmllint validates against the ISO schema${SKIPPED}${NO_XMLLINT}`,
      () => {
        const documents = readable.map((s) => writer.write(registry.parse(s.bytes).statements).content);
        const result = validateAll(documents, xsd);
        expect(result.output).not.toContain("fails to validate");
        expect(result.valid).toBe(true);
      },
    );
  });
}

/**
 * What our MT940 writer produces must be read by other MT940 readers to the same entries: the npm
 * `@centrapay/swift-parser` and Debian's `aqbanking-cli` (importer `swift`, profile `SWIFT-MT940`). Each peer's
 * tests skip, saying what to install, where it is absent.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CurrencyCode, type Entry, formatMoney, type IsoDate, moneyFromMinor, type Statement } from "../../core/index.js";
import { generateStatements } from "../../testing/statements.js";
import { createOutputEncoder } from "../output-encoding.js";
import { createFormatRegistry } from "../registry.js";
import { mt940Formats } from "./mt940-format.js";
import { CORPUS_MISSING, mt940CorpusFiles } from "./test-support/corpus.js";
import { mt940StatementArb } from "./test-support/mt940-arbitrary.js";
import { writeMt940 } from "./write-mt940.js";

/** The part of @centrapay/swift-parser's API used here (it ships no types). */
interface SwiftParser {
  parse(options: { type: "mt940"; data: string; validate?: boolean }): readonly PeerStatement[];
}
interface PeerStatement {
  readonly openingBalance: { toString(): string };
  readonly closingBalance: { toString(): string };
  readonly transactions: readonly {
    readonly amount: { toString(): string };
    readonly date: Date;
    readonly entryDate?: Date;
    readonly bankReference: string;
  }[];
}

function isSwiftParser(value: unknown): value is SwiftParser {
  return typeof value === "object" && value !== null && typeof (value as { parse?: unknown }).parse === "function";
}

async function loadCentrapay(): Promise<SwiftParser | string> {
  const specifier = "@centrapay/swift-parser";
  try {
    const mod: unknown = await import(specifier);
    const api = isSwiftParser(mod) ? mod : (mod as { default?: unknown }).default;
    return isSwiftParser(api) ? api : `${specifier} has no parse()`;
  } catch (e) {
    return `${specifier} is not installed (npm i -D @centrapay/swift-parser in the bench or root package): ${(e as Error).message.split("\n")[0]}`;
  }
}

const centrapay = await loadCentrapay();
const aqbanking = spawnSync("sh", ["-c", "command -v aqbanking-cli"], { encoding: "utf8" }).status === 0;
const AQBANKING_MISSING = "aqbanking-cli is not installed (apt-get install aqbanking-tools): aqbanking read-back skipped";

/** The zero a statement without a balance is compared with. */
const zero = moneyFromMinor(0n, "EUR" as CurrencyCode);

/** A plain decimal with its trailing zeros dropped, so `12500.00`, `12500` and `12500.0` compare equal. */
function decimal(text: string): string {
  const [whole = "", fraction = ""] = text.split(".");
  const f = fraction.replace(/0+$/, "");
  const w = whole.replace(/^(-?)0+(?=\d)/, "$1");
  return f === "" ? (w === "-0" ? "0" : w) : `${w}.${f}`;
}

/**
 * Our facts as @centrapay/swift-parser reads them, with its two known date errors applied: a two-digit year is
 * always 20YY (1999 becomes 2099), and the entry date takes the value date's year with no rollover, so
 * 31 December + `0102` gives 2 January of the same year (the bug it inherited from mt940js, mt940js #89).
 */
function asCentrapayReadsIt(fact: string): string {
  const [amount, value = "", booking = "", reference = ""] = fact.split(" ");
  const year = `20${value.slice(2, 4)}`;
  return `${amount} ${year}${value.slice(4)} ${year}${booking.slice(4)} ${reference}`;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * What every reader must agree on for each booked entry: amount with sign, value date, booking date, and the bank
 * reference (the servicer's reference when there is no other, cut to SWIFT's 16 characters).
 */
function ourFacts(statements: readonly Statement[]): string[] {
  return statements.flatMap((s) =>
    s.entries
      .filter((e) => e.status === "booked")
      .map((e: Entry) => {
        const bankRef = (e.references?.bankReference ?? e.references?.accountServicerReference)?.slice(0, 16) ?? "";
        return `${decimal(formatMoney(e.amount))} ${e.valueDate} ${e.bookingDate} ${bankRef}`;
      }),
  );
}

/** Statements to write: a German one with DK codes, camt-style generated ones, and MT940-shaped random ones. */
function samples(): { name: string; statements: Statement[] }[] {
  const out = [
    { name: "camt-style generated statements", statements: [...generateStatements({ seed: 11, statements: 3, entriesPerStatement: 30 })] },
    { name: "MT940-shaped random statements", statements: fc.sample(mt940StatementArb({ maxEntries: 8 }), { numRuns: 12, seed: 42 }) },
  ];
  if (CORPUS_MISSING === undefined) {
    const registry = createFormatRegistry(mt940Formats);
    const statements = mt940CorpusFiles()
      .map((f) => registry.parse(f.bytes))
      .filter((p) => p.format === "mt940")
      .flatMap((p) => p.statements)
      .filter((s) => s.openingBalance !== undefined && s.closingBalance !== undefined);
    out.push({ name: "every corpus statement with both balances", statements });
  }
  return out;
}

describe("peers read our MT940 back", () => {
  describe.skipIf(typeof centrapay === "string")("@centrapay/swift-parser", () => {
    if (typeof centrapay === "string") it.skip(centrapay, () => {});
    for (const { name, statements } of samples()) {
      it(`reads ${name} with the same entries and balances`, () => {
        if (typeof centrapay === "string") return;
        const { content } = writeMt940(statements);
        const peer = centrapay.parse({ type: "mt940", data: content });
        expect(peer).toHaveLength(statements.length);
        const facts = peer.flatMap((s) =>
          s.transactions.map(
            (t) => `${decimal(t.amount.toString())} ${isoDay(t.date)} ${isoDay(t.entryDate ?? t.date)} ${t.bankReference}`,
          ),
        );
        expect(facts).toEqual(ourFacts(statements).map(asCentrapayReadsIt));
        // Its balances come from our :60F:/:62F: (derived ones where a statement had none).
        const written = createFormatRegistry(mt940Formats).parse(new TextEncoder().encode(content)).statements;
        expect(peer.map((s) => [decimal(s.openingBalance.toString()), decimal(s.closingBalance.toString())])).toEqual(
          written.map((s) => [
            decimal(formatMoney(s.openingBalance?.amount ?? zero)),
            decimal(formatMoney(s.closingBalance?.amount ?? zero)),
          ]),
        );
      });
    }
  });

  describe.skipIf(!aqbanking)("aqbanking-cli (importer swift, profile SWIFT-MT940)", () => {
    if (!aqbanking) it.skip(AQBANKING_MISSING, () => {});
    for (const { name, statements } of samples()) {
      it(`reads ${name} with the same entries`, () => {
        const home = mkdtempSync(join(tmpdir(), "bankbridge-aqb-"));
        try {
          const file = join(home, "out.sta");
          const context = join(home, "out.ctx");
          writeFileSync(file, writeMt940(statements).content);
          // aqbanking keeps settings under $HOME: a fresh one per run touches nothing of the user's.
          const env = { ...process.env, HOME: home };
          const imported = spawnSync("aqbanking-cli", ["import", "--importer=swift", "--profile=SWIFT-MT940", "-f", file, "-c", context], {
            env,
            encoding: "utf8",
          });
          expect(imported.status, imported.stderr).toBe(0);
          const listed = spawnSync(
            "aqbanking-cli",
            ["listtrans", "-c", context, "--template=$(valueAsString)|$(valutaDateAsString)|$(dateAsString)|$(bankReference)"],
            {
              env,
              encoding: "utf8",
            },
          );
          expect(listed.status, listed.stderr).toBe(0);
          const german = (d: string) => `${d.slice(6, 10)}-${d.slice(3, 5)}-${d.slice(0, 2)}`;
          const facts = listed.stdout
            .split("\n")
            .filter((l) => l.includes("|"))
            .map((l) => {
              const [value = "", valuta = "", date = "", bankRef = ""] = l.split("|");
              return `${decimal(value)} ${german(valuta)} ${german(date)} ${bankRef}`;
            });
          // aqbanking lists transactions grouped by account, not in file order: compare them as sets.
          expect(facts.sort()).toEqual(ourFacts(statements).sort());
        } finally {
          rmSync(home, { recursive: true, force: true });
        }
      });
    }

    /** A statement of a German account with one booked EUR entry of `amount` cents on 2024-03-15, with `entry`'s facts. */
    const oneEntry = (amount: bigint, entry: Pick<Entry, "references" | "counterparty" | "remittance">): Statement => {
      const eur = "EUR" as CurrencyCode;
      return {
        id: "S1",
        kind: "statement",
        account: { id: "0194774600", scheme: "bban", currency: eur, bank: { clearingCode: "50880050" } },
        openingBalance: { type: "openingBooked", amount: moneyFromMinor(10_000n, eur), date: "2024-03-15" as IsoDate },
        closingBalance: { type: "closingBooked", amount: moneyFromMinor(10_000n + amount, eur), date: "2024-03-15" as IsoDate },
        balances: [],
        entries: [
          {
            amount: moneyFromMinor(amount, eur),
            status: "booked",
            reversal: false,
            valueDate: "2024-03-15" as IsoDate,
            ...entry,
            details: [],
          },
        ],
      };
    };

    /** What aqbanking lists, by `template`, for the MT940 file `bytes` (imported in a fresh $HOME each time). */
    const aqbankingList = (bytes: Uint8Array | string, template: string): string => {
      const home = mkdtempSync(join(tmpdir(), "bankbridge-aqb-"));
      try {
        const file = join(home, "out.sta");
        const context = join(home, "out.ctx");
        writeFileSync(file, bytes);
        const env = { ...process.env, HOME: home };
        const args = ["import", "--importer=swift", "--profile=SWIFT-MT940", "-f", file, "-c", context];
        expect(spawnSync("aqbanking-cli", args, { env, encoding: "utf8" }).status).toBe(0);
        return spawnSync("aqbanking-cli", ["listtrans", "-c", context, `--template=${template}`], { env, encoding: "utf8" }).stdout.trim();
      } finally {
        rmSync(home, { recursive: true, force: true });
      }
    };

    it("reads the counterparty, end-to-end id and remittance of an entry that has no German transaction code", () => {
      const statement = oneEntry(500n, {
        references: { endToEndId: "E2E-XYZ" },
        counterparty: { name: "Jan Jansen", account: "NL91ABNA0417164300", accountScheme: "iban" },
        remittance: { unstructured: ["Invoice 7"] },
      });
      expect(aqbankingList(writeMt940([statement]).content, "$(remoteName)|$(remoteIban)|$(endToEndReference)|$(purpose)")).toBe(
        "Jan Jansen|NL91ABNA0417164300|E2E-XYZ|Invoice 7",
      );
    });

    it("reads German names and text right in the ISO-8859-1 file --out-encoding writes, as in the UTF-8 one", () => {
      const statement = oneEntry(-500n, {
        counterparty: { name: "Jürgen Müller Großhandel", account: "DE02370400440532013000", accountScheme: "iban" },
        remittance: { unstructured: ["Miete Büro Straße 5"] },
      });
      const text = writeMt940([statement]).content;
      const latin1 = createOutputEncoder("iso-8859-1")?.encode(text);
      expect(latin1).toBeDefined();
      expect(aqbankingList(latin1 ?? new Uint8Array(), "$(remoteName)|$(purpose)")).toBe("Jürgen Müller Großhandel|Miete Büro Straße 5");
      // aqbanking reads the UTF-8 file the writer makes by default just as well.
      expect(aqbankingList(text, "$(remoteName)|$(purpose)")).toBe("Jürgen Müller Großhandel|Miete Büro Straße 5");
    });
  });
});

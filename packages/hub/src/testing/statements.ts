/**
 * Deterministic, realistic canonical statements for tests and benchmarks: the same seed gives the same
 * statements on every machine. Not random data: the mix follows what business accounts see (receipts
 * quoting invoices, supplier payments, card spend, fees, direct debits, batch payroll, statements without
 * bank ids).
 *
 * @module
 */

import type { CurrencyCode } from "../core/currency.js";
import { addDays, type IsoDate } from "../core/dates.js";
import type { Bic } from "../core/ids.js";
import { addMoney, type Money, moneyFromMinor, sumMoney } from "../core/money.js";
import type { Account, Entry, Statement, TransactionDetail } from "../core/statement.js";

/** A small fast seeded PRNG (mulberry32): deterministic across platforms. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options of {@link generateStatements}. */
export interface GenerateOptions {
  readonly seed?: number;
  /** Number of statements (one per day). @default 1 */
  readonly statements?: number;
  /** Entries per statement. @default 100 */
  readonly entriesPerStatement?: number;
  /** @default a German EUR IBAN account */
  readonly account?: Account;
  /** First statement date. @default 2024-01-02 */
  readonly startDate?: IsoDate;
  /** Share of entries that carry the bank's own id (AcctSvcrRef). @default 0.8 */
  readonly withBankIdShare?: number;
  /** Number to start bank ids at, so separate generators do not collide. @default 1 */
  readonly firstId?: number;
}

const EUR_ACCOUNT: Account = {
  id: "DE89370400440532013000",
  scheme: "iban",
  currency: "EUR" as CurrencyCode,
  bank: { bic: "COBADEFFXXX" as Bic, name: "Commerzbank" },
  holderName: "Muster Handels GmbH",
};

const CUSTOMERS = [
  "Acme Industrie AG",
  "北京华信科技有限公司",
  "Nordlicht Logistik GmbH",
  "Société Générale de Pièces",
  "Shenzhen Bright Trading Co., Ltd.",
  "Van Dijk B.V.",
];
const SUPPLIERS = [
  "Stadtwerke München",
  "Deutsche Telekom AG",
  "Amazon Web Services EMEA",
  "上海申通物流有限公司",
  "Bürobedarf Schmidt KG",
];
const IBANS = [
  "DE44500105175407324931",
  "FR1420041010050500013M02606",
  "NL91ABNA0417164300",
  "GB29NWBK60161331926819",
  "DE02120300000000202051",
];

/**
 * Statements for one account, consecutive days, balances that close (opening + entries = closing).
 * Generated lazily, one statement at a time, so a million entries never sit in memory at once.
 */
export function* generateStatements(options: GenerateOptions = {}): Generator<Statement> {
  const rnd = seededRandom(options.seed ?? 1);
  const account = options.account ?? EUR_ACCOUNT;
  const currency = account.currency ?? ("EUR" as CurrencyCode);
  const perStatement = options.entriesPerStatement ?? 100;
  const withId = options.withBankIdShare ?? 0.8;
  let date = options.startDate ?? ("2024-01-02" as IsoDate);
  let balance: Money = moneyFromMinor(1_000_000_00n, currency);
  let id = options.firstId ?? 1;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const cents = (max: number) => BigInt(1 + Math.floor(rnd() * max));
  for (let s = 0; s < (options.statements ?? 1); s++) {
    const entries: Entry[] = [];
    for (let i = 0; i < perStatement; i++) {
      const n = id++;
      const kind = rnd();
      const ref = rnd() < withId ? { accountServicerReference: `ASR${String(n).padStart(10, "0")}` } : {};
      let entry: Entry;
      if (kind < 0.35) {
        const inv = `INV-2024-${String(Math.floor(rnd() * 9999)).padStart(4, "0")}`;
        entry = {
          amount: moneyFromMinor(cents(5_000_000), currency),
          status: "booked",
          reversal: false,
          bookingDate: date,
          valueDate: date,
          references: { ...ref, endToEndId: `E2E${n}` },
          counterparty: { name: pick(CUSTOMERS), account: pick(IBANS), accountScheme: "iban", bankId: "DEUTDEFFXXX" },
          remittance: { unstructured: [`Payment ${inv}`] },
          bankTransactionCode: { domain: "PMNT", family: "RCDT", subFamily: "ESCT", proprietary: { code: "NTRF+166" } },
          details: [],
        };
      } else if (kind < 0.6) {
        entry = {
          amount: moneyFromMinor(-cents(2_000_000), currency),
          status: "booked",
          reversal: false,
          bookingDate: date,
          valueDate: addDays(date, 1),
          references: { ...ref, endToEndId: `PAY${n}`, instructionId: `INSTR${n}` },
          counterparty: { name: pick(SUPPLIERS), account: pick(IBANS), accountScheme: "iban" },
          remittance: { unstructured: [`Rechnung ${Math.floor(rnd() * 99999)}`] },
          bankTransactionCode: { domain: "PMNT", family: "ICDT", subFamily: "ESCT" },
          details: [],
        };
      } else if (kind < 0.8) {
        entry = {
          amount: moneyFromMinor(-cents(20_000), currency),
          status: rnd() < 0.1 ? "pending" : "booked",
          reversal: false,
          bookingDate: date,
          valueDate: date,
          references: ref,
          counterparty: { name: pick(["REWE", "Lufthansa", "Shell", "Starbucks"]) },
          description: "Kartenzahlung",
          bankTransactionCode: { domain: "PMNT", family: "CCRD", subFamily: "POSD" },
          details: [],
        };
      } else if (kind < 0.9) {
        entry = {
          amount: moneyFromMinor(-cents(5_000), currency),
          status: "booked",
          reversal: false,
          bookingDate: date,
          valueDate: date,
          references: ref,
          description: "Kontoführungsgebühr",
          bankTransactionCode: { domain: "ACMT", family: "MDOP", subFamily: "CHRG" },
          details: [],
        };
      } else if (kind < 0.96) {
        entry = {
          amount: moneyFromMinor(-cents(300_000), currency),
          status: "booked",
          reversal: false,
          bookingDate: date,
          valueDate: date,
          references: { ...ref, mandateId: `MNDT${n % 50}`, endToEndId: `DD${n}` },
          counterparty: { name: pick(SUPPLIERS), account: pick(IBANS) },
          remittance: { unstructured: [`Lastschrift Vertrag ${n % 50}`] },
          bankTransactionCode: { domain: "PMNT", family: "IDDT", subFamily: "ESDD" },
          details: [],
        };
      } else {
        // Batch payroll: one booking, its salaries as details; the entry amount is their sum.
        const details: TransactionDetail[] = Array.from({ length: 2 + Math.floor(rnd() * 3) }, (_, k) => ({
          amount: moneyFromMinor(-cents(500_000), currency),
          references: { endToEndId: `SAL${n}-${k}` },
          counterparty: { name: `Mitarbeiter ${k + 1}`, account: pick(IBANS) },
          remittance: { unstructured: ["Gehalt"] },
        }));
        entry = {
          amount: sumMoney(
            details.map((d) => d.amount as Money),
            currency,
          ),
          status: "booked",
          reversal: false,
          bookingDate: date,
          valueDate: date,
          references: ref,
          batch: { count: details.length, paymentInformationId: `PAYROLL-${n}` },
          bankTransactionCode: { domain: "PMNT", family: "ICDT", subFamily: "BOOK" },
          description: "Sammelüberweisung Gehälter",
          details,
        };
      }
      entries.push(entry);
    }
    const opening = balance;
    for (const e of entries) if (e.status === "booked") balance = addMoney(balance, e.amount);
    yield {
      id: `STMT-${date}-${s + 1}`,
      kind: "statement",
      account,
      period: { from: date, to: date },
      sequence: { electronic: String(s + 1) },
      openingBalance: { type: "openingBooked", amount: opening, date },
      closingBalance: { type: "closingBooked", amount: balance, date },
      balances: [{ type: "closingAvailable", amount: balance, date }],
      entries,
    };
    date = addDays(date, 1);
  }
}

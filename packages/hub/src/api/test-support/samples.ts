/**
 * Canonical JSON statements for tests of the API, the import engine and the CLI: two accounts (a German IBAN
 * in EUR and a Chinese account in CNY), balances of several kinds, a batch entry and an amount with more
 * decimals than its currency.
 */
import type { Json } from "../../core/index.js";

/** The EUR account's IBAN. */
export const EUR_IBAN = "DE89370400440532013000";
/** The CNY account's number. */
export const CNY_ACCOUNT = "6222020200112233445";

/** A March statement of the EUR account: 3 entries (one a batch of 2). */
export function eurStatement(): Json {
  return {
    id: "STMT-2024-03-01",
    kind: "statement",
    account: {
      id: EUR_IBAN,
      scheme: "iban",
      currency: "EUR",
      bank: { bic: "COBADEFFXXX", name: "Commerzbank" },
      holderName: "Muster GmbH",
    },
    period: { from: "2024-03-01", to: "2024-03-01" },
    sequence: { legal: "12", electronic: "12" },
    openingBalance: { type: "openingBooked", amount: "1000.00", currency: "EUR", date: "2024-02-29" },
    closingBalance: { type: "closingBooked", amount: "1854.74999", currency: "EUR", date: "2024-03-01" },
    balances: [{ type: "closingAvailable", amount: "1854.74999", currency: "EUR", date: "2024-03-01" }],
    entries: [
      {
        amount: "1500.00",
        currency: "EUR",
        bookingDate: "2024-03-01",
        valueDate: "2024-03-01",
        status: "booked",
        reversal: false,
        references: { accountServicerReference: "AS-0001", endToEndId: "E2E-INV-4711" },
        counterparty: { name: "Kunde AG", account: "DE02120300000000202051", bankId: "BYLADEM1001" },
        remittance: { unstructured: ["Invoice 4711"] },
        details: [],
      },
      {
        amount: "-645.25",
        currency: "EUR",
        bookingDate: "2024-03-01",
        valueDate: "2024-03-01",
        status: "booked",
        reversal: false,
        references: { accountServicerReference: "AS-0002" },
        batch: { count: 2, paymentInformationId: "PMT-77" },
        details: [
          { amount: "-400.00", currency: "EUR", counterparty: { name: "Lieferant Eins" }, references: { endToEndId: "E2E-A" } },
          { amount: "-245.25", currency: "EUR", counterparty: { name: "Lieferant Zwei" }, references: { endToEndId: "E2E-B" } },
        ],
      },
      {
        amount: "-0.00001",
        currency: "EUR",
        bookingDate: "2024-03-01",
        valueDate: "2024-03-01",
        status: "booked",
        reversal: false,
        references: { accountServicerReference: "AS-0003" },
        description: "Rounding adjustment with five decimals",
        details: [],
      },
    ],
  };
}

/** A statement of the CNY account with Chinese balance kinds: 2 entries. */
export function cnyStatement(): Json {
  return {
    kind: "statement",
    account: {
      id: CNY_ACCOUNT,
      scheme: "cn",
      currency: "CNY",
      bank: { cnBankCode: "102", name: "中国工商银行" },
      holderName: "上海示例有限公司",
    },
    openingBalance: { type: "openingBooked", amount: "50000.00", currency: "CNY", date: "2024-03-01" },
    closingBalance: { type: "closingBooked", amount: "38000.00", currency: "CNY", date: "2024-03-01" },
    balances: [
      { type: "available", amount: "37000.00", currency: "CNY", date: "2024-03-01" },
      { type: "frozen", amount: "1000.00", currency: "CNY", date: "2024-03-01" },
    ],
    entries: [
      {
        amount: "-12000.00",
        currency: "CNY",
        bookingDate: "2024-03-01",
        valueDate: "2024-03-01",
        status: "booked",
        reversal: false,
        references: { bankReference: "20240301-0001" },
        counterparty: { name: "北京供应商有限公司", account: "110060000018800012345" },
        remittance: { unstructured: ["货款"] },
        details: [],
      },
      {
        amount: "0.00",
        currency: "CNY",
        bookingDate: "2024-03-01",
        status: "pending",
        reversal: false,
        references: { bankReference: "20240301-0002" },
        details: [],
      },
    ],
  };
}

/** Number of entries in {@link sampleStatements}. */
export const SAMPLE_ENTRY_COUNT = 5;

/** Both statements as a `bankbridge parse` result: `{ statements: [...] }`. */
export function sampleStatements(): Json {
  return { statements: [eurStatement(), cnyStatement()] };
}

/** {@link sampleStatements} as the bytes of a file. */
export function sampleDocument(): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(sampleStatements(), null, 2));
}

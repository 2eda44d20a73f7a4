/**
 * The ground truth: everything the simulated banks know, as plain JSON in a fixed order. Tests compare what
 * BankBridge received against it; `GET /_admin/ledger` serves {@link serializeGroundTruth} of it.
 *
 * Order is part of the contract: banks, companies and accounts in ledger order, each account's days
 * ascending and its transactions in booking order; within an object, keys in the order the types declare
 * them (optional keys left out when absent). Bigints are decimal strings of minor units.
 *
 * @module
 */
import type { IsoDateTime } from "@bankbridge/hub/core";
import type {
  GroundTruth,
  GroundTruthAccount,
  JsonOf,
  Ledger,
  SandboxAccount,
  SandboxBalances,
  SandboxDailyBalance,
  SandboxTransaction,
} from "./ledger-types.js";

const TRANSACTION_KEYS: readonly (keyof SandboxTransaction)[] = [
  "id",
  "accountId",
  "bankId",
  "status",
  "kind",
  "amount",
  "currency",
  "bookingDate",
  "valueDate",
  "bookedAt",
  "daySequence",
  "balanceAfter",
  "counterparty",
  "summary",
  "purpose",
  "remittance",
  "invoiceRefs",
  "bankTransactionCode",
  "proprietaryCode",
  "endToEndId",
  "clientReference",
  "reversalOf",
  "authorisationId",
  "releasedAt",
  "fx",
  "receiptKey",
];

const ACCOUNT_KEYS: readonly (keyof SandboxAccount)[] = [
  "id",
  "bankId",
  "companyId",
  "holderName",
  "currency",
  "iban",
  "branchName",
  "cnapsCode",
  "status",
  "openedOn",
  "openingBalance",
  "creditLine",
  "product",
];

const BALANCE_KEYS: readonly (keyof SandboxBalances)[] = [
  "accountId",
  "currency",
  "asOf",
  "online",
  "available",
  "frozen",
  "previousDay",
  "creditLine",
];

const DAILY_KEYS: readonly (keyof SandboxDailyBalance)[] = ["accountId", "date", "previousDay", "closingBooked", "frozen", "available"];

const NESTED_KEYS: Readonly<Record<string, readonly string[]>> = {
  counterparty: ["name", "account", "bankCode", "bankName"],
  bankTransactionCode: ["domain", "family", "subFamily"],
  fx: ["currency", "amount", "rate"],
};

/** A value with bigints as decimal strings; plain objects keep the keys `order` names first, then any others sorted. */
function toJson(value: unknown, order?: readonly string[]): unknown {
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value)) return value.map((v) => toJson(v));
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const keys = order ?? [];
  const rest = Object.keys(record)
    .filter((k) => !keys.includes(k))
    .sort();
  for (const k of [...keys, ...rest]) {
    const v = record[k];
    if (v === undefined) continue;
    out[k] = toJson(v, NESTED_KEYS[k]);
  }
  return out;
}

/** A transaction as ground-truth JSON. */
export function transactionToJson(tx: SandboxTransaction): JsonOf<SandboxTransaction> {
  return toJson(tx, TRANSACTION_KEYS as readonly string[]) as JsonOf<SandboxTransaction>;
}

/** The ground truth of a ledger now (`asOf` is the clock's instant). */
export function groundTruthOf(ledger: Omit<Ledger, "groundTruth">, asOf: IsoDateTime): GroundTruth {
  const accounts: GroundTruthAccount[] = ledger.accounts().map((account) => {
    const today = ledger.today(account.bankId);
    return {
      account: toJson(account, ACCOUNT_KEYS as readonly string[]) as JsonOf<SandboxAccount>,
      balances: toJson(ledger.balances(account.id), BALANCE_KEYS as readonly string[]) as JsonOf<SandboxBalances>,
      dailyBalances: ledger
        .dailyBalances(account.id, account.openedOn, today)
        .map((d) => toJson(d, DAILY_KEYS as readonly string[]) as JsonOf<SandboxDailyBalance>),
      transactions: ledger.transactions(account.id, { status: "both" }).map(transactionToJson),
    };
  });
  return {
    seed: ledger.seed,
    asOf,
    banks: ledger
      .banks()
      .map((b) => toJson(b, ["id", "name", "nameEn", "bic", "cnBankCode", "country", "utcOffsetMinutes"]) as GroundTruth["banks"][number]),
    companies: ledger.companies().map((c) => toJson(c, ["id", "name", "nameEn", "registrationId"]) as GroundTruth["companies"][number]),
    accounts,
  };
}

/**
 * Stable JSON text of a ground truth: the same books give the same bytes. Key order is the one
 * {@link groundTruthOf} built; a stray bigint is written as a decimal string.
 */
export function serializeGroundTruth(truth: GroundTruth): string {
  return JSON.stringify(truth, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
}

/**
 * The ledger's accounts, balances and transactions written as Berlin Group JSON: amounts as signed decimal
 * strings (`"-100.03"`), counterparties as `creditor…` on debits and `debtor…` on credits, ISO bank
 * transaction codes as `DOMAIN-FAMILY-SUBFAMILY`, texts cut to the schema's lengths.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { IsoDate } from "@bankbridge/hub/core";
import type { SandboxAccount, SandboxBalances, SandboxTransaction } from "../ledger/ledger-types.js";

/** A JSON object as it goes on the wire. */
export type Json = { readonly [key: string]: unknown };

const IBAN = /^[A-Z]{2}[0-9]{2}[A-Za-z0-9]{1,30}$/;
const BIC = /^[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?$/;

/**
 * The account's `resourceId`: opaque and stable (derived from the account number), as ASPSPs tokenise
 * account ids so that IBANs do not show up in paths and logs.
 */
export function resourceIdOf(account: SandboxAccount): string {
  const h = createHash("sha256").update(`psd2-account:${account.id}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Minor units as the decimal string the API uses; every currency served here has 2 decimals. */
export function amountText(minor: bigint): string {
  const negative = minor < 0n;
  const abs = negative ? -minor : minor;
  const text = `${abs / 100n}.${(abs % 100n).toString().padStart(2, "0")}`;
  return negative ? `-${text}` : text;
}

/** An `amount` object. */
export function amount(minor: bigint, currency: string): Json {
  return { currency, amount: amountText(minor) };
}

/** The account reference (`{ iban, currency }`). */
export function accountReference(account: SandboxAccount): Json {
  return { iban: account.iban ?? account.id, currency: account.currency };
}

/** `accountDetails` for the list and the detail call. */
export function accountDetails(
  account: SandboxAccount,
  bic: string,
  options: { readonly ownerName: boolean; readonly links: Json | undefined; readonly balances: readonly Json[] | undefined },
): Json {
  return {
    resourceId: resourceIdOf(account),
    iban: account.iban ?? account.id,
    currency: account.currency,
    name: account.holderName.slice(0, 70),
    product: account.product.slice(0, 35),
    cashAccountType: "CACC",
    status: account.status === "A" ? "enabled" : account.status === "B" ? "blocked" : "deleted",
    bic,
    usage: "ORGA",
    ...(options.ownerName ? { ownerName: account.holderName.slice(0, 140) } : {}),
    ...(options.balances === undefined ? {} : { balances: options.balances }),
    ...(options.links === undefined ? {} : { _links: options.links }),
  };
}

/**
 * The balances an account reports: yesterday's `closingBooked`, today's `interimBooked` and
 * `interimAvailable` (credit line included when there is one), and `expected` (booked plus open card
 * authorisations).
 */
export function balanceList(balances: SandboxBalances, openPending: bigint, today: IsoDate, yesterday: IsoDate): Json[] {
  const c = balances.currency;
  return [
    { balanceAmount: amount(balances.previousDay, c), balanceType: "closingBooked", referenceDate: yesterday },
    {
      balanceAmount: amount(balances.online, c),
      balanceType: "interimBooked",
      referenceDate: today,
      lastChangeDateTime: balances.asOf,
    },
    {
      balanceAmount: amount(balances.available, c),
      balanceType: "interimAvailable",
      creditLimitIncluded: balances.creditLine > 0n,
      referenceDate: today,
      lastChangeDateTime: balances.asOf,
    },
    { balanceAmount: amount(balances.online + openPending, c), balanceType: "expected", referenceDate: today },
  ];
}

/** A transaction as the list and the detail call write it. */
export function transactionJson(tx: SandboxTransaction, detailsHref: string): Json {
  const credit = tx.amount > 0n;
  const party = tx.counterparty;
  const partyAccount = party.account === undefined ? undefined : counterpartyAccount(party.account);
  const agent = party.bankCode !== undefined && BIC.test(party.bankCode) ? party.bankCode : undefined;
  const remittance = (tx.remittance ?? tx.purpose ?? tx.summary).slice(0, 140);
  const btc = tx.bankTransactionCode;
  const booked = tx.status === "booked";
  const details: Record<string, unknown> = {
    transactionId: tx.id,
    entryReference: entryReferenceOf(tx),
    ...(tx.endToEndId === undefined ? {} : { endToEndId: tx.endToEndId.slice(0, 35) }),
    ...(booked ? { bookingDate: tx.bookingDate } : {}),
    valueDate: tx.valueDate,
    transactionAmount: amount(tx.amount, tx.currency),
    ...(credit
      ? {
          debtorName: party.name.slice(0, 70),
          ...(partyAccount === undefined ? {} : { debtorAccount: partyAccount }),
          ...(agent === undefined ? {} : { debtorAgent: agent }),
        }
      : {
          creditorName: party.name.slice(0, 70),
          ...(partyAccount === undefined ? {} : { creditorAccount: partyAccount }),
          ...(agent === undefined ? {} : { creditorAgent: agent }),
        }),
    remittanceInformationUnstructured: remittance,
    bankTransactionCode: `${btc.domain}-${btc.family}-${btc.subFamily}`,
    proprietaryBankTransactionCode: tx.proprietaryCode.slice(0, 35),
    ...(additionalInformation(tx) === undefined ? {} : { additionalInformation: additionalInformation(tx) }),
    ...(booked ? { balanceAfterTransaction: { balanceAmount: amount(tx.balanceAfter, tx.currency), balanceType: "interimBooked" } } : {}),
    _links: { transactionDetails: { href: detailsHref } },
  };
  return details;
}

/** `entryReference` (max 35): the bank serial when it fits, else a stable digest of it. */
export function entryReferenceOf(tx: SandboxTransaction): string {
  if (tx.id.length <= 35) return tx.id;
  return createHash("sha256").update(tx.id).digest("hex").slice(0, 35);
}

function additionalInformation(tx: SandboxTransaction): string | undefined {
  if (tx.authorisationId !== undefined) return `Card settlement of authorisation ${tx.authorisationId}`;
  if (tx.kind === "cardAuthorisation") return "Card authorisation, not yet booked";
  if (tx.reversalOf !== undefined) return `Reversal of ${tx.reversalOf}`;
  return undefined;
}

function counterpartyAccount(account: string): Json | undefined {
  const compact = account.replace(/\s+/g, "");
  if (IBAN.test(compact)) return { iban: compact };
  if (/^[A-Za-z0-9]{1,30}$/.test(compact)) return { bban: compact };
  return undefined;
}

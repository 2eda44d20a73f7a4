/**
 * Bank transaction codes: the ISO 20022 domain/family/sub-family each kind of entry carries, and each
 * bank's own code (Chinese 交易代码; SWIFT `Nxxx` type codes for MT940 `:61:` at the foreign banks).
 *
 * @module
 */
import type { SandboxBankId, SandboxTransaction, SandboxTransactionKind } from "./ledger-types.js";

type Btc = SandboxTransaction["bankTransactionCode"];

const btc = (domain: string, family: string, subFamily: string): Btc => Object.freeze({ domain, family, subFamily });

/** How a payment travelled: within the country, SEPA, or across borders. */
export type Channel = "domestic" | "sepa" | "crossBorder";

/**
 * The ISO code for a kind of entry. Reversals carry the code of the entry they reverse (camt marks them
 * with `RvslInd`), so the caller passes the original's code for those.
 */
export function isoCode(kind: SandboxTransactionKind, channel: Channel, credit: boolean): Btc {
  const transfer = channel === "sepa" ? "ESCT" : channel === "crossBorder" ? "XBCT" : "DMCT";
  switch (kind) {
    case "customerReceipt":
      return btc("PMNT", "RCDT", transfer);
    case "supplierPayment":
    case "outgoingPayment":
      return btc("PMNT", "ICDT", transfer);
    case "payroll":
      return btc("PMNT", "ICDT", "SALA");
    case "bankFee":
      return btc("ACMT", "MDOP", "CHRG");
    case "tax":
      return btc("ACMT", "MDOP", "TAXE");
    case "fxConversion":
      return btc("FORX", "SPOT", "OTHR");
    case "interest":
      return credit ? btc("ACMT", "MCOP", "INTR") : btc("ACMT", "MDOP", "INTR");
    case "cardAuthorisation":
    case "cardSettlement":
      return btc("PMNT", "CCRD", "POSD");
    case "internalTransfer":
      return credit ? btc("PMNT", "RCDT", "BOOK") : btc("PMNT", "ICDT", "BOOK");
    case "paymentReturn":
      return btc("PMNT", "ICDT", "RRTN");
    case "reversal":
      return credit ? btc("ACMT", "MCOP", "OTHR") : btc("ACMT", "MDOP", "OTHR");
  }
}

const CHINESE: Record<"icbc" | "cmb" | "ccb", Record<SandboxTransactionKind, string>> = {
  icbc: {
    customerReceipt: "0131",
    supplierPayment: "0231",
    outgoingPayment: "0231",
    payroll: "0601",
    bankFee: "0901",
    tax: "0701",
    fxConversion: "0801",
    interest: "0911",
    reversal: "0999",
    internalTransfer: "0241",
    paymentReturn: "0132",
    cardAuthorisation: "0511",
    cardSettlement: "0512",
  },
  cmb: {
    customerReceipt: "AGRC",
    supplierPayment: "AGPY",
    outgoingPayment: "AGPY",
    payroll: "AGSA",
    bankFee: "CHFE",
    tax: "TXPY",
    fxConversion: "FXEX",
    interest: "INTR",
    reversal: "RVSL",
    internalTransfer: "INTT",
    paymentReturn: "AGRT",
    cardAuthorisation: "CDAU",
    cardSettlement: "CDST",
  },
  ccb: {
    customerReceipt: "210101",
    supplierPayment: "220101",
    outgoingPayment: "220101",
    payroll: "220301",
    bankFee: "290101",
    tax: "230101",
    fxConversion: "250101",
    interest: "291101",
    reversal: "299901",
    internalTransfer: "220201",
    paymentReturn: "210301",
    cardAuthorisation: "260101",
    cardSettlement: "260102",
  },
};

const SWIFT: Record<SandboxTransactionKind, string> = {
  customerReceipt: "NTRF",
  supplierPayment: "NTRF",
  outgoingPayment: "NTRF",
  payroll: "NSAL",
  bankFee: "NCHG",
  tax: "NTAX",
  fxConversion: "NFEX",
  interest: "NINT",
  reversal: "NRTI",
  internalTransfer: "NTRF",
  paymentReturn: "NRTI",
  cardAuthorisation: "NMSC",
  cardSettlement: "NMSC",
};

/** The bank's own code for a kind of entry. */
export function proprietaryCode(bankId: SandboxBankId, kind: SandboxTransactionKind): string {
  return bankId === "icbc" || bankId === "cmb" || bankId === "ccb" ? CHINESE[bankId][kind] : SWIFT[kind];
}

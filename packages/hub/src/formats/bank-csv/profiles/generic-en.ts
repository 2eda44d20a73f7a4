/**
 * Generic English layouts: what most banks' "download as CSV" looks like when there is no profile of its own.
 * They know no currency: rows without a Currency column are read in `XXX` (no currency), and a profile of
 * one's own (docs/profiles.md) should then name it.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

const dates = { formats: ["yyyy-MM-dd", "yyyy/MM/dd", "dd/MM/yyyy", "dd.MM.yyyy", "yyyyMMdd", "yyyy-MM-dd HH:mm:ss"] };
const common = {
  valueDate: ["Value Date", "Value date"],
  currency: ["Currency", "Ccy"],
  balance: ["Balance", "Running Balance", "Balance After"],
  counterpartyName: ["Payee", "Counterparty", "Counterparty Name", "Name", "Beneficiary", "Merchant"],
  counterpartyAccount: ["Counterparty Account", "Account Number", "IBAN"],
  description: ["Description", "Details", "Narrative", "Memo", "Transaction Description"],
  remittance: ["Reference", "Remittance Information", "Payment Reference"],
  bankReference: ["Bank Reference", "Transaction ID", "Transaction Id", "Id"],
  transactionType: ["Type", "Transaction Type"],
} as const;

/** Date, Amount (signed), Description… */
export const genericEn = {
  id: "generic-en",
  name: "Generic English CSV (signed amount)",
  dates,
  amounts: { mode: "signed" },
  currency: "XXX",
  columns: {
    bookingDate: ["Date", "Booking Date", "Posting Date", "Posted Date", "Transaction Date"],
    amount: ["Amount", "Transaction Amount", "Amount (signed)"],
    ...common,
  },
} as const satisfies MappingProfile;

/** Date, Debit, Credit, Description… */
export const genericEnDebitCredit = {
  id: "generic-en-debit-credit",
  name: "Generic English CSV (debit and credit columns)",
  dates,
  amounts: { mode: "debitCredit" },
  currency: "XXX",
  columns: {
    bookingDate: ["Date", "Booking Date", "Posting Date", "Posted Date", "Transaction Date"],
    debit: ["Debit", "Debit Amount", "Withdrawals", "Money Out", "Paid Out"],
    credit: ["Credit", "Credit Amount", "Deposits", "Money In", "Paid In"],
    ...common,
  },
} as const satisfies MappingProfile;

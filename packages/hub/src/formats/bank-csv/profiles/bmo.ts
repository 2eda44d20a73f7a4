/**
 * Bank of Montreal (BMO) CSV downloads: bank account and credit card.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** BMO bank account: the card number (in Excel's `'…'` guard) is the account. */
export const bmoDebit = {
  id: "bmo-debit",
  name: "BMO bank account",
  match: { title: ["Following data is valid as of"] },
  dates: { formats: ["yyyyMMdd", "yyyy-MM-dd"] },
  amounts: { mode: "signed" },
  currency: "CAD",
  account: { scheme: "other", bankName: "Bank of Montreal" },
  columns: {
    bookingDate: "Date Posted",
    amount: "Transaction Amount",
    account: "First Bank Card",
    transactionType: "Transaction Type",
    description: "Description",
  },
} as const satisfies MappingProfile;

/** BMO credit card: purchases positive (inverted). */
export const bmoCredit = {
  id: "bmo-credit",
  name: "BMO credit card",
  match: { title: ["Following data is valid as of"] },
  dates: { formats: ["yyyyMMdd", "yyyy-MM-dd"] },
  amounts: { mode: "signed", invert: true },
  currency: "CAD",
  account: { scheme: "other", bankName: "Bank of Montreal", name: "Credit card" },
  columns: {
    bookingDate: "Posting Date",
    valueDate: "Transaction Date",
    amount: "Transaction Amount",
    account: "Card #",
    description: "Description",
  },
  bankData: { item: "Item #" },
} as const satisfies MappingProfile;

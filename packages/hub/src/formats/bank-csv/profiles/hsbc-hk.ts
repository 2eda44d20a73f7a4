/**
 * HSBC Hong Kong: the current account's and the credit card's CSV downloads (`dd/MM/yyyy`, signed amounts,
 * one currency per row).
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** HSBC HK current / savings account: one statement per currency, balances per currency. */
export const hsbcHkDebit = {
  id: "hsbc-hk-debit",
  name: "HSBC Hong Kong account",
  dates: { formats: ["dd/MM/yyyy", "yyyy-MM-dd"] },
  amounts: { mode: "signed" },
  currency: "HKD",
  account: { scheme: "other", bankName: "HSBC Hong Kong" },
  columns: {
    bookingDate: "Date",
    amount: "Billing amount",
    currency: "Billing currency",
    balance: "Balance",
    description: "Description",
  },
  bankData: { balanceCurrency: "Balance currency" },
} as const satisfies MappingProfile;

/** HSBC HK credit card: Post date → booking date, Transaction date → value date. */
export const hsbcHkCredit = {
  id: "hsbc-hk-credit",
  name: "HSBC Hong Kong credit card",
  dates: { formats: ["dd/MM/yyyy", "yyyy-MM-dd"] },
  amounts: { mode: "signed" },
  currency: "HKD",
  account: { scheme: "other", bankName: "HSBC Hong Kong", name: "Credit card" },
  columns: {
    bookingDate: "Post date",
    valueDate: "Transaction date",
    amount: "Billing amount",
    currency: "Billing currency",
    counterpartyName: "Merchant name",
    description: "Description",
    status: "Transaction status",
  },
  statuses: { POSTED: "booked", PENDING: "pending", AUTHORISED: "pending", AUTHORIZED: "pending" },
  bankData: { country: "Country / region", area: "Area / district", creditDebit: "Credit / Debit" },
} as const satisfies MappingProfile;

/**
 * TD Canada Trust account download: no header at all, so it is recognised by the shape of its rows.
 *
 * @module
 */
import type { MappingProfile } from "../mapping-profile.js";

/** TD: date (MM/dd/yyyy), description, debit, credit, balance. */
export const td = {
  id: "td",
  name: "TD Canada Trust account",
  header: { row: "none" },
  match: { row: "^\\d{2}/\\d{2}/\\d{4},[^,]*,[\\d.]*,[\\d.]*,-?[\\d.]+\\s*$" },
  dates: { formats: ["MM/dd/yyyy"] },
  amounts: { mode: "debitCredit" },
  currency: "CAD",
  account: { scheme: "other", bankName: "TD Canada Trust" },
  columns: { bookingDate: 0, description: 1, debit: 2, credit: 3, balance: 4 },
} as const satisfies MappingProfile;

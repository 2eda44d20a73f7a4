export {
  addDays,
  bankDate,
  bankDateTime,
  bookingNotification,
  canonicalAccount,
  canonicalEntry,
  endOfDayStatement,
  intradayReport,
  startOfBankDay,
} from "./ledger-statements.js";

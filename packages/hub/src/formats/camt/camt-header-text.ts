/**
 * Text of the elements around the entries: the group header, the statement's own fields, its account, its
 * balances and its totals. These come once per statement, so they are handled outside the machine's inner loop.
 *
 * @module
 */
import * as A from "./camt-actions.js";
import type { MessageContext } from "./camt-build.js";
import type { BalanceRecord, StatementRecord } from "./camt-collectors.js";
import type { ValueReader } from "./camt-value-reader.js";
import { collapse } from "./camt-values.js";

/** The message context with the group header's `value` for `action`, or `undefined` when the action is not one of those. */
export function groupText(message: MessageContext, action: number, value: string, values: ValueReader): MessageContext | undefined {
  switch (action) {
    case A.T_GRP_CREATED:
      return { ...message, createdAt: values.dateTime(value) };
    case A.T_GRP_PAGE:
      return { ...message, page: values.count(value) };
    case A.T_GRP_LAST_PAGE:
      return { ...message, lastPage: values.boolean(value) };
    default:
      return undefined;
  }
}

/** Stores a balance's `value` for `action` in `balance`; `false` when the action is not a balance's. */
export function balanceText(balance: BalanceRecord, action: number, value: string, values: ValueReader): boolean {
  switch (action) {
    case A.T_BAL_CODE:
      balance.code = collapse(value);
      return true;
    case A.T_BAL_PRTRY:
      balance.proprietary = value;
      return true;
    case A.T_BAL_AMT: {
      const amount = values.money(value, "the balance is skipped");
      balance.amount = amount;
      if (amount === undefined) balance.invalid = true;
      return true;
    }
    case A.T_BAL_CDTDBT: {
      const credit = values.direction(value, "the balance is skipped");
      balance.credit = credit;
      if (credit === undefined) balance.invalid = true;
      return true;
    }
    case A.T_BAL_DATE:
      balance.date = values.date(value);
      return true;
    case A.T_BAL_DATETIME:
      balance.dateTime = values.dateTime(value);
      return true;
    case A.T_BAL_LINE_INCL:
      balance.lineIncluded = values.boolean(value);
      return true;
    case A.T_BAL_LINE_AMT:
      balance.lineAmount = values.money(value, "the credit line is left out");
      return true;
    default:
      return false;
  }
}

/**
 * Stores a statement field's `value` for `action` in `stmt`. Summary amounts are kept as text with `where` they
 * are: their currency is the statement's, known only once its account and balances are read.
 */
export function statementText(
  stmt: StatementRecord,
  action: number,
  value: string,
  values: ValueReader,
  where: () => { path: string; line: number },
): void {
  switch (action) {
    case A.T_STMT_ID:
      stmt.id = value;
      return;
    case A.T_STMT_PAGE:
      stmt.page = values.count(value);
      return;
    case A.T_STMT_LAST_PAGE:
      stmt.lastPage = values.boolean(value);
      return;
    case A.T_STMT_ELECTRONIC:
      stmt.electronic = collapse(value);
      return;
    case A.T_STMT_LEGAL:
      stmt.legal = collapse(value);
      return;
    case A.T_STMT_CREATED:
      stmt.createdAt = values.dateTime(value);
      return;
    case A.T_STMT_FROM: {
      // FrToDt holds date-times; a bank that writes a plain date there still means that day.
      const { date, dateTime } = values.dayOrMoment(value);
      stmt.fromDate = date;
      stmt.fromDateTime = dateTime;
      return;
    }
    case A.T_STMT_TO: {
      const { date, dateTime } = values.dayOrMoment(value);
      stmt.toDate = date;
      stmt.toDateTime = dateTime;
      return;
    }
    case A.T_STMT_INFO:
      stmt.info = value;
      return;
    case A.T_ACCT_CCY:
      stmt.currency = values.currency(value);
      return;
    case A.T_ACCT_NAME:
      stmt.accountName = value;
      return;
    case A.T_ACCT_OWNER:
      stmt.owner = value;
      return;
    case A.T_SUM_COUNT:
      stmt.count = values.count(value);
      return;
    case A.T_SUM_NET:
      stmt.net = { text: value, ...where() };
      return;
    case A.T_SUM_NET_CDTDBT:
      stmt.netCredit = values.direction(value, "the net total is read as a credit");
      return;
    case A.T_SUM_CDT_COUNT:
      stmt.creditCount = values.count(value);
      return;
    case A.T_SUM_CDT_SUM:
      stmt.creditSum = { text: value, ...where() };
      return;
    case A.T_SUM_DBT_COUNT:
      stmt.debitCount = values.count(value);
      return;
    case A.T_SUM_DBT_SUM:
      stmt.debitSum = { text: value, ...where() };
      return;
  }
}

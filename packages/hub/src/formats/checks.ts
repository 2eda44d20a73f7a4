/**
 * Integrity checks every statement gets, whatever its format: do the balances close over the entries, do
 * the bank's own totals match, do consecutive statements of an account follow on. Findings are issues
 * (warnings: the data was read; it just does not add up), never silent corrections.
 *
 * @module
 */
import {
  addMoney,
  type CurrencyCode,
  compareMoney,
  createMoneySum,
  currencyExponent,
  type Entry,
  formatMoney,
  type Issue,
  type Money,
  type MoneySum,
  moneyFromMinor,
  type Statement,
  subtractMoney,
} from "../core/index.js";

/**
 * The running totals {@link checkStatement} compares, fed one entry at a time: a streaming parser keeps one
 * of these per statement instead of its entries, and gets exactly the issues `checkStatement` would give.
 */
export interface StatementTally {
  /** Counts one entry of the statement (in document order). */
  add(entry: Entry): void;
  /**
   * The issues of `checkStatement` for `statement` with the entries added so far (its own `entries` are not
   * read, so a header without entries will do). `index` makes the path `/statements/<index>`.
   */
  issues(statement: Statement, index: number): Issue[];
}

/** How a format's stated totals count entries. */
export interface TotalsRule {
  /**
   * Whether the statement's credit, debit and net totals count its information entries. camt's `TxsSummry` does
   * (an INFO entry counts by its sign); BAI2's 03 totals do not (890 "contains non-monetary information" and the
   * bank codes kept as information move no money). @default true
   */
  readonly informationInTotals?: boolean;
  /**
   * Whether a statement may come as totals without entries: BAI2 banks send previous-day files of 03 summaries
   * with no 16 details. Such a statement (no entry its totals count, totals that say money moved) closes over its
   * stated totals, and its counts are not compared with the entries it does not have. Elsewhere (camt) totals
   * without entries mean the entries were lost, which the usual checks report. @default false
   */
  readonly totalsWithoutEntries?: boolean;
}

/**
 * `m` at the smaller `scale`, as far as that keeps its value exactly (a sum of amounts of at most that scale always
 * does): a digit that would be lost stops it at the scale reached.
 */
function downscale(m: Money, scale: number): Money {
  let minor = m.minor;
  let at = m.scale;
  while (at > scale && minor % 10n === 0n) {
    minor /= 10n;
    at--;
  }
  return at === m.scale ? m : { minor, scale: at, currency: m.currency };
}

/** A fresh {@link StatementTally}, counting entries by `rule`. */
export function createStatementTally(rule: TotalsRule = {}): StatementTally {
  const information = rule.informationInTotals ?? true;
  const totalsOnly = rule.totalsWithoutEntries ?? false;
  let count = 0;
  // Counted entries (all, or all but information ones): counts by direction and sums in the currency of the first
  // entry of the statement, while every entry shares it. The net total is credits − debits.
  let currency: CurrencyCode | undefined;
  let mixed = false;
  let credits = 0;
  let debits = 0;
  /** Zero amounts, counted with the credits: a bank may count them as debits (a 455 ACH prenote). */
  let zeros = 0;
  let creditSum: MoneySum | undefined;
  let debitSum: MoneySum | undefined;
  // Booked entries are always counted, so while no entry is in another currency their sum is the net total less
  // the counted entries that are not booked (pending ones, and information ones where they count): one exact
  // addition per booked entry instead of three (two for a counted entry that is not booked). `unbookedSum` is that
  // remainder; `bookedScale` the largest scale among booked entries, at which their sum is stated.
  let unbookedSum: MoneySum | undefined;
  let booked = 0;
  let bookedScale = 0;
  // From the first entry in another currency on, booked entries are summed apart (seeded with their sum so far),
  // in the currency of the first booked entry: a booked entry in any other currency makes the sum unusable.
  let bookedSum: MoneySum | undefined;
  let bookedCurrency: CurrencyCode | undefined;
  let bookedMixed = false;
  /**
   * The booked entries' sum, at the largest scale among them (and at least the currency's exponent); only once an
   * entry was added (the sums exist).
   */
  const bookedTotal = (credit: MoneySum, debit: MoneySum, unbooked: MoneySum): Money =>
    bookedSum !== undefined
      ? bookedSum.value()
      : downscale(subtractMoney(subtractMoney(credit.value(), debit.value()), unbooked.value()), bookedScale);
  return {
    add(e) {
      const amount = e.amount;
      count++;
      if (currency === undefined) {
        currency = amount.currency;
        creditSum = createMoneySum(currency);
        debitSum = createMoneySum(currency);
        unbookedSum = createMoneySum(currency);
        bookedScale = currencyExponent(currency);
      } else if (amount.currency !== currency && !mixed) {
        mixed = true;
        // The booked sum so far, from the counted sums, before they stop.
        if (booked > 0 && creditSum !== undefined && debitSum !== undefined && unbookedSum !== undefined) {
          bookedCurrency = currency;
          const soFar = bookedTotal(creditSum, debitSum, unbookedSum);
          bookedSum = createMoneySum(currency);
          bookedSum.add(soFar);
        }
      }
      const isBooked = e.status === "booked";
      if (isBooked) {
        booked++;
        if (mixed) {
          if (bookedSum === undefined) {
            bookedCurrency = amount.currency;
            bookedSum = createMoneySum(amount.currency);
            bookedSum.add(amount);
          } else if (bookedCurrency !== amount.currency) bookedMixed = true;
          else if (!bookedMixed) bookedSum.add(amount);
        } else if (amount.scale > bookedScale) bookedScale = amount.scale;
      }
      if (!information && e.status === "information") return;
      // The model keeps no direction for a zero amount; banks book those as credits far more often.
      const credit = amount.minor >= 0n;
      if (credit) credits++;
      else debits++;
      if (amount.minor === 0n) zeros++;
      if (!mixed && creditSum !== undefined && debitSum !== undefined && unbookedSum !== undefined) {
        if (credit) creditSum.add(amount);
        // Debit totals are stated as positive sums of the debit amounts.
        else debitSum.add(amount, true);
        if (!isBooked) unbookedSum.add(amount);
      }
    },
    issues(s, index) {
      const issues: Issue[] = [];
      const path = `/statements/${index}`;
      const { openingBalance: open, closingBalance: close } = s;
      const summary = s.summary;
      // No entries the totals count, but totals that count some, in a format that sends such statements: the bank
      // sent the totals and not the transactions (a BAI2 previous-day file of 03 summaries). Its balances close
      // over the stated totals, and there are no entries to compare the totals with.
      const statedOnly = totalsOnly && booked === 0 && credits === 0 && debits === 0 && summary !== undefined && statesMovements(summary);
      if (statedOnly && open !== undefined && close !== undefined && open.amount.currency === close.amount.currency) {
        const net = statedNet(summary, open.amount.currency);
        if (net === undefined) {
          issues.push({
            severity: "warning",
            code: "BALANCE_UNCHECKED",
            message: `the statement has totals but no entries, and its totals give no net movement in ${open.amount.currency} (a credit total without a debit total, counts only, or another currency): opening ${formatMoney(open.amount)} and closing ${formatMoney(close.amount)} were not checked`,
            path,
            details: { opening: formatMoney(open.amount), closing: formatMoney(close.amount), currency: close.amount.currency },
          });
        } else {
          const expected = addMoney(open.amount, net);
          if (compareMoney(expected, close.amount) !== 0) {
            issues.push({
              severity: "warning",
              code: "BALANCE_MISMATCH",
              message: `the statement has no entries, only totals: opening ${formatMoney(open.amount)} + stated net ${formatMoney(net)} = ${formatMoney(expected)}, but the closing balance is ${formatMoney(close.amount)} (difference ${formatMoney(subtractMoney(close.amount, expected))} ${close.amount.currency})`,
              path,
              details: {
                opening: formatMoney(open.amount),
                statedNet: formatMoney(net),
                expectedClosing: formatMoney(expected),
                closing: formatMoney(close.amount),
                currency: close.amount.currency,
              },
            });
          }
        }
      } else if (open !== undefined && close !== undefined) {
        if (open.amount.currency !== close.amount.currency) {
          issues.push({
            severity: "warning",
            code: "BALANCE_CURRENCY_MISMATCH",
            message: `opening balance is in ${open.amount.currency} but closing balance in ${close.amount.currency}; balances not checked`,
            path,
          });
        } else if (booked === 0 || (mixed ? !bookedMixed && bookedCurrency === open.amount.currency : currency === open.amount.currency)) {
          const moved =
            booked === 0 || creditSum === undefined || debitSum === undefined || unbookedSum === undefined
              ? moneyFromMinor(0n, open.amount.currency)
              : bookedTotal(creditSum, debitSum, unbookedSum);
          const expected = addMoney(open.amount, moved);
          if (compareMoney(expected, close.amount) !== 0 && totalsOnly && count === 0 && summary === undefined) {
            // Neither entries nor totals, in a format that sends balances alone (BAI2's "balances only" reports):
            // the balances moved by entries the file was never meant to carry.
            issues.push({
              severity: "warning",
              code: "BALANCE_UNCHECKED",
              message: `the statement has balances and no entries, and states no credit or debit totals: opening ${formatMoney(open.amount)} and closing ${formatMoney(close.amount)} were not checked`,
              path,
              details: { opening: formatMoney(open.amount), closing: formatMoney(close.amount), currency: close.amount.currency },
            });
          } else if (compareMoney(expected, close.amount) !== 0) {
            issues.push({
              severity: "warning",
              code: "BALANCE_MISMATCH",
              message: `opening ${formatMoney(open.amount)} + entries ${formatMoney(moved)} = ${formatMoney(expected)}, but the closing balance is ${formatMoney(close.amount)} (difference ${formatMoney(subtractMoney(close.amount, expected))} ${close.amount.currency})`,
              path,
              details: {
                opening: formatMoney(open.amount),
                entries: formatMoney(moved),
                expectedClosing: formatMoney(expected),
                closing: formatMoney(close.amount),
                currency: close.amount.currency,
              },
            });
          }
        } else {
          issues.push({
            severity: "warning",
            code: "BALANCE_CURRENCY_MISMATCH",
            message: "some booked entries are in another currency than the balances; balances not checked",
            path,
          });
        }
      }
      if (summary !== undefined && !statedOnly) {
        const mismatch = (what: string, stated: string, actual: string) =>
          issues.push({
            severity: "warning",
            code: "SUMMARY_MISMATCH",
            message: `the statement states ${what} ${stated}, its entries give ${actual}`,
            path,
            details: { what, stated, actual },
          });
        if (summary.count !== undefined && summary.count !== count) mismatch("entry count", String(summary.count), String(count));
        // Zero amounts have no direction in the model: as many of them as the stated counts need are debits.
        const need =
          summary.credits?.count !== undefined
            ? credits - summary.credits.count
            : summary.debits?.count !== undefined
              ? summary.debits.count - debits
              : 0;
        const asDebits = Math.min(Math.max(need, 0), zeros);
        if (summary.credits?.count !== undefined && summary.credits.count !== credits - asDebits) {
          mismatch("credit count", String(summary.credits.count), String(credits - asDebits));
        }
        if (summary.debits?.count !== undefined && summary.debits.count !== debits + asDebits) {
          mismatch("debit count", String(summary.debits.count), String(debits + asDebits));
        }
        if (currency !== undefined && !mixed && creditSum !== undefined && debitSum !== undefined) {
          if (summary.credits?.sum !== undefined && summary.credits.sum.currency === currency) {
            const actual = creditSum.value();
            if (compareMoney(actual, summary.credits.sum) !== 0)
              mismatch("credit total", formatMoney(summary.credits.sum), formatMoney(actual));
          }
          if (summary.debits?.sum !== undefined && summary.debits.sum.currency === currency) {
            const actual = debitSum.value();
            if (compareMoney(actual, summary.debits.sum) !== 0)
              mismatch("debit total", formatMoney(summary.debits.sum), formatMoney(actual));
          }
          if (summary.net !== undefined && summary.net.currency === currency) {
            const actual = subtractMoney(creditSum.value(), debitSum.value());
            if (compareMoney(actual, summary.net) !== 0) mismatch("net total", formatMoney(summary.net), formatMoney(actual));
          }
        }
      }
      return issues;
    },
  };
}

/** Whether `summary` says money moved: a count of entries, credits or debits, or a sum, above zero. */
function statesMovements(summary: NonNullable<Statement["summary"]>): boolean {
  const some = (n: number | undefined) => n !== undefined && n > 0;
  const nonZero = (m: Money | undefined) => m !== undefined && m.minor !== 0n;
  return (
    some(summary.count) ||
    some(summary.credits?.count) ||
    some(summary.debits?.count) ||
    nonZero(summary.credits?.sum) ||
    nonZero(summary.debits?.sum) ||
    nonZero(summary.net)
  );
}

/**
 * What `summary` says the balance moved by, in `currency`: its net total, else its credit total less its debit
 * total (stated as a positive sum); `undefined` when it states neither in that currency.
 */
function statedNet(summary: NonNullable<Statement["summary"]>, currency: CurrencyCode): Money | undefined {
  if (summary.net !== undefined) return summary.net.currency === currency ? summary.net : undefined;
  const credit = summary.credits?.sum;
  const debit = summary.debits?.sum;
  if (credit === undefined || debit === undefined || credit.currency !== currency || debit.currency !== currency) return undefined;
  return subtractMoney(credit, debit);
}

/**
 * Opening booked balance + the booked entries = closing booked balance (`BALANCE_MISMATCH`, with both
 * figures and the difference), and the statement's own totals (camt TxsSummry, BAI2 trailers) against its
 * entries (`SUMMARY_MISMATCH`), counted by the format's `rule`. Pending and information entries are not part
 * of the booked balance. Batch details are inside their entry and are not counted again.
 */
export function checkStatement(s: Statement, index: number, rule: TotalsRule = {}): Issue[] {
  const tally = createStatementTally(rule);
  for (const e of s.entries) tally.add(e);
  return tally.issues(s, index);
}

/**
 * Consecutive statements of one account: the next statement's opening balance is the previous closing
 * (`CONTINUITY_MISMATCH`), and electronic sequence numbers count up by one (`SEQUENCE_GAP`; a repeated number
 * is `SEQUENCE_REPEATED`). Statements are compared in the order given, per account and currency.
 */
export function checkContinuity(statements: readonly { statement: Statement; path: string }[]): Issue[] {
  const check = createContinuityCheck();
  const issues: Issue[] = [];
  for (const item of statements) issues.push(...check(item.statement, item.path));
  return issues;
}

/**
 * {@link checkContinuity} one statement at a time, for streaming parsers: call it with each statement (a header
 * without entries will do: only the account, kind, sequence and balances are read) in document order.
 *
 * Checking across documents (`bankbridge parse a.sta b.sta`), pass each statement's `document`: two statements of
 * the same document are then not compared, because the registry compared them already with that document's issues.
 */
export function createContinuityCheck(): (statement: Statement, path: string, document?: string) => Issue[] {
  const last = new Map<string, { statement: Statement; path: string; document: string | undefined }>();
  return (s, path, document) => {
    const issues: Issue[] = [];
    const item = { statement: s, path, document };
    const currency = s.account.currency ?? s.openingBalance?.amount.currency ?? s.closingBalance?.amount.currency ?? "";
    const key = `${s.account.id}\u001f${currency}`;
    const prev = last.get(key);
    last.set(key, item);
    if (prev === undefined || s.kind !== prev.statement.kind) return issues;
    if (document !== undefined && prev.document === document) return issues;
    const a = prev.statement.sequence?.electronic;
    const b = s.sequence?.electronic;
    if (a !== undefined && b !== undefined && /^\d{1,15}$/.test(a) && /^\d{1,15}$/.test(b)) {
      const gap = Number(b) - Number(a);
      if (gap === 0) {
        issues.push({
          severity: "warning",
          code: "SEQUENCE_REPEATED",
          message: `statement ${b} of account ${s.account.id} appears twice`,
          path: item.path,
        });
      } else if (gap !== 1) {
        issues.push({
          severity: "warning",
          code: "SEQUENCE_GAP",
          message: `account ${s.account.id}: statement ${b} follows ${a}${gap > 1 ? `; ${gap - 1} statement(s) missing` : " (out of order)"}`,
          path: item.path,
          details: { previous: a, next: b },
        });
      }
    }
    const closing = prev.statement.closingBalance;
    const opening = s.openingBalance;
    if (
      closing !== undefined &&
      opening !== undefined &&
      closing.amount.currency === opening.amount.currency &&
      compareMoney(closing.amount, opening.amount) !== 0
    ) {
      issues.push({
        severity: "warning",
        code: "CONTINUITY_MISMATCH",
        message: `account ${s.account.id}: opening balance ${formatMoney(opening.amount)} does not continue the previous closing balance ${formatMoney(closing.amount)} (${prev.path})`,
        path: item.path,
        details: { previousClosing: formatMoney(closing.amount), opening: formatMoney(opening.amount), previous: prev.path },
      });
    }
    return issues;
  };
}

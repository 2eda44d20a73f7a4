/**
 * Test support: the integrity check as \`formats/checks.ts\` computed it over a whole statement before it ran on
 * running totals (for the streaming parsers), kept as an oracle: the running totals must give the same issues.
 *
 * @module
 */
import {
  addMoney,
  compareMoney,
  formatMoney,
  type Issue,
  type Money,
  moneyFromMinor,
  type Statement,
  subtractMoney,
} from "../../../core/index.js";

function sumOf(items: readonly Money[], template: Money): Money {
  let total = moneyFromMinor(0n, template.currency);
  for (const m of items) total = addMoney(total, m);
  return total;
}

/**
 * Opening booked balance + the booked entries = closing booked balance (`BALANCE_MISMATCH`, with both
 * figures and the difference), and the statement's own totals (camt TxsSummry, BAI2 trailers) against its
 * entries (`SUMMARY_MISMATCH`). Pending and information entries are not part of the booked balance. Batch
 * details are inside their entry and are not counted again.
 */
export function checkStatementDirectly(s: Statement, index: number): Issue[] {
  const issues: Issue[] = [];
  const path = `/statements/${index}`;
  const booked = s.entries.filter((e) => e.status === "booked");
  const { openingBalance: open, closingBalance: close } = s;
  if (open !== undefined && close !== undefined) {
    if (open.amount.currency !== close.amount.currency) {
      issues.push({
        severity: "warning",
        code: "BALANCE_CURRENCY_MISMATCH",
        message: `opening balance is in ${open.amount.currency} but closing balance in ${close.amount.currency}; balances not checked`,
        path,
      });
    } else if (booked.every((e) => e.amount.currency === open.amount.currency)) {
      const moved = sumOf(
        booked.map((e) => e.amount),
        open.amount,
      );
      const expected = addMoney(open.amount, moved);
      if (compareMoney(expected, close.amount) !== 0) {
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
  const summary = s.summary;
  if (summary !== undefined) {
    // The model keeps no direction for a zero amount; banks book those as credits far more often.
    const credits = s.entries.filter((e) => e.amount.minor >= 0n);
    const debits = s.entries.filter((e) => e.amount.minor < 0n);
    const mismatch = (what: string, stated: string, actual: string) =>
      issues.push({
        severity: "warning",
        code: "SUMMARY_MISMATCH",
        message: `the statement states ${what} ${stated}, its entries give ${actual}`,
        path,
        details: { what, stated, actual },
      });
    if (summary.count !== undefined && summary.count !== s.entries.length)
      mismatch("entry count", String(summary.count), String(s.entries.length));
    // ...but a zero may be counted as a debit: the counts are compared with as many zeros moved as they need (at
    // most all of them), as the bank may have counted them either way.
    const zeros = s.entries.filter((e) => e.amount.minor === 0n).length;
    const stated = summary.credits?.count;
    const statedDebits = summary.debits?.count;
    const want = stated !== undefined ? credits.length - stated : statedDebits !== undefined ? statedDebits - debits.length : 0;
    const moved = Math.min(Math.max(want, 0), zeros);
    if (stated !== undefined && stated !== credits.length - moved) {
      mismatch("credit count", String(stated), String(credits.length - moved));
    }
    if (statedDebits !== undefined && statedDebits !== debits.length + moved) {
      mismatch("debit count", String(statedDebits), String(debits.length + moved));
    }
    const first = s.entries[0]?.amount;
    if (first !== undefined) {
      const sameCurrency = s.entries.every((e) => e.amount.currency === first.currency);
      if (sameCurrency && summary.credits?.sum !== undefined && summary.credits.sum.currency === first.currency) {
        const actual = sumOf(
          credits.map((e) => e.amount),
          first,
        );
        if (compareMoney(actual, summary.credits.sum) !== 0)
          mismatch("credit total", formatMoney(summary.credits.sum), formatMoney(actual));
      }
      if (sameCurrency && summary.debits?.sum !== undefined && summary.debits.sum.currency === first.currency) {
        // Debit totals are stated as positive sums of the debit amounts.
        const actual = sumOf(
          debits.map((e) => ({ ...e.amount, minor: -e.amount.minor })),
          first,
        );
        if (compareMoney(actual, summary.debits.sum) !== 0) mismatch("debit total", formatMoney(summary.debits.sum), formatMoney(actual));
      }
      if (sameCurrency && summary.net !== undefined && summary.net.currency === first.currency) {
        const actual = sumOf(
          s.entries.map((e) => e.amount),
          first,
        );
        if (compareMoney(actual, summary.net) !== 0) mismatch("net total", formatMoney(summary.net), formatMoney(actual));
      }
    }
  }
  return issues;
}

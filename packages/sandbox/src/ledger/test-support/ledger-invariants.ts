/**
 * Checks that a ground truth adds up: the invariants every consumer of the sandbox relies on. Returns the
 * problems found (empty when the books are sound), so a property test can report the first broken seed.
 *
 * @module
 */
import type { GroundTruth } from "../ledger-types.js";

/** Every way the books can fail to add up, as readable lines. */
export function ledgerProblems(truth: GroundTruth): string[] {
  const problems: string[] = [];
  const allTx = new Map<
    string,
    { accountId: string; amount: bigint; bookedAt: string; status: string; releasedAt?: string; kind: string; seq: number }
  >();
  let seq = 0;
  for (const acc of truth.accounts) {
    for (const tx of acc.transactions) {
      const key = `${tx.bankId}/${tx.id}`;
      if (allTx.has(key)) problems.push(`duplicate id ${key}`);
      allTx.set(key, {
        accountId: tx.accountId,
        amount: BigInt(tx.amount),
        bookedAt: tx.bookedAt,
        status: tx.status,
        kind: tx.kind,
        seq: seq++,
        ...(tx.releasedAt === undefined ? {} : { releasedAt: tx.releasedAt }),
      });
    }
  }
  for (const acc of truth.accounts) {
    const id = acc.account.id;
    const byDay = new Map<string, bigint>();
    let running = BigInt(acc.account.openingBalance);
    let lastDate = "";
    let lastSeq = 0;
    for (const tx of acc.transactions) {
      if (tx.accountId !== id) problems.push(`${tx.id} listed under ${id} but belongs to ${tx.accountId}`);
      if (tx.currency !== acc.account.currency) problems.push(`${tx.id} currency ${tx.currency} on a ${acc.account.currency} account`);
      if (tx.bookingDate < lastDate) problems.push(`${tx.id} out of booking order`);
      if (tx.status === "booked") {
        running += BigInt(tx.amount);
        byDay.set(tx.bookingDate, (byDay.get(tx.bookingDate) ?? 0n) + BigInt(tx.amount));
        const expectedSeq = tx.bookingDate === lastDate ? lastSeq + 1 : 1;
        if (tx.daySequence !== expectedSeq) problems.push(`${tx.id} daySequence ${tx.daySequence}, expected ${expectedSeq}`);
        lastSeq = tx.daySequence;
        lastDate = tx.bookingDate;
      }
      if (BigInt(tx.balanceAfter) !== running) problems.push(`${tx.id} balanceAfter ${tx.balanceAfter}, running sum ${running}`);
      if (running < -BigInt(acc.account.creditLine) && tx.kind !== "outgoingPayment")
        problems.push(`${tx.id} takes ${id} to ${running}, below its credit line ${acc.account.creditLine}`);
      if (tx.reversalOf !== undefined) {
        const original = allTx.get(`${tx.bankId}/${tx.reversalOf}`);
        if (original === undefined) problems.push(`${tx.id} reverses unknown ${tx.reversalOf}`);
        else {
          if (original.amount !== -BigInt(tx.amount))
            problems.push(`${tx.id} reverses ${tx.reversalOf} with amount ${tx.amount}, original ${original.amount}`);
          if (original.bookedAt > tx.bookedAt) problems.push(`${tx.id} reverses a later entry`);
          if (original.accountId !== tx.accountId) problems.push(`${tx.id} reverses an entry of another account`);
        }
      }
      if (tx.kind === "cardSettlement") {
        const auth = tx.authorisationId === undefined ? undefined : allTx.get(`${tx.bankId}/${tx.authorisationId}`);
        if (auth === undefined) problems.push(`${tx.id} settles unknown authorisation ${tx.authorisationId}`);
        else if (auth.status !== "pending" || auth.kind !== "cardAuthorisation")
          problems.push(`${tx.id} settles ${tx.authorisationId}, not a pending authorisation`);
        else if (auth.releasedAt !== tx.bookedAt)
          problems.push(`${tx.id}: authorisation ${tx.authorisationId} released at ${auth.releasedAt}, settled at ${tx.bookedAt}`);
      }
      if (tx.kind === "fxConversion") {
        if (tx.fx === undefined) problems.push(`${tx.id} FX without fx`);
        else if (BigInt(tx.fx.amount) < 0n === BigInt(tx.amount) < 0n) problems.push(`${tx.id} FX legs with the same sign`);
      }
    }
    if (BigInt(acc.balances.online) !== running) problems.push(`${id} online ${acc.balances.online}, journal sums to ${running}`);
    let previous = BigInt(acc.account.openingBalance);
    let first = true;
    for (const day of acc.dailyBalances) {
      if (first && day.date !== acc.account.openedOn)
        problems.push(`${id} daily balances start ${day.date}, opened ${acc.account.openedOn}`);
      if (BigInt(day.previousDay) !== previous) problems.push(`${id} ${day.date} previousDay ${day.previousDay}, expected ${previous}`);
      const closing = BigInt(day.previousDay) + (byDay.get(day.date) ?? 0n);
      if (BigInt(day.closingBooked) !== closing) problems.push(`${id} ${day.date} closing ${day.closingBooked}, expected ${closing}`);
      previous = BigInt(day.closingBooked);
      first = false;
    }
    if (previous !== running) problems.push(`${id} last closing ${previous}, journal sums to ${running}`);
  }
  // FX legs pair up: each FX leg has a partner leg on another account of the same company with the mirrored amounts.
  const fxLegs = truth.accounts.flatMap((a) =>
    a.transactions.filter((t) => t.kind === "fxConversion").map((t) => ({ t, company: a.account.companyId })),
  );
  for (const { t, company } of fxLegs) {
    const partner = fxLegs.find(
      (o) =>
        o.t.id !== t.id &&
        o.t.bookedAt === t.bookedAt &&
        o.t.fx?.amount === t.amount &&
        t.fx?.amount === o.t.amount &&
        o.t.currency === t.fx?.currency,
    );
    if (partner === undefined) problems.push(`FX leg ${t.id} has no partner`);
    else if (partner.company !== company) problems.push(`FX leg ${t.id} pairs with another company's account`);
  }
  return problems;
}

/**
 * A tiny in-memory {@link Ledger} double for unit tests of code that only needs accounts, balances and
 * postings. It books everything on the first of the clock's day and generates no history; integration
 * tests use the real `createLedger`.
 *
 * @module
 */
import type { IsoDate, IsoDateTime } from "@bankbridge/hub/core";
import type { SimClock } from "../../clock/sim-clock.js";
import type { Ledger, SandboxAccount, SandboxBalances, SandboxBank, SandboxTransaction } from "../../ledger/ledger-types.js";

const CMB: SandboxBank = {
  id: "cmb",
  name: "招商银行",
  nameEn: "China Merchants Bank",
  bic: "CMBCCNBS",
  cnBankCode: "308",
  country: "CN",
  utcOffsetMinutes: 480,
};

/** A fake ledger holding `accounts` at CMB. */
export function createFakeLedger(clock: SimClock, accounts: readonly SandboxAccount[]): Ledger & { posted: SandboxTransaction[] } {
  const posted: SandboxTransaction[] = [];
  const day = (): IsoDate => new Date(clock.now() + 8 * 3_600_000).toISOString().slice(0, 10) as IsoDate;
  const booked = (accountId: string): bigint => {
    const account = accounts.find((a) => a.id === accountId);
    if (account === undefined) throw new RangeError(`unknown account ${accountId}`);
    return posted.filter((t) => t.accountId === accountId).reduce((s, t) => s + t.amount, account.openingBalance);
  };
  const balances = (accountId: string): SandboxBalances => {
    const account = accounts.find((a) => a.id === accountId);
    if (account === undefined) throw new RangeError(`unknown account ${accountId}`);
    const online = booked(accountId);
    return {
      accountId,
      currency: account.currency,
      asOf: new Date(clock.now()).toISOString() as IsoDateTime,
      online,
      available: online + account.creditLine,
      frozen: 0n,
      previousDay: account.openingBalance,
      creditLine: account.creditLine,
    };
  };
  const unsupported = (): never => {
    throw new Error("not in the fake ledger");
  };
  return {
    posted,
    seed: "fake",
    banks: () => [CMB],
    bank: () => CMB,
    companies: () => [],
    accounts: () => accounts,
    account: (id) => accounts.find((a) => a.id === id),
    transactions: (id) => posted.filter((t) => t.accountId === id),
    transaction: (id) => posted.find((t) => t.id === id),
    balances,
    dailyBalances: unsupported,
    today: day,
    post(request) {
      const account = accounts.find((a) => a.id === request.accountId);
      if (account === undefined) throw new RangeError(`unknown account ${request.accountId}`);
      const date = day();
      const tx: SandboxTransaction = {
        id: `T${String(posted.length + 1).padStart(8, "0")}`,
        accountId: account.id,
        bankId: account.bankId,
        status: "booked",
        kind: request.kind,
        amount: request.amount,
        currency: account.currency,
        bookingDate: date,
        valueDate: date,
        bookedAt: new Date(clock.now()).toISOString() as IsoDateTime,
        daySequence: posted.filter((t) => t.accountId === account.id && t.bookingDate === date).length + 1,
        balanceAfter: booked(account.id) + request.amount,
        counterparty: request.counterparty,
        summary: request.summary,
        bankTransactionCode: { domain: "PMNT", family: "ICDT", subFamily: "DMCT" },
        proprietaryCode: "N02030",
        receiptKey: `R${posted.length + 1}`,
        ...(request.clientReference !== undefined ? { clientReference: request.clientReference } : {}),
      };
      posted.push(tx);
      return tx;
    },
    onBooked: () => () => undefined,
    groundTruth: unsupported,
  };
}

/** A CMB CNY account for tests. */
export function fakeAccount(id: string, overrides: Partial<SandboxAccount> = {}): SandboxAccount {
  return {
    id,
    bankId: "cmb",
    companyId: "C1",
    holderName: "深圳市测试科技有限公司",
    currency: "CNY",
    branchName: "招商银行深圳分行",
    cnapsCode: "308584000013",
    status: "A",
    openedOn: "2026-01-01" as IsoDate,
    openingBalance: 1_000_000_00n,
    creditLine: 0n,
    product: "基本存款账户",
    ...overrides,
  };
}

/**
 * The seeded ledger: the simulated banks' books. History is booked at creation for the days before the
 * clock's start; as the clock moves, each due event books at its own simulated instant, in one total order
 * (instant, account, event key), so the books come out the same however the clock was advanced.
 *
 * @module
 */
import type { IsoDate, IsoDateTime } from "@bankbridge/hub/core";
import type { SimClock } from "../clock/sim-clock.js";
import { createSeededRandom, type SeededRandom } from "../random/seeded-random.js";
import { groundTruthOf } from "./ground-truth.js";
import { localDate, localDateTime, shiftDate, startOfLocalDay } from "./ledger-calendar.js";
import { type Channel, isoCode, proprietaryCode } from "./ledger-codes.js";
import { createParties } from "./ledger-parties.js";
import { type LegIntent, type ScheduleContext, type ScheduledEvent, scheduleDay } from "./ledger-schedule.js";
import type {
  BookingListener,
  Ledger,
  PostingRequest,
  SandboxAccount,
  SandboxBalances,
  SandboxBank,
  SandboxBankId,
  SandboxDailyBalance,
  SandboxTransaction,
  TransactionQuery,
} from "./ledger-types.js";
import { type AccountProfile, createWorld } from "./ledger-world.js";

/** Options for {@link createLedger}. */
export interface CreateLedgerOptions {
  /** Everything generated (accounts, balances, every day's transactions) follows from this text. */
  readonly seed: string;
  readonly clock: SimClock;
  /** Days of history booked before the clock's start day (0: the books open today). */
  readonly historyDays: number;
  /**
   * Told when an {@link Ledger.onBooked} listener throws (the books are already consistent by then). Without
   * it the first error is rethrown to whoever moved the clock or posted, after every listener was told.
   */
  readonly onListenerError?: (error: unknown, tx: SandboxTransaction) => void;
}

/** The ids an entry points at. */
interface Links {
  reversalOf?: string;
  authorisationId?: string;
}

interface AccountState {
  readonly profile: AccountProfile;
  readonly account: SandboxAccount;
  readonly bank: SandboxBank;
  /** Booked and pending entries in booking order; an authorisation is replaced in place when released. */
  readonly journal: SandboxTransaction[];
  booked: bigint;
  /** Journal indexes of authorisations not yet released. */
  readonly openAuthorisations: Set<number>;
  lastBookedDate: string;
  daySequence: number;
  lastPendingDate: string;
  pendingSequence: number;
  /** The next local day whose schedule has not been generated. */
  nextDay: IsoDate;
  /** ICBC-style receipt key parts. */
  readonly areaCode: string;
  readonly netCode: string;
}

interface BankSerial {
  counter: number;
  readonly branch: string;
}

function pad(n: number | bigint, width: number): string {
  return String(n).padStart(width, "0");
}

function compareEvents(a: ScheduledEvent, b: ScheduledEvent): number {
  return a.atMs - b.atMs || a.accountIndex - b.accountIndex || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * A ledger for `seed`. It subscribes to the clock: every advance books what became due (and tells the
 * {@link Ledger.onBooked} listeners). Reads also catch up first, so a clock with `speed` > 0 never shows stale
 * books.
 *
 * Generated debits never take an account below its available balance (booked − frozen − open card
 * authorisations + credit line): a debit that does not fit is shrunk (to 80 % of what is available) or
 * skipped; a card settlement that does not fit lets its authorisation expire instead. {@link Ledger.post}
 * books what it is told: the payment engine checks funds before it posts.
 *
 * @example const ledger = createLedger({ seed: "42", clock, historyDays: 30 }); ledger.balances(ledger.accounts()[0].id);
 */
export function createLedger(options: CreateLedgerOptions): Ledger {
  const { seed, clock } = options;
  if (!Number.isInteger(options.historyDays) || options.historyDays < 0 || options.historyDays > 3660)
    throw new RangeError("historyDays must be an integer from 0 to 3660");
  const root: SeededRandom = createSeededRandom(seed);
  const startMs = clock.now();
  const world = createWorld(root.fork("world"), (bank) => shiftDate(localDate(startMs, bank.utcOffsetMinutes), -options.historyDays));
  const parties = createParties(root.fork("parties"));
  const scheduleRoot = root.fork("schedule");
  const bankById = new Map(world.banks.map((b) => [b.id, b]));
  const bankOf = (id: SandboxBankId): SandboxBank => bankById.get(id) as SandboxBank;
  const states = new Map<string, AccountState>();
  for (const profile of world.profiles) {
    states.set(profile.account.id, {
      profile,
      account: profile.account,
      bank: bankOf(profile.account.bankId),
      journal: [],
      booked: profile.account.openingBalance,
      openAuthorisations: new Set(),
      lastBookedDate: "",
      daySequence: 0,
      lastPendingDate: "",
      pendingSequence: 0,
      nextDay: profile.account.openedOn,
      areaCode: profile.account.id.slice(0, 4),
      netCode: profile.account.id.slice(4, 9),
    });
  }
  const serialRng = root.fork("serials");
  const serials = new Map<SandboxBankId, BankSerial>(
    world.banks.map((b) => [
      b.id,
      {
        counter: serialRng.int(10_000, 99_999),
        branch: b.id === "ccb" ? `${serialRng.int(31, 44)}${serialRng.digits(7)}` : serialRng.digits(4),
      },
    ]),
  );
  const byId = new Map<string, { state: AccountState; index: number }>();
  /** Booked transaction id of each scheduled leg (`<event key>#<leg>`), for reversals and settlements. */
  const legTx = new Map<string, string>();
  const listeners = new Set<BookingListener>();
  let queue: ScheduledEvent[] = [];
  let head = 0;
  let busy = false;

  const stateOf = (accountId: string): AccountState => {
    const s = states.get(accountId);
    if (s === undefined) throw new RangeError(`unknown account ${accountId}`);
    return s;
  };

  const openAuthorised = (s: AccountState): bigint => {
    let sum = 0n;
    for (const i of s.openAuthorisations) sum += -(s.journal[i] as SandboxTransaction).amount;
    return sum;
  };
  const available = (s: AccountState): bigint => s.booked - s.profile.frozen - openAuthorised(s) + s.account.creditLine;

  const scheduleContext = (profile: AccountProfile): ScheduleContext => ({
    profile,
    bank: bankOf(profile.account.bankId),
    parties,
    accountById: (id) => states.get(id)?.profile,
    bankOf: (p) => bankOf(p.account.bankId),
  });
  const contexts = new Map(world.profiles.map((p) => [p.account.id, scheduleContext(p)]));

  /** Generates the schedule of every day that has begun by `t`. */
  const generateThrough = (t: number): void => {
    const fresh: ScheduledEvent[] = [];
    for (const s of states.values()) {
      while (startOfLocalDay(s.nextDay, s.bank.utcOffsetMinutes) <= t) {
        const ctx = contexts.get(s.account.id) as ScheduleContext;
        fresh.push(...scheduleDay(ctx, s.nextDay, scheduleRoot.fork(`${s.account.id}:${s.nextDay}`)));
        s.nextDay = shiftDate(s.nextDay, 1);
      }
    }
    if (fresh.length > 0) {
      queue = queue.slice(head).concat(fresh).sort(compareEvents);
      head = 0;
    }
  };

  const nextId = (s: AccountState, date: string): string => {
    const serial = serials.get(s.bank.id) as BankSerial;
    serial.counter += 1;
    const ymd = date.replaceAll("-", "");
    switch (s.bank.id) {
      case "icbc":
        return `${ymd.slice(2)}${pad(serial.counter, 12)}`;
      case "cmb":
        return `K${serial.branch}${pad(serial.counter, 9)}C`;
      case "ccb":
        return `${serial.branch}A${pad(serial.counter, 9)}`;
      case "eubank":
        return `EB${ymd.slice(2)}${pad(serial.counter, 8)}`;
      case "hkbank":
        return `HK${ymd.slice(2)}${pad(serial.counter, 8)}`;
    }
  };

  const receiptKey = (s: AccountState, id: string, date: string, daySequence: number): string => {
    switch (s.bank.id) {
      case "icbc":
        // 地区号|网点号|柜员号|主机交易流水号, as ICBC's Toutfo.
        return `${s.areaCode}|${s.netCode}|${pad((Number(id.slice(-5)) % 89) + 10, 5)}|${id}`;
      case "cmb":
        // DCSIGREC finds a receipt by account, date and trsseq.
        return `${s.account.id}|${date}|${daySequence}`;
      case "ccb":
        return `${serials.get("ccb")?.branch ?? ""}|${date.replaceAll("-", "")}|${id}`;
      default:
        return `${s.bank.id}|${date}|${id}`;
    }
  };

  /** Appends one entry to an account's journal (no listener call). */
  const book = (s: AccountState, leg: LegIntent, amount: bigint, atMs: number, links: Links = {}): SandboxTransaction => {
    const off = s.bank.utcOffsetMinutes;
    const date = localDate(atMs, off);
    const pending = leg.pending === true;
    let daySequence: number;
    if (pending) {
      s.pendingSequence = s.lastPendingDate === date ? s.pendingSequence + 1 : 1;
      s.lastPendingDate = date;
      daySequence = s.pendingSequence;
    } else {
      s.daySequence = s.lastBookedDate === date ? s.daySequence + 1 : 1;
      s.lastBookedDate = date;
      daySequence = s.daySequence;
      s.booked += amount;
    }
    const id = nextId(s, date);
    // Keys in the contract's order: the ground truth serialises them as they are.
    const tx: SandboxTransaction = {
      id,
      accountId: s.account.id,
      bankId: s.bank.id,
      status: pending ? "pending" : "booked",
      kind: leg.kind,
      amount,
      currency: s.account.currency,
      bookingDate: date,
      valueDate: leg.valueDateOffset ? shiftDate(date, leg.valueDateOffset) : date,
      bookedAt: localDateTime(atMs, off),
      daySequence,
      balanceAfter: s.booked,
      counterparty: leg.counterparty,
      summary: leg.summary,
      ...(leg.purpose === undefined ? {} : { purpose: leg.purpose }),
      ...(leg.remittance === undefined ? {} : { remittance: leg.remittance }),
      ...(leg.invoiceRefs === undefined || leg.invoiceRefs.length === 0 ? {} : { invoiceRefs: leg.invoiceRefs }),
      bankTransactionCode: leg.bankTransactionCode,
      proprietaryCode: leg.proprietaryCode,
      ...(leg.endToEndId === undefined ? {} : { endToEndId: leg.endToEndId }),
      ...(leg.clientReference === undefined ? {} : { clientReference: leg.clientReference }),
      ...(links.reversalOf === undefined ? {} : { reversalOf: links.reversalOf }),
      ...(links.authorisationId === undefined ? {} : { authorisationId: links.authorisationId }),
      ...(leg.fx === undefined ? {} : { fx: leg.fx }),
      receiptKey: receiptKey(s, id, date, daySequence),
    };
    const frozen = Object.freeze(tx) as SandboxTransaction;
    const index = s.journal.length;
    s.journal.push(frozen);
    byId.set(id, { state: s, index });
    if (pending) s.openAuthorisations.add(index);
    return frozen;
  };

  /** Marks an open authorisation released at `atMs`. */
  const release = (authId: string, atMs: number): void => {
    const found = byId.get(authId);
    if (found === undefined) return;
    const { state, index } = found;
    const auth = state.journal[index] as SandboxTransaction;
    state.journal[index] = Object.freeze({ ...auth, releasedAt: localDateTime(atMs, state.bank.utcOffsetMinutes) });
    state.openAuthorisations.delete(index);
  };

  /** Resolves the balance-dependent amounts of an event's legs; undefined when the event does not book. */
  const resolve = (event: ScheduledEvent): { legs: readonly LegIntent[]; amounts: bigint[] } | undefined => {
    let legs = event.legs;
    const amounts: bigint[] = [];
    for (const leg of legs) {
      const s = stateOf(leg.accountId);
      if (leg.interestRate !== undefined) {
        // A quarter's interest (90/360) on the balance now; nothing on a debit balance.
        const micros = BigInt(Math.round(leg.interestRate * 1_000_000));
        const interest = s.booked > 0n ? (s.booked * micros * 90n) / (360n * 1_000_000n) : 0n;
        if (interest <= 0n) return undefined;
        amounts.push(interest);
      } else if (leg.reversalOf !== undefined) {
        const originalId = legTx.get(leg.reversalOf);
        const original = originalId === undefined ? undefined : byId.get(originalId);
        if (original === undefined) return undefined;
        amounts.push(-(original.state.journal[original.index] as SandboxTransaction).amount);
      } else if (leg.authorisation !== undefined) {
        if (!legTx.has(leg.authorisation)) return undefined;
        amounts.push(leg.amount);
      } else amounts.push(leg.amount);
    }
    // Affordability of each debit leg.
    for (let i = 0; i < legs.length; i++) {
      const amount = amounts[i] as bigint;
      if (amount >= 0n) continue;
      const leg = legs[i] as LegIntent;
      const s = stateOf(leg.accountId);
      let room = available(s);
      if (leg.authorisation !== undefined) {
        const authId = legTx.get(leg.authorisation) as string;
        const auth = byId.get(authId);
        if (auth?.state.openAuthorisations.has(auth.index)) room += -(auth.state.journal[auth.index] as SandboxTransaction).amount;
      }
      if (-amount <= room) continue;
      if (event.resize === undefined || event.minDebit === undefined) return undefined;
      const shrunk = (room * 8n) / 10n;
      if (shrunk < event.minDebit) return undefined;
      legs = event.resize(shrunk);
      return resolveFixed(legs);
    }
    return { legs, amounts };
  };
  const resolveFixed = (legs: readonly LegIntent[]): { legs: readonly LegIntent[]; amounts: bigint[] } | undefined => {
    const amounts = legs.map((l) => l.amount);
    for (let i = 0; i < legs.length; i++) {
      const amount = amounts[i] as bigint;
      if (amount < 0n && -amount > available(stateOf((legs[i] as LegIntent).accountId))) return undefined;
    }
    return { legs, amounts };
  };

  const bookEvent = (event: ScheduledEvent, told: SandboxTransaction[]): void => {
    const resolved = resolve(event);
    if (resolved === undefined) {
      // A card settlement the account cannot take: the authorisation expires instead.
      const settle = event.legs[0]?.authorisation;
      // Listeners are not told again: they heard of the authorisation when it was made.
      if (settle !== undefined && legTx.has(settle)) release(legTx.get(settle) as string, event.atMs);
      return;
    }
    resolved.legs.forEach((leg, i) => {
      const s = stateOf(leg.accountId);
      const extra: Links = {};
      if (leg.reversalOf !== undefined) extra.reversalOf = legTx.get(leg.reversalOf) as string;
      if (leg.authorisation !== undefined) extra.authorisationId = legTx.get(leg.authorisation) as string;
      const tx = book(s, leg, resolved.amounts[i] as bigint, event.atMs, extra);
      legTx.set(`${event.key}#${i}`, tx.id);
      if (extra.authorisationId !== undefined) release(extra.authorisationId, event.atMs);
      told.push(tx);
    });
  };

  const notify = (told: readonly SandboxTransaction[]): void => {
    let failure: unknown;
    for (const tx of told) {
      for (const l of [...listeners]) {
        try {
          l(tx);
        } catch (error) {
          // One broken listener must not stop the others or leave the books half-told.
          if (options.onListenerError !== undefined) options.onListenerError(error, tx);
          else failure ??= error;
        }
      }
    }
    if (failure !== undefined) throw failure;
  };

  /** Books every scheduled event due by `t`, in order, and tells the listeners. */
  const catchUp = (t: number): void => {
    if (busy) return;
    busy = true;
    const told: SandboxTransaction[] = [];
    try {
      generateThrough(t);
      while (head < queue.length && (queue[head] as ScheduledEvent).atMs <= t) {
        bookEvent(queue[head] as ScheduledEvent, told);
        head++;
      }
      if (head > 1024) {
        queue = queue.slice(head);
        head = 0;
      }
    } finally {
      busy = false;
    }
    notify(told);
  };

  const now = (): number => {
    const t = clock.now();
    catchUp(t);
    return t;
  };

  const channelOf = (s: AccountState): Channel =>
    s.bank.id === "eubank" ? "sepa" : s.bank.cnBankCode !== undefined && s.account.currency === "CNY" ? "domestic" : "crossBorder";

  const dailyOf = (s: AccountState, from: IsoDate, to: IsoDate): SandboxDailyBalance[] => {
    const today = localDate(clock.now(), s.bank.utcOffsetMinutes);
    const first = from > s.account.openedOn ? from : s.account.openedOn;
    const last = to < today ? to : today;
    const out: SandboxDailyBalance[] = [];
    if (first > last) return out;
    const pending = s.journal.filter((tx) => tx.status === "pending");
    let running = s.account.openingBalance;
    let i = 0;
    for (let d = s.account.openedOn; d <= last; d = shiftDate(d, 1)) {
      const previousDay = running;
      while (i < s.journal.length && (s.journal[i] as SandboxTransaction).bookingDate <= d) {
        const tx = s.journal[i] as SandboxTransaction;
        if (tx.status === "booked") running += tx.amount;
        i++;
      }
      if (d < first) continue;
      let open = 0n;
      for (const p of pending) if (p.bookingDate <= d && (p.releasedAt === undefined || p.releasedAt.slice(0, 10) > d)) open += -p.amount;
      out.push({
        accountId: s.account.id,
        date: d,
        previousDay,
        closingBooked: running,
        frozen: s.profile.frozen,
        available: running - s.profile.frozen - open + s.account.creditLine,
      });
    }
    return out;
  };

  const ledger: Ledger = {
    seed,
    banks: () => world.banks,
    bank: (id) => {
      const b = bankById.get(id);
      if (b === undefined) throw new RangeError(`unknown bank ${id}`);
      return b;
    },
    companies: () => world.companies,
    accounts: (bankId) => world.profiles.map((p) => p.account).filter((a) => bankId === undefined || a.bankId === bankId),
    account: (accountId) => states.get(accountId)?.account,
    transactions(accountId, query: TransactionQuery = {}) {
      now();
      const s = states.get(accountId);
      if (s === undefined) return [];
      const status = query.status ?? "booked";
      return s.journal.filter(
        (tx) =>
          (status === "both" || tx.status === status) &&
          (query.from === undefined || tx.bookingDate >= query.from) &&
          (query.to === undefined || tx.bookingDate <= query.to),
      );
    },
    transaction(id) {
      now();
      const found = byId.get(id);
      return found === undefined ? undefined : found.state.journal[found.index];
    },
    balances(accountId): SandboxBalances {
      const t = now();
      const s = stateOf(accountId);
      const today = localDate(t, s.bank.utcOffsetMinutes);
      let todays = 0n;
      for (let i = s.journal.length - 1; i >= 0; i--) {
        const tx = s.journal[i] as SandboxTransaction;
        if (tx.bookingDate < today) break;
        if (tx.status === "booked") todays += tx.amount;
      }
      return {
        accountId,
        currency: s.account.currency,
        asOf: localDateTime(t, s.bank.utcOffsetMinutes),
        online: s.booked,
        available: available(s),
        frozen: s.profile.frozen,
        previousDay: s.booked - todays,
        creditLine: s.account.creditLine,
      };
    },
    dailyBalances(accountId, from, to) {
      now();
      return dailyOf(stateOf(accountId), from, to);
    },
    today: (bankId) => localDate(clock.now(), ledger.bank(bankId).utcOffsetMinutes),
    post(request: PostingRequest): SandboxTransaction {
      const s = stateOf(request.accountId);
      const t = now();
      const original = request.reversalOf === undefined ? undefined : byId.get(request.reversalOf);
      if (request.reversalOf !== undefined && original === undefined)
        throw new RangeError(`unknown transaction ${request.reversalOf} to reverse`);
      const originalTx = original === undefined ? undefined : original.state.journal[original.index];
      const leg: LegIntent = {
        accountId: request.accountId,
        kind: request.kind,
        amount: request.amount,
        counterparty: request.counterparty,
        summary: request.summary,
        ...(request.purpose === undefined ? {} : { purpose: request.purpose }),
        ...(request.remittance === undefined ? {} : { remittance: request.remittance }),
        ...(request.clientReference === undefined ? {} : { clientReference: request.clientReference }),
        ...(request.endToEndId === undefined ? {} : { endToEndId: request.endToEndId }),
        bankTransactionCode: originalTx?.bankTransactionCode ?? isoCode(request.kind, channelOf(s), request.amount > 0n),
        proprietaryCode: proprietaryCode(s.bank.id, request.kind),
      };
      const tx = book(s, leg, request.amount, t, request.reversalOf === undefined ? {} : { reversalOf: request.reversalOf });
      notify([tx]);
      return tx;
    },
    onBooked(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    groundTruth() {
      now();
      return groundTruthOf(ledger, new Date(clock.now()).toISOString() as IsoDateTime);
    },
  };
  catchUp(startMs);
  clock.onAdvance((t) => catchUp(t));
  return ledger;
}

/**
 * What happens on one account on one bank day. Each (account, day) draws from its own stream,
 * `rng.fork("<account>:<date>")`, so a day's schedule is the same whenever and however the clock reaches it.
 * The schedule holds intents; amounts that depend on the balance (shrinking a debit the account cannot
 * afford, interest on the balance, the reversal of an entry) are settled when the intent books.
 *
 * @module
 */
import type { IsoDate } from "@bankbridge/hub/core";
import type { SeededRandom } from "../random/seeded-random.js";
import { dayOfYear, shiftDate, startOfLocalDay, weekday } from "./ledger-calendar.js";
import { type Channel, isoCode, proprietaryCode } from "./ledger-codes.js";
import { CARD_MERCHANTS, type Parties, type Party } from "./ledger-parties.js";
import type { SandboxBank, SandboxCounterparty, SandboxTransaction, SandboxTransactionKind } from "./ledger-types.js";
import type { AccountProfile } from "./ledger-world.js";

/** One leg of a scheduled event: what books on one account. */
export interface LegIntent {
  readonly accountId: string;
  readonly kind: SandboxTransactionKind;
  /** Signed minor units (ignored for `interestRate` and `reversalOf` legs, computed at booking). */
  readonly amount: bigint;
  readonly counterparty: SandboxCounterparty;
  readonly summary: string;
  readonly purpose?: string;
  readonly remittance?: string;
  readonly invoiceRefs?: readonly string[];
  readonly bankTransactionCode: SandboxTransaction["bankTransactionCode"];
  readonly proprietaryCode: string;
  readonly endToEndId?: string;
  readonly clientReference?: string;
  /** Value date relative to the booking date, in days (interest is value-dated the day before). */
  readonly valueDateOffset?: number;
  readonly fx?: SandboxTransaction["fx"];
  /** A card authorisation: books as pending. */
  readonly pending?: true;
  /** Key of the leg this reverses (`<event key>#<leg>`); the amount is the opposite of what it booked. */
  readonly reversalOf?: string;
  /** Key of the authorisation leg this card settlement settles. */
  readonly authorisation?: string;
  /** Annual rate; the amount is a quarter's interest on the balance at booking. */
  readonly interestRate?: number;
}

/** An event: one or more legs booking at the same instant (an FX conversion or internal transfer has two). */
export interface ScheduledEvent {
  readonly atMs: number;
  /** `<account>:<date>:<n>`: unique, stable, and the last tie-breaker of the booking order. */
  readonly key: string;
  /** Index of the account whose schedule produced it (tie-breaker for equal instants). */
  readonly accountIndex: number;
  readonly legs: readonly LegIntent[];
  /**
   * For a debit the account may not afford: the legs for a smaller debit magnitude. Absent: the event is
   * skipped when the account cannot afford it.
   */
  readonly resize?: (debitMagnitude: bigint) => readonly LegIntent[];
  /** The smallest debit magnitude worth booking after shrinking. */
  readonly minDebit?: bigint;
}

/** Everything a day's generator may look at. */
export interface ScheduleContext {
  readonly profile: AccountProfile;
  readonly bank: SandboxBank;
  readonly parties: Parties;
  /** Other accounts by id (FX and transfer partners). */
  readonly accountById: (id: string) => AccountProfile | undefined;
  readonly bankOf: (profile: AccountProfile) => SandboxBank;
}

const CHINESE_BANKS = new Set(["icbc", "cmb", "ccb"]);

/** How much flows through an account of each role (major units; counts per weekday). */
interface Flow {
  readonly receipts: readonly [number, number];
  readonly receiptMajor: readonly [number, number];
  readonly supplierChance: number;
  readonly supplierCount: number;
  readonly supplierMajor: readonly [number, number];
}

// Tuned so that money in and out roughly balance over a quarter: balances drift, they do not explode.
const FLOWS: Record<AccountProfile["role"], Flow> = {
  operating: { receipts: [0, 3], receiptMajor: [8_000, 300_000], supplierChance: 0.8, supplierCount: 3, supplierMajor: [2_000, 200_000] },
  general: { receipts: [0, 1], receiptMajor: [8_000, 260_000], supplierChance: 0.8, supplierCount: 3, supplierMajor: [2_000, 220_000] },
  foreign: { receipts: [0, 2], receiptMajor: [800, 40_000], supplierChance: 0.3, supplierCount: 2, supplierMajor: [300, 25_000] },
  euro: { receipts: [0, 2], receiptMajor: [300, 25_000], supplierChance: 0.7, supplierCount: 2, supplierMajor: [300, 8_000] },
  savings: { receipts: [0, 0], receiptMajor: [0, 0], supplierChance: 0, supplierCount: 1, supplierMajor: [0, 0] },
  hk: { receipts: [0, 2], receiptMajor: [2_000, 120_000], supplierChance: 0.7, supplierCount: 2, supplierMajor: [2_000, 150_000] },
};

/** Major units (yuan, dollars…) with random cents, as minor units. */
function money(r: SeededRandom, minMajor: number, maxMajor: number, roundTo = 1): bigint {
  const major = Math.floor(r.int(minMajor, maxMajor) / roundTo) * roundTo;
  return BigInt(major) * 100n + (roundTo > 1 ? 0n : BigInt(r.int(0, 99)));
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}

/** Builds the schedule of one account for one local day. */
export function scheduleDay(ctx: ScheduleContext, date: IsoDate, rng: SeededRandom): ScheduledEvent[] {
  const { profile, bank } = ctx;
  const account = profile.account;
  const events: ScheduledEvent[] = [];
  const dayStart = startOfLocalDay(date, bank.utcOffsetMinutes);
  const dow = weekday(date);
  const weekend = dow === 0 || dow === 6;
  const dom = Number(date.slice(8, 10));
  const month = Number(date.slice(5, 7));
  const year = date.slice(0, 4);
  const chinese = CHINESE_BANKS.has(bank.id);
  const debitsAllowed = account.status === "A";
  let n = 0;
  /** An instant within business hours (seconds resolution). */
  const at = (fromHour: number, toHour: number): number => dayStart + rng.int(fromHour * 3600, toHour * 3600 - 1) * 1000;
  const add = (atMs: number, legs: readonly LegIntent[], extra: Pick<ScheduledEvent, "resize" | "minDebit"> = {}): string => {
    const key = `${account.id}:${date}:${n++}`;
    events.push({ atMs, key, accountIndex: profile.index, legs, ...extra });
    return key;
  };
  const code = (kind: SandboxTransactionKind, channel: Channel, credit: boolean) => ({
    bankTransactionCode: isoCode(kind, channel, credit),
    proprietaryCode: proprietaryCode(bank.id, kind),
  });
  const channel: Channel = bank.id === "eubank" ? "sepa" : chinese && account.currency === "CNY" ? "domestic" : "crossBorder";
  // Invoice numbers: unique within the company (day of year × 16 + account slot × 4 + draw).
  let invoiceDraw = 0;
  const invoiceSeq = (): number => dayOfYear(date) * 16 + profile.slot * 4 + invoiceDraw++;
  const inv = (seq: number): string => `INV-${year}-${pad(seq, 4)}`;
  const fapiao = (): string => `${year.slice(2)}${pad(dayOfYear(date), 3)}${profile.slot}${invoiceDraw++}${rng.int(0, 9)}`;
  const ourRef = (prefix: string): string => `${prefix}${date.replaceAll("-", "")}${pad(n, 3)}`;

  // --- customer receipts ---------------------------------------------------------------------------------
  const flow = FLOWS[profile.role];
  const receiptCount =
    weekend || account.status !== "A"
      ? rng.chance(0.15)
        ? Math.min(1, flow.receipts[1])
        : 0
      : rng.int(flow.receipts[0], flow.receipts[1]);
  for (let i = 0; i < receiptCount && invoiceDraw < 3; i++) {
    const t = at(9, 17);
    if (chinese && account.currency === "CNY") {
      const payer = rng.pick(ctx.parties.cnCustomers);
      const drawn = rng.weighted<"goods" | "fapiao" | "combined" | "partial" | "squeezed" | "bare">([
        ["goods", 4],
        ["fapiao", 2],
        ["combined", 1.5],
        ["partial", 1],
        ["squeezed", 1],
        ["bare", 0.5],
      ]);
      // A combined payment needs two invoice numbers; the account-day has four.
      const style = drawn === "combined" && invoiceDraw > 2 ? "goods" : drawn;
      let remittance: string;
      let refs: string[];
      let summary = "货款";
      if (style === "fapiao") {
        const f = fapiao();
        remittance = `支付${month}月服务费 发票号${f}`;
        refs = [f];
        summary = "服务费";
      } else if (style === "combined") {
        const a = invoiceSeq();
        const b = invoiceSeq();
        remittance = `${inv(a)}/${pad(b, 4)}`;
        refs = [inv(a), inv(b)];
      } else {
        const s = inv(invoiceSeq());
        refs = [s];
        remittance =
          style === "partial"
            ? `${s} 部分付款`
            : style === "squeezed"
              ? `付${s.replaceAll("-", "")}货款`
              : style === "bare"
                ? "货款"
                : `货款 ${s}`;
      }
      const amount = money(
        rng,
        style === "fapiao" ? 3_000 : flow.receiptMajor[0],
        style === "combined" ? Math.round(flow.receiptMajor[1] * 1.8) : flow.receiptMajor[1],
      );
      add(t, [
        {
          accountId: account.id,
          kind: "customerReceipt",
          amount,
          counterparty: payer,
          summary,
          purpose: summary,
          remittance,
          invoiceRefs: refs,
          ...code("customerReceipt", channel, true),
        },
      ]);
    } else {
      const list =
        bank.id === "eubank"
          ? ctx.parties.euCustomers
          : bank.id === "hkbank" && account.currency === "HKD"
            ? ctx.parties.hkCustomers
            : ctx.parties.foreignPayers;
      const payer = rng.pick(list);
      const seq = invoiceSeq();
      const drawn = rng.weighted<"plain" | "word" | "combined" | "partial" | "german">([
        ["plain", 3],
        ["word", 3],
        ["combined", 1],
        ["partial", 1],
        ["german", bank.id === "eubank" ? 2 : 0],
      ]);
      const style = drawn === "combined" && invoiceDraw > 3 ? "plain" : drawn;
      let remittance: string;
      let refs = [inv(seq)];
      if (style === "word") remittance = `Invoice ${year}-${seq} payment`;
      else if (style === "combined") {
        const b = invoiceSeq();
        refs = [inv(seq), inv(b)];
        remittance = `INV ${year}-${pad(seq, 4)}, ${year}-${pad(b, 4)}`;
      } else if (style === "partial") remittance = `${inv(seq)} partial payment`;
      else if (style === "german") remittance = `Rechnung Nr. ${year}-${pad(seq, 4)}`;
      else remittance = `${inv(seq)} PAYMENT`;
      const amount = money(rng, flow.receiptMajor[0], style === "combined" ? Math.round(flow.receiptMajor[1] * 1.8) : flow.receiptMajor[1]);
      const e2e = bank.id === "eubank" ? `E2E${rng.digits(12)}` : undefined;
      add(t, [
        {
          accountId: account.id,
          kind: "customerReceipt",
          amount,
          counterparty: payer,
          summary: chinese ? "汇入汇款" : bank.id === "eubank" ? "SEPA Credit Transfer" : "Inward Remittance",
          remittance,
          invoiceRefs: refs,
          ...(e2e === undefined ? {} : { endToEndId: e2e }),
          ...code("customerReceipt", channel, true),
        },
      ]);
      if (channel === "crossBorder" && chinese) {
        add(t + 60_000, [
          {
            accountId: account.id,
            kind: "bankFee",
            amount: -money(rng, 10, 25, 5),
            counterparty: { name: bank.name },
            summary: "汇入汇款手续费",
            ...code("bankFee", channel, false),
          },
        ]);
      }
    }
  }

  // --- supplier payments (and the transfer fee each one costs at Chinese banks) ----------------------------
  if (debitsAllowed && !weekend && rng.chance(flow.supplierChance)) {
    const count = rng.int(1, flow.supplierCount);
    for (let i = 0; i < count; i++) {
      const t = at(9, 16);
      const suppliers =
        chinese && account.currency === "CNY"
          ? ctx.parties.cnSuppliers
          : bank.id === "eubank"
            ? ctx.parties.euSuppliers
            : ctx.parties.hkSuppliers;
      const supplier: Party = rng.pick(suppliers);
      const magnitude = money(rng, flow.supplierMajor[0], flow.supplierMajor[1]);
      const ref = ourRef(chinese ? "ERP" : "PAY");
      const po = `PO-${year}-${pad(rng.int(1, 999), 4)}`;
      const { purpose: supplierPurpose, ...counterparty } = supplier;
      const leg = (m: bigint): LegIntent => ({
        accountId: account.id,
        kind: "supplierPayment",
        amount: -m,
        counterparty,
        summary: chinese ? (supplierPurpose ?? "货款") : "Payment",
        purpose: supplierPurpose ?? "货款",
        remittance: chinese ? `${supplierPurpose ?? "货款"} 合同号${po}` : `${supplierPurpose ?? "Payment"} ${po}`,
        clientReference: ref,
        ...(bank.id === "eubank" ? { endToEndId: ref } : {}),
        ...code("supplierPayment", channel, false),
      });
      add(t, [leg(magnitude)], { resize: (m) => [leg(m)], minDebit: 100_00n });
      if (chinese && rng.chance(0.7)) {
        const fee = account.currency === "CNY" ? BigInt(rng.pick([550, 1050, 1550, 2000])) : 2500n;
        add(t + rng.int(1, 5) * 60_000, [
          {
            accountId: account.id,
            kind: "bankFee",
            amount: -fee,
            counterparty: { name: bank.name },
            summary: "手续费",
            purpose: "汇划手续费",
            ...code("bankFee", channel, false),
          },
        ]);
      }
    }
  }

  // --- payroll on the 10th (代发工资), social security on the 15th ------------------------------------------
  if (
    debitsAllowed &&
    dom === 10 &&
    (profile.role === "operating" || profile.role === "euro" || (profile.role === "hk" && profile.transferPartner !== undefined))
  ) {
    const t = at(9, 11);
    const prevMonth = month === 1 ? 12 : month - 1;
    const magnitude =
      account.currency === "CNY"
        ? money(rng, 180_000, 1_200_000)
        : account.currency === "HKD"
          ? money(rng, 120_000, 600_000)
          : money(rng, 20_000, 160_000);
    const batch = `DF${date.replaceAll("-", "")}${rng.digits(4)}`;
    const leg = (m: bigint): LegIntent => ({
      accountId: account.id,
      kind: "payroll",
      amount: -m,
      counterparty: chinese ? { name: `${account.holderName}代发工资`, bankName: bank.name } : { name: "Payroll batch" },
      summary: chinese ? "代发工资" : bank.id === "eubank" ? "Lohn/Gehalt" : "Payroll",
      purpose: chinese ? `${prevMonth}月工资` : `Salaries ${year}-${pad(prevMonth, 2)}`,
      clientReference: batch,
      ...code("payroll", channel, false),
    });
    add(t, [leg(magnitude)], { resize: (m) => [leg(m)], minDebit: 1_000_00n });
    if (chinese) {
      add(t + 120_000, [
        {
          accountId: account.id,
          kind: "bankFee",
          amount: -BigInt(rng.int(20, 120)) * 100n,
          counterparty: { name: bank.name },
          summary: "手续费",
          purpose: "代发手续费",
          ...code("bankFee", channel, false),
        },
      ]);
    }
  }

  // --- taxes (代扣税款) on the 15th: VAT monthly, corporate income tax in the month after a quarter ----------
  if (debitsAllowed && dom === 15 && profile.role === "operating" && chinese) {
    const office = ctx.parties.taxOffices[profile.account.companyId === "C001" ? 0 : profile.account.companyId === "C002" ? 1 : 2] as Party;
    const kinds: [string, number, number][] = [["增值税", 20_000, 260_000]];
    if (month === 1 || month === 4 || month === 7 || month === 10) kinds.push(["企业所得税", 30_000, 400_000]);
    for (const [taxName, lo, hi] of kinds) {
      const t = at(8, 10);
      const voucher = `${rng.digits(18)}`;
      const leg = (m: bigint): LegIntent => ({
        accountId: account.id,
        kind: "tax",
        amount: -m,
        counterparty: office,
        summary: "代扣税款",
        purpose: `${taxName} 税票号${voucher}`,
        ...code("tax", channel, false),
      });
      add(t, [leg(money(rng, lo, hi))], { resize: (m) => [leg(m)], minDebit: 100_00n });
    }
  }

  // --- monthly account fee ----------------------------------------------------------------------------------
  if (debitsAllowed && dom === 1) {
    add(at(1, 3), [
      {
        accountId: account.id,
        kind: "bankFee",
        amount: chinese ? -BigInt(rng.pick([50, 100, 200, 300])) * 100n : -BigInt(rng.int(5, 25)) * 100n,
        counterparty: { name: bank.name },
        summary: chinese ? "账户管理费" : bank.id === "eubank" ? "Kontoführungsgebühr" : "Account maintenance fee",
        ...code("bankFee", channel, false),
      },
    ]);
  }

  // --- quarterly interest (结息: the 21st of the last month of a quarter, value-dated the 20th) -------------
  if (dom === 21 && month % 3 === 0) {
    const rate = account.currency === "CNY" ? 0.0035 : account.currency === "EUR" ? 0.005 : 0.001;
    add(at(0, 2), [
      {
        accountId: account.id,
        kind: "interest",
        amount: 0n,
        counterparty: { name: bank.name },
        summary: chinese ? "利息" : "Interest",
        purpose: chinese ? "结息" : "Credit interest",
        valueDateOffset: -1,
        interestRate: rate,
        ...code("interest", channel, true),
      },
    ]);
  }

  // --- FX conversion into the home-currency partner (结汇) -------------------------------------------------
  const fxPartner = profile.fxPartner === undefined ? undefined : ctx.accountById(profile.fxPartner);
  if (debitsAllowed && fxPartner !== undefined && !weekend && rng.chance(0.35)) {
    const mid = fxPartner.account.currency === "HKD" ? 7.8 : 7.1 + rng.next() * 0.2;
    const rate = mid.toFixed(4);
    const rateMicros = BigInt(Math.round(mid * 10_000));
    const t = at(10, 15);
    const partnerBank = ctx.bankOf(fxPartner);
    const deal = `FX${date.replaceAll("-", "")}${rng.digits(5)}`;
    const legs = (m: bigint): LegIntent[] => {
      const converted = (m * rateMicros) / 10_000n;
      return [
        {
          accountId: account.id,
          kind: "fxConversion",
          amount: -m,
          counterparty: { name: fxPartner.account.holderName, account: fxPartner.account.id, bankName: partnerBank.name },
          summary: chinese ? "结汇" : "FX Conversion",
          purpose: chinese ? "即期结汇" : "Spot FX",
          clientReference: deal,
          fx: { currency: fxPartner.account.currency, amount: converted, rate },
          ...code("fxConversion", channel, false),
        },
        {
          accountId: fxPartner.account.id,
          kind: "fxConversion",
          amount: converted,
          counterparty: { name: account.holderName, account: account.id, bankName: bank.name },
          summary: chinese ? "结汇" : "FX Conversion",
          purpose: chinese ? "即期结汇" : "Spot FX",
          clientReference: deal,
          fx: { currency: account.currency, amount: -m, rate },
          bankTransactionCode: isoCode("fxConversion", channel, true),
          proprietaryCode: proprietaryCode(partnerBank.id, "fxConversion"),
        },
      ];
    };
    add(t, legs(money(rng, 5_000, 50_000, 100)), { resize: (m) => legs((m / 100_00n) * 100_00n), minDebit: 1_000_00n });
  }

  // --- internal transfer to the company's other account (资金调拨), on Mondays ------------------------------
  const transferPartner = profile.transferPartner === undefined ? undefined : ctx.accountById(profile.transferPartner);
  if (debitsAllowed && transferPartner !== undefined && dow === 1 && rng.chance(0.6)) {
    const partnerBank = ctx.bankOf(transferPartner);
    const t = at(9, 12);
    const ref = ourRef("TR");
    const sameBank = partnerBank.id === bank.id;
    const legs = (m: bigint): LegIntent[] => [
      {
        accountId: account.id,
        kind: "internalTransfer",
        amount: -m,
        counterparty: {
          name: transferPartner.account.holderName,
          account: transferPartner.account.id,
          bankCode: transferPartner.account.cnapsCode ?? partnerBank.bic,
          bankName: partnerBank.name,
        },
        summary: chinese ? "资金调拨" : "Internal transfer",
        purpose: chinese ? "内部资金调拨" : "Sweep",
        remittance: chinese ? `调拨 ${ref}` : `Transfer ${ref}`,
        clientReference: ref,
        bankTransactionCode: isoCode("internalTransfer", sameBank ? channel : "domestic", false),
        proprietaryCode: proprietaryCode(bank.id, "internalTransfer"),
      },
      {
        accountId: transferPartner.account.id,
        kind: "internalTransfer",
        amount: m,
        counterparty: { name: account.holderName, account: account.id, bankCode: account.cnapsCode ?? bank.bic, bankName: bank.name },
        summary: chinese ? "资金调拨" : "Internal transfer",
        purpose: chinese ? "内部资金调拨" : "Sweep",
        remittance: chinese ? `调拨 ${ref}` : `Transfer ${ref}`,
        bankTransactionCode: isoCode("internalTransfer", sameBank ? channel : "domestic", true),
        proprietaryCode: proprietaryCode(partnerBank.id, "internalTransfer"),
      },
    ];
    const magnitude = account.currency === "CNY" ? money(rng, 50_000, 600_000, 1000) : money(rng, 2_000, 40_000, 100);
    add(t, legs(magnitude), { resize: (m) => legs((m / 1000_00n) * 1000_00n), minDebit: 1000_00n });
  }

  // --- card authorisations at the euro bank, settling 1–3 days later with a different amount -------------
  if (debitsAllowed && profile.role === "euro") {
    const count = rng.int(0, weekend ? 1 : 2);
    for (let i = 0; i < count; i++) {
      const merchant = rng.pick(CARD_MERCHANTS);
      const authorised = money(rng, merchant.min, merchant.max);
      const t = at(7, 22);
      const card = `Card 4921 **** **** ${rng.digits(4)}`;
      const authKey = add(t, [
        {
          accountId: account.id,
          kind: "cardAuthorisation",
          amount: -authorised,
          counterparty: { name: merchant.name },
          summary: "Card authorisation",
          remittance: `${card} ${merchant.name}`,
          pending: true,
          ...code("cardAuthorisation", channel, false),
        },
      ]);
      // Tips raise the amount; currency conversion and partial shipments move it either way.
      const factor = merchant.tip ? 100 + rng.int(5, 15) : 100 + rng.int(-6, 4);
      const settled = (authorised * BigInt(factor)) / 100n || authorised;
      const days = rng.int(1, 3);
      const settleDate = shiftDate(date, days);
      const settleAt = startOfLocalDay(settleDate, bank.utcOffsetMinutes) + rng.int(2 * 3600, 6 * 3600) * 1000;
      events.push({
        atMs: settleAt,
        key: `${account.id}:${date}:${n++}`,
        accountIndex: profile.index,
        legs: [
          {
            accountId: account.id,
            kind: "cardSettlement",
            amount: -settled,
            counterparty: { name: merchant.name },
            summary: "Card payment",
            remittance: `${card} ${merchant.name}`,
            authorisation: `${authKey}#0`,
            ...code("cardSettlement", channel, false),
          },
        ],
      });
    }
  }

  // --- reversals (冲正) of an entry booked earlier the same day ---------------------------------------------
  if (!weekend && rng.chance(0.05) && events.length > 0) {
    const candidates = events.filter(
      (e) =>
        e.legs.length === 1 &&
        e.atMs < dayStart + 15 * 3600_000 &&
        e.legs[0]?.pending !== true &&
        e.legs[0]?.authorisation === undefined &&
        e.legs[0]?.kind !== "interest",
    );
    if (candidates.length > 0) {
      const original = rng.pick(candidates);
      const leg = original.legs[0] as LegIntent;
      const t = original.atMs + rng.int(30, 120) * 60_000;
      add(t, [
        {
          accountId: account.id,
          kind: "reversal",
          amount: 0n,
          counterparty: leg.counterparty,
          summary: chinese ? "冲正" : "Reversal",
          remittance: chinese ? `冲正 ${leg.summary}` : `Reversal of ${leg.summary}`,
          reversalOf: `${original.key}#0`,
          bankTransactionCode: leg.bankTransactionCode,
          proprietaryCode: proprietaryCode(bank.id, "reversal"),
        },
      ]);
    }
  }
  return events;
}

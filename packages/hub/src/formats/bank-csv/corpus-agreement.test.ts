/**
 * Every CSV export of double-entry-generator's examples, read with `--format auto` (through the registry with
 * every format, none named), against upstream's expected `.beancount`: the same transactions, on the same days,
 * with the same signed amounts, counterparties and descriptions. Every deliberate difference is listed below
 * with its reason, and counted, so a new difference fails the test.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Entry, formatMoney, parseDecimal, type Statement } from "../../core/index.js";
import { readWorkbook } from "../excel/index.js";
import { builtinFormats } from "../index.js";
import { createFormatRegistry } from "../registry.js";
import { applyProfile, builtinProfiles, type MappingProfile, matchProfile } from "./index.js";
import { type BeancountTransaction, readBeancount } from "./test-support/beancount-reader.js";
import { corpusBytes, DEG_EXAMPLES } from "./test-support/corpus.js";

const registry = createFormatRegistry(builtinFormats());

/** What is expected of one example. */
interface Example {
  readonly records: string;
  readonly beancount: string;
  /** The built-in profile auto-detection must choose. */
  readonly profile: string;
  /**
   * Upstream's postings on the statement's own account (the bank account, the card, the cash of a securities
   * account): their sum is our signed amount. Upstream writes them from the account's side, as we do.
   */
  readonly side?: RegExp;
  /**
   * For payment platforms, whose own account upstream splits into the payment methods: our signed amount is minus
   * the sum of upstream's income and expense postings.
   */
  readonly counter?: RegExp;
  /** Upstream's stand-in payee for rows without one (its config's default). */
  readonly placeholder?: string;
  /** Our entries upstream does not have, and why. */
  readonly extra?: { readonly count: number; readonly reason: string };
  /** Upstream transactions we do not import, and why. */
  readonly missing?: { readonly count: number; readonly reason: string };
  /** Transactions whose sign upstream takes from its own rules rather than the file, and why. */
  readonly sign?: { readonly count: number; readonly reason: string };
  /**
   * Transactions where upstream has no posting on the statement's side with our amount (it books them between
   * two of the user's own accounts, or splits a fee off), so only the amount's size is compared, and why.
   */
  readonly unsided?: { readonly count: number; readonly reason: string };
}

const UPSTREAM_IGNORES = "upstream's config.yaml drops them with `ignore: true` rules (a user's bookkeeping choice, not the file's)";
const NEUTRAL =
  "the export marks them neither income nor expense (不计收支 / 中性交易 `/`): we keep them as information entries with the amount as stated; upstream signs them by its own rules (refund → in, transfer between the user's own accounts)";

const EXAMPLES: readonly Example[] = [
  {
    records: "abc_debit/example-abc_debit-records.csv",
    beancount: "abc_debit/example-abc_debit-output.beancount",
    profile: "abc-debit",
    side: /^Assets:ABC:DebitCard$/,
    placeholder: "ABC Debit",
  },
  {
    records: "alipay/example-alipay-records.csv",
    beancount: "alipay/example-alipay-output.beancount",
    profile: "alipay",
    counter: /^(Expenses|Income):/,
    extra: {
      count: 1,
      reason:
        "退款-一卡通充值: upstream drops a refund together with the order it refunds (order id prefix, same amount); we keep the refund as an information entry, and its order, closed (交易关闭), is not imported",
    },
    sign: { count: 1, reason: NEUTRAL },
  },
  {
    records: "bmo/credit/example-bmo-records.csv",
    beancount: "bmo/credit/example-bmo-credit-output.beancount",
    profile: "bmo-credit",
    side: /^Liabilities:CreditCard:BMO$/,
    placeholder: "BMO",
  },
  {
    records: "bmo/debit/example-bmo-records.csv",
    beancount: "bmo/debit/example-bmo-debit-output.beancount",
    profile: "bmo-debit",
    side: /^Assets:DebitCard:BMOChequing$/,
    placeholder: "BMO",
  },
  {
    records: "boc/credit/example-boc-records.csv",
    beancount: "boc/credit/example-boc-credit-output.beancount",
    profile: "boc-credit",
    side: /^Liabilities:CC:BoC:/,
    extra: { count: 7, reason: UPSTREAM_IGNORES },
    unsided: {
      count: 1,
      reason:
        "存款利息 has no card number, so upstream books it between its default accounts and no card posting exists; the 存入 column says money in",
    },
  },
  {
    records: "boc/debit/example-boc-records.csv",
    beancount: "boc/debit/example-boc-debit-output.beancount",
    profile: "boc-debit",
    side: /^Assets:DC:BoC:3167$/,
    extra: { count: 9, reason: UPSTREAM_IGNORES },
  },
  {
    records: "bocom_credit/example-bocom_credit-records.csv",
    beancount: "bocom_credit/example-bocom_credit-output.beancount",
    profile: "bocom-credit",
    side: /^Liabilities:BOCOM:CreditCard$/,
    placeholder: "BOCOM Credit",
  },
  {
    records: "bocom_debit/example-bocom_debit-records.csv",
    beancount: "bocom_debit/example-bocom_debit-output.beancount",
    profile: "bocom-debit",
    side: /^Assets:DebitCard:BOCOM$/,
  },
  {
    records: "cgb_credit/example-cgb_credit-records.csv",
    beancount: "cgb_credit/example-cgb_credit-output.beancount",
    profile: "cgb-credit",
    side: /^Liabilities:CGB:CreditCard$/,
    placeholder: "CGB Credit",
  },
  {
    records: "cmb/credit/example-cmb-records.csv",
    beancount: "cmb/credit/example-cmb-credit-output.beancount",
    profile: "cmb-credit",
    side: /^Liabilities:CreditCard:CMB$/,
    placeholder: "CMB",
    extra: { count: 1, reason: UPSTREAM_IGNORES },
  },
  {
    records: "cmb/debit/example-cmb-records.csv",
    beancount: "cmb/debit/example-cmb-debit-output.beancount",
    profile: "cmb-debit",
    side: /^Assets:DebitCard:CMB$/,
  },
  {
    records: "hsbchk/credit/example-hsbchk-credit-records.csv",
    beancount: "hsbchk/credit/example-hsbchk-credit-output.beancount",
    profile: "hsbc-hk-credit",
    side: /^Liabilities:CreditCard:HSBC$/,
  },
  {
    records: "hsbchk/debit/example-hsbchk-debit-records.csv",
    beancount: "hsbchk/debit/example-hsbchk-debit-output.beancount",
    profile: "hsbc-hk-debit",
    side: /^Assets:Bank:HK:HSBC:Savings$/,
    extra: { count: 1, reason: UPSTREAM_IGNORES },
  },
  {
    records: "hxsec/example-hxsec-records.xls",
    beancount: "hxsec/example-hxsec-output.beancount",
    profile: "hxsec",
    side: /:Cash$/,
    placeholder: "hxsec",
    missing: { count: 1, reason: "ETF份额合并 changes the holding of a security and moves no cash; the cash statement does not import it" },
  },
  {
    records: "icbc/credit/example-icbc-credit-records.csv",
    beancount: "icbc/credit/example-icbc-credit-output.beancount",
    profile: "icbc-credit",
    side: /^Liabilities:Bank:CN:ICBC$/,
    extra: { count: 5, reason: UPSTREAM_IGNORES },
  },
  {
    records: "icbc/debit-v1/example-icbc-debit-v1-records.csv",
    beancount: "icbc/debit-v1/example-icbc-debit-v1-output.beancount",
    profile: "icbc-debit-v1",
    side: /^Assets:Bank:CN:ICBC$/,
    extra: { count: 4, reason: UPSTREAM_IGNORES },
  },
  {
    records: "icbc/debit-v2/example-icbc-debit-v2-records.csv",
    beancount: "icbc/debit-v2/example-icbc-debit-v2-output.beancount",
    profile: "icbc-debit-v2",
    side: /^Assets:Bank:CN:ICBC$/,
    extra: { count: 4, reason: UPSTREAM_IGNORES },
  },
  {
    records: "jd/example-jd-records.csv",
    beancount: "jd/example-jd-output.beancount",
    profile: "jd",
    counter: /^(Expenses|Income):/,
    extra: { count: 4, reason: `先享后付 and 微信- payments: ${UPSTREAM_IGNORES}` },
    sign: { count: 1, reason: NEUTRAL },
  },
  {
    records: "mt/example-mt-records.csv",
    beancount: "mt/example-mt-output.beancount",
    profile: "meituan",
    counter: /^(Expenses|Income):/,
    extra: { count: 11, reason: UPSTREAM_IGNORES },
    unsided: {
      count: 1,
      reason:
        "【美团月付】主动还款 repays Meituan's credit line from a bank card: upstream books it between those two accounts, with no income or expense",
    },
  },
  {
    records: "td/example-td-records.csv",
    beancount: "td/example-td-output.beancount",
    profile: "td",
    side: /^Assets:DebitCard:TDChequing$/,
    placeholder: "TD",
  },
  {
    records: "wechat/example-wechat-records.csv",
    beancount: "wechat/example-wechat-output.beancount",
    profile: "wechat",
    counter: /^(Expenses|Income):/,
    unsided: {
      count: 11,
      reason: `中性交易 (\`/\`: top-ups, withdrawals, 零钱通 moves, a card repayment, fund purchases): upstream books them between the user's own accounts and splits the withdrawal fee off; ${NEUTRAL}`,
    },
  },
];

/** The .xls/.xlsx exports (read by formats/excel into rows), with their deliberate differences. */
const SPREADSHEETS: readonly Example[] = [
  {
    records: "citic/credit/example-citic-records.xls",
    beancount: "citic/credit/example-citic-credit-output.beancount",
    profile: "citic-credit",
    side: /^Liabilities:CreditCard:CITIC$/,
    placeholder: "CITIC",
    extra: { count: 1, reason: `财付通(银联云闪付): ${UPSTREAM_IGNORES}` },
  },
  {
    records: "spdb_debit/example-spdb_debit-records.xls",
    beancount: "spdb_debit/example-spdb_debit-output.beancount",
    profile: "spdb-debit",
    side: /^Assets:DebitCard:SPB1234$/,
  },
  {
    records: "wechat/example-wechat-records.xlsx",
    beancount: "wechat/example-wechat-output.beancount",
    profile: "wechat",
    counter: /^(Expenses|Income):/,
    unsided: { count: 11, reason: "中性交易 (`/`), as in the CSV export above" },
  },
  {
    records: "htsec/example-htsec-records.xlsx",
    beancount: "htsec/example-htsec-output.beancount",
    profile: "htsec",
    side: /:Cash$/,
    placeholder: "htsec",
    extra: {
      count: 2,
      reason:
        "豪美发债: the export has the subscription payment (20220126, −1000.000) and the allotment (20220127, 0) as two rows; upstream merges them into one transaction dated the 27th, we keep the file's rows",
    },
    missing: { count: 1, reason: "the same merged 豪美发债 transaction, dated the day of the allotment row that moves no cash" },
  },
];

/** Exports that are refused, and why (asserted: the refusal names the reason). */
const REFUSED: readonly { records: string; profile: string; why: string }[] = [
  {
    records: "huobi/example-huobi-records.csv",
    profile: "huobi-trades",
    why: "a crypto exchange's trades: every row exchanges one token for another, there is no account in an ISO currency to make a statement of (upstream books them as positions with costs)",
  },
  {
    records: "oklink/example-oklink-token-transfer.csv",
    profile: "oklink-transfers",
    why: "token transfers between blockchain addresses, in tokens that are no ISO currency (upstream books them as crypto assets)",
  },
];

const collapse = (s: string) => s.replace(/\s+/g, " ").trim();
/** Text compared without any whitespace: upstream joins fields with and without spaces. */
const squeeze = (s: string) => s.replace(/\s+/g, "");

/** Everything we read of a row as text, for the payee and narration check. */
function entryText(e: Entry): string {
  return collapse(
    [
      e.counterparty?.name,
      e.counterparty?.account,
      e.counterparty?.bankName,
      e.description,
      e.purpose,
      ...(e.remittance?.unstructured ?? []),
      e.bankTransactionCode?.proprietary?.code,
      ...Object.values(e.references ?? {}),
      ...Object.values(e.bankData ?? {}),
    ]
      .filter((v) => v !== undefined)
      .join(" "),
  );
}

/** Upstream's payee and narration, in the words that must all be found in what we read. */
function words(t: BeancountTransaction, placeholder: string | undefined): string[] {
  const text = [t.payee === placeholder ? "" : t.payee, t.narration].join(" ");
  return collapse(text)
    .split(/[\s-]+/)
    .filter((w) => /[\p{L}\p{N}]/u.test(w));
}

/** A decimal string as a number of 10^-6 units, to compare amounts written at different scales. */
function micros(text: string): bigint {
  const d = parseDecimal(text);
  if (d === undefined) throw new Error(`not a decimal: ${text}`);
  return d.scale <= 6 ? d.units * 10n ** BigInt(6 - d.scale) : d.units / 10n ** BigInt(d.scale - 6);
}

const abs = (v: bigint) => (v < 0n ? -v : v);

/**
 * What upstream says of a transaction: the signed amount on the statement's side when it has one, and the sizes
 * an amount of ours may have (a posting's, the side's total, the money out in total when upstream splits a fee off).
 */
function expected(t: BeancountTransaction, ex: Example): { amount?: bigint; magnitudes: Set<bigint>; currency?: string } {
  // Money only: security positions (SH513050…) are not amounts of a currency.
  const postings = t.postings.filter((p) => p.amount !== undefined && !/\d{6}$/.test(p.currency ?? ""));
  const values = postings.map((p) => micros(p.amount as string));
  const magnitudes = new Set(values.map(abs));
  magnitudes.add(abs(values.filter((v) => v < 0n).reduce((a, b) => a + b, 0n)));
  const currency = postings[0]?.currency;
  const sum = (ps: typeof postings) => ps.reduce((s, p) => s + micros(p.amount as string), 0n);
  const side = ex.side === undefined ? [] : postings.filter((p) => ex.side?.test(p.account));
  const counter = ex.counter === undefined ? [] : postings.filter((p) => ex.counter?.test(p.account));
  const amount = side.length > 0 ? sum(side) : counter.length > 0 ? -sum(counter) : undefined;
  if (amount !== undefined) magnitudes.add(abs(amount));
  // A zero fee posting (`-0.00 CNY`) is no size of the transaction.
  if (magnitudes.size > 1) magnitudes.delete(0n);
  return { ...(amount === undefined ? {} : { amount }), magnitudes, ...(currency === undefined ? {} : { currency }) };
}

/** Upstream dates a transaction by the booking day or, for most card exports, the transaction day (our value date). */
function sameDay(e: Entry, date: string): boolean {
  return e.bookingDate === date || e.valueDate === date;
}

/** Compares our entries with upstream's transactions: what is missing on either side, and where the sign differs. */
function agreement(ours: readonly Entry[], upstream: readonly BeancountTransaction[], ex: Example) {
  const unmatched = [...ours];
  const missing: string[] = [];
  let signDiffers = 0;
  let unsided = 0;
  for (const t of upstream) {
    const want = expected(t, ex);
    const needed = words(t, ex.placeholder);
    const fits = (e: Entry, byText: boolean) => {
      if (!sameDay(e, t.date)) return false;
      if (want.currency !== undefined && e.amount.currency !== want.currency) return false;
      if (!want.magnitudes.has(abs(micros(formatMoney(e.amount))))) return false;
      const text = squeeze(entryText(e));
      return !byText || needed.every((w) => text.includes(squeeze(w)));
    };
    // The same day and amount and every word of upstream's payee and narration; then without the words, to report them.
    const at = unmatched.findIndex((e) => fits(e, true));
    if (at < 0) {
      const loose = unmatched.find((e) => fits(e, false));
      missing.push(
        `${t.date} ${t.payee} / ${t.narration}${loose === undefined ? "" : ` (same day and amount, but we read: ${entryText(loose)})`}`,
      );
      continue;
    }
    const e = unmatched.splice(at, 1)[0] as Entry;
    const amount = micros(formatMoney(e.amount));
    if (want.amount === undefined || abs(want.amount) !== abs(amount)) unsided++;
    else if (want.amount !== amount) signDiffers++;
  }
  return { missing, extra: unmatched.map((e) => `${e.bookingDate} ${formatMoney(e.amount)} ${entryText(e)}`), signDiffers, unsided };
}

function expectAgreement(ours: readonly Entry[], ex: Example, dir: string): void {
  const a = agreement(ours, readBeancount(readFileSync(join(dir, ex.beancount), "utf8")), ex);
  if (process.env.DEBUG_AGREEMENT) console.log(ex.records, a);
  expect(a.missing, "upstream transactions we do not have").toHaveLength(ex.missing?.count ?? 0);
  expect(a.extra, "our entries upstream does not have").toHaveLength(ex.extra?.count ?? 0);
  expect(a.signDiffers, "transactions whose sign differs").toBe(ex.sign?.count ?? 0);
  expect(a.unsided, "transactions without a posting of our amount on the statement's side").toBe(ex.unsided?.count ?? 0);
}

describe.skipIf(DEG_EXAMPLES === undefined)("double-entry-generator examples read with --format auto", () => {
  const dir = DEG_EXAMPLES as string;

  for (const ex of EXAMPLES) {
    it(`${ex.records} agrees with upstream's ${ex.beancount.replace(/^.*\//, "")}`, () => {
      const parsed = registry.parse(corpusBytes(dir, ex.records), { filename: ex.records.replace(/^.*\//, "") });
      expect(parsed.rejected).toBeUndefined();
      expect(parsed.format).toBe("bank-csv");
      expect(parsed.issues.filter((i) => i.severity === "error")).toEqual([]);
      expectAgreement(
        parsed.statements.flatMap((s: Statement) => s.entries),
        ex,
        dir,
      );
    });

    it(`${ex.records} is read with the ${ex.profile} profile`, () => {
      const parsed = registry.parse(corpusBytes(dir, ex.records));
      const uncertain = parsed.issues.find((i) => i.code === "BANK_CSV_PROFILE_UNCERTAIN");
      expect(uncertain).toBeUndefined();
      expect(chosenProfile(corpusBytes(dir, ex.records))).toBe(ex.profile);
    });
  }

  // Spreadsheets are read by formats/excel; their rows go through the same profiles, checked here the same way.
  for (const ex of SPREADSHEETS) {
    it(`${ex.records} (rows from formats/excel) is read with the ${ex.profile} profile and agrees with upstream`, () => {
      const rows = readWorkbook(corpusBytes(dir, ex.records))?.rows ?? [];
      const match = matchProfile(rows, builtinProfiles);
      expect(match?.profile.id).toBe(ex.profile);
      expect(match?.score).toBeGreaterThanOrEqual(0.7);
      const result = applyProfile(rows, match?.profile as MappingProfile, { format: "xlsx", encoding: "binary" });
      expect(result.rejected).toBeUndefined();
      expect(result.issues.filter((i) => i.severity === "error")).toEqual([]);
      expectAgreement(
        result.statements.flatMap((s) => s.entries),
        ex,
        dir,
      );
    });
  }

  for (const r of REFUSED) {
    it(`refuses ${r.records} with BANK_CSV_NOT_A_STATEMENT: ${r.why}`, () => {
      const parsed = registry.parse(corpusBytes(dir, r.records));
      expect(parsed.format).toBe("bank-csv");
      expect(parsed.rejected?.code).toBe("BANK_CSV_NOT_A_STATEMENT");
      expect(parsed.rejected?.details?.profile).toBe(r.profile);
      expect(parsed.statements).toEqual([]);
    });
  }
});

/** The profile auto-detection picks for a document (decoded as the registry does). */
function chosenProfile(bytes: Uint8Array): string | undefined {
  const detected = registry.detect(bytes);
  if (detected === undefined) return undefined;
  return matchBuiltin(detected.decoded.text);
}

function matchBuiltin(text: string): string | undefined {
  return matchProfile(text.slice(0, 65536), builtinProfiles)?.profile.id;
}

/**
 * The sandbox's fixed cast: five banks, five companies, thirteen accounts. Names and the shape of the
 * portfolio are fixed (tests and demos refer to them); account numbers, registration ids, opening balances,
 * frozen amounts and credit lines come from the seed.
 *
 * @module
 */
import type { IsoDate } from "@bankbridge/hub/core";
import type { SeededRandom } from "../random/seeded-random.js";
import type { SandboxAccount, SandboxBank, SandboxBankId, SandboxCompany } from "./ledger-types.js";

export const BANKS: readonly SandboxBank[] = Object.freeze([
  {
    id: "icbc",
    name: "中国工商银行",
    nameEn: "Industrial and Commercial Bank of China",
    bic: "ICBKCNBJ",
    cnBankCode: "102",
    country: "CN",
    utcOffsetMinutes: 480,
  },
  { id: "cmb", name: "招商银行", nameEn: "China Merchants Bank", bic: "CMBCCNBS", cnBankCode: "308", country: "CN", utcOffsetMinutes: 480 },
  {
    id: "ccb",
    name: "中国建设银行",
    nameEn: "China Construction Bank",
    bic: "PCBCCNBJ",
    cnBankCode: "105",
    country: "CN",
    utcOffsetMinutes: 480,
  },
  { id: "eubank", name: "Europa Sandbox Bank AG", nameEn: "Europa Sandbox Bank AG", bic: "SBXEDEFF", country: "DE", utcOffsetMinutes: 60 },
  {
    id: "hkbank",
    name: "香港沙盒銀行有限公司",
    nameEn: "Hong Kong Sandbox Bank Limited",
    bic: "SBXHHKHH",
    country: "HK",
    utcOffsetMinutes: 480,
  },
] satisfies SandboxBank[]);

/** A Chinese city: the account-number prefixes and CNAPS city codes the banks use there. */
interface City {
  readonly name: string;
  /** 4-digit CNAPS city code. */
  readonly cnaps: string;
  readonly icbcPrefix: string;
  readonly cmbPrefix: string;
  readonly ccbPrefix: string;
}

const CITIES = {
  shenzhen: { name: "深圳", cnaps: "5840", icbcPrefix: "4000", cmbPrefix: "755", ccbPrefix: "44250100" },
  shanghai: { name: "上海", cnaps: "2900", icbcPrefix: "1001", cmbPrefix: "121", ccbPrefix: "31050161" },
  hangzhou: { name: "杭州", cnaps: "3310", icbcPrefix: "1202", cmbPrefix: "571", ccbPrefix: "33050161" },
} as const satisfies Record<string, City>;

/** Everything the generator needs to know about an account beyond the contract's fields. */
export interface AccountProfile {
  readonly account: SandboxAccount;
  /** Position in the ledger's account list: a stable tie-breaker for events at the same instant. */
  readonly index: number;
  /** Position within its company (0..3): keeps the company's invoice numbers unique per account. */
  readonly slot: number;
  /** Frozen amount (constant over time in this version). */
  readonly frozen: bigint;
  /** How busy the account is and what flows through it. */
  readonly role: "operating" | "general" | "foreign" | "euro" | "savings" | "hk";
  /** For a foreign-currency account, the company's CNY (or HKD) account it converts against. */
  readonly fxPartner?: string;
  /** Another account of the company that this one sweeps to/from. */
  readonly transferPartner?: string;
}

/** The ledger's cast for one seed. */
export interface World {
  readonly banks: readonly SandboxBank[];
  readonly companies: readonly SandboxCompany[];
  readonly profiles: readonly AccountProfile[];
}

interface AccountPlan {
  readonly key: string;
  readonly company: number;
  readonly bankId: SandboxBankId;
  readonly currency: string;
  readonly role: AccountProfile["role"];
  readonly product: string;
  readonly fxPartner?: string;
  readonly transferPartner?: string;
  readonly status?: "A" | "B";
}

const COMPANIES: readonly { name: string; nameEn: string; city?: keyof typeof CITIES; foreign?: "DE" | "HK" }[] = [
  { name: "深圳前海星河贸易有限公司", nameEn: "Shenzhen Qianhai Xinghe Trading Co., Ltd.", city: "shenzhen" },
  { name: "上海浦江精密机械有限公司", nameEn: "Shanghai Pujiang Precision Machinery Co., Ltd.", city: "shanghai" },
  { name: "杭州云帆软件科技有限公司", nameEn: "Hangzhou Yunfan Software Technology Co., Ltd.", city: "hangzhou" },
  { name: "Nordlicht Handels GmbH", nameEn: "Nordlicht Handels GmbH", foreign: "DE" },
  { name: "明德國際貿易(香港)有限公司", nameEn: "Mingde International Trading (Hong Kong) Limited", foreign: "HK" },
];

const PLANS: readonly AccountPlan[] = [
  {
    key: "xh-icbc-cny",
    company: 0,
    bankId: "icbc",
    currency: "CNY",
    role: "operating",
    product: "基本存款账户",
    transferPartner: "xh-cmb-cny",
  },
  { key: "xh-cmb-cny", company: 0, bankId: "cmb", currency: "CNY", role: "general", product: "一般存款账户" },
  {
    key: "xh-cmb-usd",
    company: 0,
    bankId: "cmb",
    currency: "USD",
    role: "foreign",
    product: "经常项目外汇结算账户",
    fxPartner: "xh-cmb-cny",
  },
  { key: "xh-hk-hkd", company: 0, bankId: "hkbank", currency: "HKD", role: "hk", product: "Offshore Current Account" },
  {
    key: "pj-ccb-cny",
    company: 1,
    bankId: "ccb",
    currency: "CNY",
    role: "operating",
    product: "基本存款账户",
    transferPartner: "pj-icbc-cny",
  },
  { key: "pj-icbc-cny", company: 1, bankId: "icbc", currency: "CNY", role: "general", product: "一般存款账户" },
  {
    key: "pj-icbc-usd",
    company: 1,
    bankId: "icbc",
    currency: "USD",
    role: "foreign",
    product: "经常项目外汇结算账户",
    fxPartner: "pj-icbc-cny",
  },
  {
    key: "yf-cmb-cny",
    company: 2,
    bankId: "cmb",
    currency: "CNY",
    role: "operating",
    product: "基本存款账户",
    transferPartner: "yf-ccb-cny",
  },
  { key: "yf-ccb-cny", company: 2, bankId: "ccb", currency: "CNY", role: "general", product: "一般存款账户", status: "B" },
  {
    key: "nl-eu-eur",
    company: 3,
    bankId: "eubank",
    currency: "EUR",
    role: "euro",
    product: "Geschäftsgirokonto",
    transferPartner: "nl-eu-eur2",
  },
  { key: "nl-eu-eur2", company: 3, bankId: "eubank", currency: "EUR", role: "savings", product: "Tagesgeldkonto" },
  {
    key: "md-hk-hkd",
    company: 4,
    bankId: "hkbank",
    currency: "HKD",
    role: "hk",
    product: "Business Integrated Account",
    transferPartner: "md-hk-usd",
  },
  {
    key: "md-hk-usd",
    company: 4,
    bankId: "hkbank",
    currency: "USD",
    role: "foreign",
    product: "Foreign Currency Savings Account",
    fxPartner: "md-hk-hkd",
  },
];

const IBAN_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/** IBAN check digits (ISO 13616 mod 97) for a country and BBAN. */
export function ibanCheckDigits(country: string, bban: string): string {
  const rearranged = `${bban}${country}00`.toUpperCase();
  let remainder = 0;
  for (const ch of rearranged) {
    const code = IBAN_LETTERS.indexOf(ch);
    const chunk = code >= 0 ? String(code + 10) : ch;
    for (const digit of chunk) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return String(98 - remainder).padStart(2, "0");
}

/** An IBAN for a country and BBAN, with real check digits. */
export function makeIban(country: string, bban: string): string {
  return `${country}${ibanCheckDigits(country, bban)}${bban}`;
}

/** True when `iban` passes the mod-97 check. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  return ibanCheckDigits(iban.slice(0, 2), iban.slice(4)) === iban.slice(2, 4);
}

/** Unified social credit code (18 chars, GB 32100-2015 check character). */
function creditCode(rng: SeededRandom): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = "91" + rng.pick(["440300", "310115", "330106"]);
  for (let i = 0; i < 10; i++) body += alphabet[rng.int(0, i < 8 ? 9 : 30)];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += alphabet.indexOf(body[i] as string) * (weights[i] as number);
  return body + alphabet[(31 - (sum % 31)) % 31];
}

/** The CNAPS code (12 digits) of a branch: bank code, city code, branch number, check digit (Luhn-style). */
export function cnapsCode(bankCode: string, cityCode: string, branch: string): string {
  const body = `${bankCode}${cityCode}${branch}`;
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (i % 2 === 0 ? 3 : 7);
  return body + String((10 - (sum % 10)) % 10);
}

const BRANCHES: Record<"icbc" | "cmb" | "ccb", (city: City) => string> = {
  icbc: (c) => `中国工商银行股份有限公司${c.name}${c.name === "深圳" ? "前海" : "分行营业部"}${c.name === "深圳" ? "支行" : ""}`,
  cmb: (c) => `招商银行股份有限公司${c.name}分行营业部`,
  ccb: (c) => `中国建设银行股份有限公司${c.name}${c.name === "上海" ? "浦东" : "城西"}支行`,
};

/** Builds the cast for a seed, with history starting on `openedOn` (per bank zone: the caller passes each). */
export function createWorld(rng: SeededRandom, openedOn: (bank: SandboxBank) => IsoDate): World {
  const companies: SandboxCompany[] = COMPANIES.map((c, i) => {
    const r = rng.fork(`company:${i}`);
    const registrationId =
      c.foreign === "DE" ? `HRB ${r.int(10_000, 99_999)} B` : c.foreign === "HK" ? `CR No. ${r.digits(7)}` : creditCode(r);
    return { id: `C${String(i + 1).padStart(3, "0")}`, name: c.name, nameEn: c.nameEn, registrationId };
  });
  const keyToId = new Map<string, string>();
  const used = new Set<string>();
  const drafts = PLANS.map((plan, index) => {
    const r = rng.fork(`account:${plan.key}`);
    const bank = BANKS.find((b) => b.id === plan.bankId) as SandboxBank;
    const companyPlan = COMPANIES[plan.company] as (typeof COMPANIES)[number];
    const company = companies[plan.company] as SandboxCompany;
    const city = CITIES[companyPlan.city ?? "shenzhen"];
    let id = "";
    let iban: string | undefined;
    let branchName = "";
    let cnaps: string | undefined;
    do {
      if (plan.bankId === "icbc") id = `${city.icbcPrefix}${r.digits(2)}${r.pick(["09", "19", "29"])}${r.digits(11)}`;
      else if (plan.bankId === "cmb") id = `${city.cmbPrefix}${r.int(9, 9)}${r.digits(11)}`;
      else if (plan.bankId === "ccb") id = `${city.ccbPrefix}${r.digits(12)}`;
      else if (plan.bankId === "eubank") {
        iban = makeIban("DE", `50020000${r.digits(10)}`);
        id = iban;
      } else id = `${r.pick(["388", "391"])}${r.digits(9)}`;
    } while (used.has(id));
    used.add(id);
    if (plan.bankId === "icbc" || plan.bankId === "cmb" || plan.bankId === "ccb") {
      branchName = BRANCHES[plan.bankId](city);
      cnaps = cnapsCode(bank.cnBankCode as string, city.cnaps, r.digits(4));
    } else if (plan.bankId === "eubank") branchName = "Europa Sandbox Bank AG, Frankfurt am Main";
    else branchName = "Hong Kong Sandbox Bank Limited, Central Branch";
    keyToId.set(plan.key, id);
    const majorUnits =
      plan.role === "operating" ? r.int(800_000, 6_000_000) : plan.role === "general" ? r.int(200_000, 2_000_000) : r.int(50_000, 900_000);
    const openingBalance = BigInt(majorUnits) * 100n + BigInt(r.int(0, 99));
    const frozen = r.chance(0.3) || plan.status === "B" ? BigInt(r.int(1, 50)) * 1_000_00n : 0n;
    const creditLine = plan.role === "operating" && r.chance(0.5) ? BigInt(r.int(1, 10)) * 100_000_00n : 0n;
    return { plan, index, bank, company, id, iban, branchName, cnaps, openingBalance, frozen, creditLine };
  });
  const slots = new Map<number, number>();
  const profiles: AccountProfile[] = drafts.map((d) => {
    const slot = slots.get(d.plan.company) ?? 0;
    slots.set(d.plan.company, slot + 1);
    const account: SandboxAccount = {
      id: d.id,
      bankId: d.plan.bankId,
      companyId: d.company.id,
      holderName: d.plan.bankId === "eubank" || d.plan.bankId === "hkbank" ? d.company.nameEn : d.company.name,
      currency: d.plan.currency,
      ...(d.iban === undefined ? {} : { iban: d.iban }),
      branchName: d.branchName,
      ...(d.cnaps === undefined ? {} : { cnapsCode: d.cnaps }),
      status: d.plan.status ?? "A",
      openedOn: openedOn(d.bank),
      openingBalance: d.openingBalance,
      creditLine: d.creditLine,
      product: d.plan.product,
    };
    const fxPartner = d.plan.fxPartner === undefined ? undefined : keyToId.get(d.plan.fxPartner);
    const transferPartner = d.plan.transferPartner === undefined ? undefined : keyToId.get(d.plan.transferPartner);
    return {
      account,
      index: d.index,
      slot,
      frozen: d.frozen,
      role: d.plan.role,
      ...(fxPartner === undefined ? {} : { fxPartner }),
      ...(transferPartner === undefined ? {} : { transferPartner }),
    };
  });
  return { banks: BANKS, companies, profiles };
}

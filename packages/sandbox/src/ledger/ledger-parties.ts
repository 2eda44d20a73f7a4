/**
 * The world outside the sandbox's accounts: customers, suppliers, tax offices, card merchants. Names are
 * fixed; their account numbers and bank codes come from the seed once per ledger, so a payer keeps the same
 * account across all its payments (as real payers do, and as reconciliation by counterparty relies on).
 *
 * @module
 */
import type { SeededRandom } from "../random/seeded-random.js";
import type { SandboxCounterparty } from "./ledger-types.js";
import { cnapsCode, makeIban } from "./ledger-world.js";

interface CnSpec {
  readonly name: string;
  readonly bankCode: string;
  readonly bankName: string;
  readonly city: string;
}

const CN_CUSTOMERS: readonly CnSpec[] = [
  { name: "广州恒泰电子有限公司", bankCode: "104", bankName: "中国银行广州天河支行", city: "5810" },
  { name: "北京中科联创信息技术有限公司", bankCode: "103", bankName: "中国农业银行北京海淀支行", city: "1000" },
  { name: "苏州工业园区汇通精密制造有限公司", bankCode: "301", bankName: "交通银行苏州分行", city: "3050" },
  { name: "成都蓉欣商贸有限公司", bankCode: "105", bankName: "中国建设银行成都高新支行", city: "6510" },
  { name: "东莞市华锐五金制品厂", bankCode: "308", bankName: "招商银行东莞分行", city: "6020" },
  { name: "宁波港城国际物流有限公司", bankCode: "102", bankName: "中国工商银行宁波分行", city: "3320" },
  { name: "武汉光谷创新科技股份有限公司", bankCode: "310", bankName: "上海浦东发展银行武汉分行", city: "5210" },
  { name: "厦门海沧进出口有限公司", bankCode: "309", bankName: "兴业银行厦门分行", city: "3930" },
  // Real registered names use characters outside GB2312 (镕 is in GBK and GB18030, not GB2312): a client that
  // decodes a bank's GBK or GB18030 reply as GB2312 garbles them. (Four-byte GB18030 names such as 𠮷 cannot be
  // held by the GBK banks, so the shared ledger keeps to GBK; the CCB tests post one of their own.)
  { name: "重庆吉祥镕业贸易有限公司", bankCode: "105", bankName: "中国建设银行重庆渝中支行", city: "6530" },
];

const CN_SUPPLIERS: readonly (CnSpec & { readonly purpose: string })[] = [
  { name: "佛山市顺德区美达塑胶有限公司", bankCode: "103", bankName: "中国农业银行佛山顺德支行", city: "5880", purpose: "货款" },
  { name: "深圳市鹏城包装材料有限公司", bankCode: "104", bankName: "中国银行深圳罗湖支行", city: "5840", purpose: "采购款" },
  { name: "上海申联物流有限公司", bankCode: "301", bankName: "交通银行上海分行", city: "2900", purpose: "运费" },
  { name: "浙江正泰电器股份有限公司", bankCode: "102", bankName: "中国工商银行温州分行", city: "3330", purpose: "货款" },
  { name: "中国移动通信集团广东有限公司", bankCode: "105", bankName: "中国建设银行广州分行", city: "5810", purpose: "通讯费" },
  { name: "深圳市前海物业管理有限公司", bankCode: "308", bankName: "招商银行深圳分行", city: "5840", purpose: "物业费" },
];

const TAX_OFFICES: readonly CnSpec[] = [
  { name: "国家税务总局深圳市税务局", bankCode: "011", bankName: "国家金库深圳市中心支库", city: "5840" },
  { name: "国家税务总局上海市浦东新区税务局", bankCode: "011", bankName: "国家金库上海市浦东新区支库", city: "2900" },
  { name: "国家税务总局杭州市西湖区税务局", bankCode: "011", bankName: "国家金库杭州市西湖区支库", city: "3310" },
];

interface ForeignSpec {
  readonly name: string;
  readonly bic: string;
  readonly bankName: string;
  /** IBAN country, or undefined for a plain account number. */
  readonly iban?: "DE" | "FR" | "NL" | "IT" | "ES";
}

const FOREIGN_PAYERS: readonly ForeignSpec[] = [
  { name: "Acme Industrial Supply Inc.", bic: "BOFAUS3N", bankName: "Bank of America, N.A." },
  { name: "Kessler Maschinenbau GmbH", bic: "DEUTDEFF", bankName: "Deutsche Bank AG", iban: "DE" },
  { name: "Tanaka Electronics Co., Ltd.", bic: "MHCBJPJT", bankName: "Mizuho Bank, Ltd." },
  { name: "Pacific Rim Distributors Pty Ltd", bic: "ANZBAU3M", bankName: "Australia and New Zealand Banking Group" },
  { name: "Brightstar Retail Ltd", bic: "HSBCGB2L", bankName: "HSBC UK Bank plc" },
];

const EU_CUSTOMERS: readonly ForeignSpec[] = [
  { name: "Müller & Söhne KG", bic: "COBADEFFXXX", bankName: "Commerzbank AG", iban: "DE" },
  { name: "Boulangerie Lefèvre SARL", bic: "BNPAFRPPXXX", bankName: "BNP Paribas", iban: "FR" },
  { name: "Van Dijk Logistics B.V.", bic: "INGBNL2A", bankName: "ING Bank N.V.", iban: "NL" },
  { name: "Rossi Forniture S.r.l.", bic: "UNCRITMM", bankName: "UniCredit S.p.A.", iban: "IT" },
  { name: "García Componentes S.L.", bic: "CAIXESBB", bankName: "CaixaBank, S.A.", iban: "ES" },
];

const EU_SUPPLIERS: readonly (ForeignSpec & { readonly purpose: string })[] = [
  {
    name: "Stadtwerke Frankfurt am Main GmbH",
    bic: "HELADEF1822",
    bankName: "Frankfurter Sparkasse",
    iban: "DE",
    purpose: "Strom und Gas",
  },
  { name: "Bürobedarf Schneider GmbH", bic: "GENODEF1S12", bankName: "Volksbank Mittelhessen", iban: "DE", purpose: "Büromaterial" },
  { name: "DHL Paket GmbH", bic: "DEUTDEDBXXX", bankName: "Deutsche Bank AG", iban: "DE", purpose: "Versandkosten" },
  { name: "Telekom Deutschland GmbH", bic: "COBADEFFXXX", bankName: "Commerzbank AG", iban: "DE", purpose: "Mobilfunk" },
];

const HK_CUSTOMERS: readonly ForeignSpec[] = [
  { name: "Kowloon Bay Electronics Ltd", bic: "HSBCHKHHHKH", bankName: "The Hongkong and Shanghai Banking Corporation Limited" },
  { name: "Pearl River Logistics (HK) Co., Ltd.", bic: "BKCHHKHH", bankName: "Bank of China (Hong Kong) Limited" },
  { name: "Harbour Light Trading Limited", bic: "SCBLHKHH", bankName: "Standard Chartered Bank (Hong Kong) Limited" },
];

const HK_SUPPLIERS: readonly (ForeignSpec & { readonly purpose: string })[] = [
  {
    name: "CLP Power Hong Kong Limited",
    bic: "HSBCHKHHHKH",
    bankName: "The Hongkong and Shanghai Banking Corporation Limited",
    purpose: "Electricity",
  },
  { name: "Victoria Office Supplies Ltd", bic: "HASEHKHH", bankName: "Hang Seng Bank Limited", purpose: "Office supplies" },
  { name: "Shun Fat Shipping Co., Ltd.", bic: "BKCHHKHH", bankName: "Bank of China (Hong Kong) Limited", purpose: "Freight" },
];

/** Card merchants as they appear on a card statement line. */
export const CARD_MERCHANTS: readonly { readonly name: string; readonly min: number; readonly max: number; readonly tip: boolean }[] = [
  { name: "LUFTHANSA 2201234567", min: 180, max: 1400, tip: false },
  { name: "DB FERNVERKEHR AG", min: 25, max: 260, tip: false },
  { name: "HOTEL ADLON KEMPINSKI BERLIN", min: 240, max: 1200, tip: true },
  { name: "SHELL 1234 FRANKFURT", min: 40, max: 120, tip: false },
  { name: "AMZN MKTP DE", min: 12, max: 400, tip: false },
  { name: "RESTAURANT ZUM GRUENEN BAUM", min: 45, max: 380, tip: true },
];

/** A counterparty with the extra texts the generator needs. */
export interface Party extends SandboxCounterparty {
  readonly purpose?: string;
}

/** The counterparties of one ledger. */
export interface Parties {
  readonly cnCustomers: readonly Party[];
  readonly cnSuppliers: readonly Party[];
  readonly taxOffices: readonly Party[];
  readonly foreignPayers: readonly Party[];
  readonly euCustomers: readonly Party[];
  readonly euSuppliers: readonly Party[];
  readonly hkCustomers: readonly Party[];
  readonly hkSuppliers: readonly Party[];
}

function bban(country: NonNullable<ForeignSpec["iban"]>, r: SeededRandom): string {
  switch (country) {
    case "DE":
      return r.digits(18);
    case "FR":
      return `${r.digits(10)}${r.digits(11)}${r.digits(2)}`;
    case "NL":
      return `${r.pick(["INGB", "RABO", "ABNA"])}${r.digits(10)}`;
    case "IT":
      return `${r.pick(["X", "K", "M"])}${r.digits(10)}${r.digits(12)}`;
    case "ES":
      return r.digits(20);
  }
}

/** Builds the counterparties for a seed. */
export function createParties(rng: SeededRandom): Parties {
  const cn = (list: readonly (CnSpec & { purpose?: string })[], label: string): Party[] =>
    list.map((s, i) => {
      const r = rng.fork(`${label}:${i}`);
      return {
        name: s.name,
        account: s.bankCode === "011" ? `${s.city}${r.digits(12)}` : `${r.digits(4)}${r.digits(r.int(12, 15))}`,
        bankCode: cnapsCode(s.bankCode, s.city, r.digits(4)),
        bankName: s.bankName,
        ...(s.purpose === undefined ? {} : { purpose: s.purpose }),
      };
    });
  const foreign = (list: readonly (ForeignSpec & { purpose?: string })[], label: string): Party[] =>
    list.map((s, i) => {
      const r = rng.fork(`${label}:${i}`);
      return {
        name: s.name,
        account: s.iban === undefined ? r.digits(r.int(10, 14)) : makeIban(s.iban, bban(s.iban, r)),
        bankCode: s.bic,
        bankName: s.bankName,
        ...(s.purpose === undefined ? {} : { purpose: s.purpose }),
      };
    });
  return {
    cnCustomers: cn(CN_CUSTOMERS, "cn-customer"),
    cnSuppliers: cn(CN_SUPPLIERS, "cn-supplier"),
    taxOffices: cn(TAX_OFFICES, "tax"),
    foreignPayers: foreign(FOREIGN_PAYERS, "foreign-payer"),
    euCustomers: foreign(EU_CUSTOMERS, "eu-customer"),
    euSuppliers: foreign(EU_SUPPLIERS, "eu-supplier"),
    hkCustomers: foreign(HK_CUSTOMERS, "hk-customer"),
    hkSuppliers: foreign(HK_SUPPLIERS, "hk-supplier"),
  };
}

/**
 * The profiles BankBridge ships, in the order auto-detection prefers them on a tie. Each is a plain
 * `MappingProfile` object (the same JSON a user writes); a test validates every one of them.
 *
 * @module
 */
import type { MappingProfile } from "./mapping-profile.js";
import { abcDebit } from "./profiles/abc.js";
import { alipay } from "./profiles/alipay.js";
import { bmoCredit, bmoDebit } from "./profiles/bmo.js";
import { bocCredit, bocDebit } from "./profiles/boc.js";
import { bocomCredit, bocomDebit } from "./profiles/bocom.js";
import { ccbDebit } from "./profiles/ccb.js";
import { cgbCredit } from "./profiles/cgb.js";
import { citicCredit } from "./profiles/citic.js";
import { cmbCredit, cmbDebit } from "./profiles/cmb.js";
import { genericEn, genericEnDebitCredit } from "./profiles/generic-en.js";
import { hsbcHkCredit, hsbcHkDebit } from "./profiles/hsbc-hk.js";
import { icbcCredit, icbcDebitV1, icbcDebitV2 } from "./profiles/icbc.js";
import { jd } from "./profiles/jd.js";
import { meituan } from "./profiles/meituan.js";
import { huobiTrades, oklinkTransfers } from "./profiles/refused.js";
import { htsec, hxsec } from "./profiles/securities.js";
import { spdbDebit } from "./profiles/spdb.js";
import { td } from "./profiles/td.js";
import { wechat } from "./profiles/wechat.js";

/**
 * Every built-in profile: Chinese banks (ICBC, CMB, CCB, BOC, ABC, BoCom, CGB, CITIC, SPDB), payment platforms
 * (Alipay, WeChat Pay, JD, Meituan), securities accounts' cash, HSBC Hong Kong, BMO, TD, two generic English
 * layouts (last: the specific ones win a tie), and two exports that are recognised only to be refused.
 */
export const builtinProfiles: readonly MappingProfile[] = Object.freeze([
  icbcDebitV2,
  icbcDebitV1,
  icbcCredit,
  cmbDebit,
  cmbCredit,
  ccbDebit,
  bocDebit,
  bocCredit,
  abcDebit,
  bocomDebit,
  bocomCredit,
  cgbCredit,
  citicCredit,
  spdbDebit,
  alipay,
  wechat,
  jd,
  meituan,
  hxsec,
  htsec,
  hsbcHkDebit,
  hsbcHkCredit,
  bmoDebit,
  bmoCredit,
  td,
  huobiTrades,
  oklinkTransfers,
  genericEn,
  genericEnDebitCredit,
]);

/** The built-in profile with this id. */
export function builtinProfile(id: string): MappingProfile | undefined {
  return builtinProfiles.find((p) => p.id === id);
}

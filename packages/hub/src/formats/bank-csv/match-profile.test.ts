import { describe, expect, it } from "vitest";
import { readCsvRows } from "./csv-reader.js";
import { matchProfile } from "./match-profile.js";

const ICBC_V1 =
  "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名";
const ICBC_V2 =
  "交易日期,摘要,交易详情,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名,对方账户";
const ICBC_CREDIT =
  "交易日期,记账日期,摘要,交易场所,交易国家或地区简称,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名";
const TITLE = '明细查询文件下载\n\n卡号: 1234****9876,"卡别名: "\n\n';
const ROW = "\n2023-05-02,消费,x,x,CHN,钞,-,-,-,,13.40,人民币,1.00,张三,1234";
const CREDIT_ROW = "\n2023-04-22,2023-04-22,消费,XX旗舰店,CHN,,0.01,人民币,,0.01,人民币,-6086.11,";

describe("#matchProfile", () => {
  it("chooses from the header names under the title lines, preferring the profile that uses more of the header", () => {
    expect(matchProfile(TITLE + ICBC_V1 + ROW)?.profile.id).toBe("icbc-debit-v1");
    expect(matchProfile(TITLE + ICBC_V2 + ROW)?.profile.id).toBe("icbc-debit-v2");
    expect(matchProfile(TITLE + ICBC_CREDIT + CREDIT_ROW)?.profile.id).toBe("icbc-credit");
  });

  it("reads a header given as text or as table rows alike", () => {
    const text = "记账日期,货币,交易金额,联机余额,交易摘要\n2024-01-02,CNY,100.00,200.00,工资";
    const byText = matchProfile(text);
    expect(byText?.profile.id).toBe("cmb-debit");
    expect(matchProfile([...readCsvRows(text)])).toEqual(byText);
    expect(byText?.score).toBeGreaterThanOrEqual(0.7);
  });

  it("scores lower when the title names another bank's export, so the right one wins a tie", () => {
    const header = "交易日,银行记账日,卡号后四位,交易描述,存入,支出,币种\n2024-12-13,2024-12-14,4260,x,,50.00,CNY";
    const titled = matchProfile(`中国银行信用卡账单(2025年01月)\n${header}`);
    const untitled = matchProfile(header);
    expect(titled?.profile.id).toBe("boc-credit");
    expect(untitled?.profile.id).toBe("boc-credit");
    expect(titled?.score).toBeGreaterThan(untitled?.score ?? 1);
  });

  it("recognises an export without a header by the shape of its rows", () => {
    expect(matchProfile("05/01/2023,DOLLARAMA # 845   _M,1.96,,13.04\n05/01/2023,SFCA MSP,,0.01,37.10\n")?.profile.id).toBe("td");
  });

  it("finds nothing in a table no profile knows", () => {
    expect(matchProfile("name,age\nalice,30\n")).toBeUndefined();
    expect(matchProfile("")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { type CurrencyCode, formatMoney } from "../../core/index.js";
import { isBalanceFieldError, parseBalanceField } from "./balance-field.js";
import { parseEntrySumField } from "./entry-sum-field.js";
import { parseFloorLimitField } from "./floor-limit-field.js";

function amount(text: string): string {
  const b = parseBalanceField(text, "EUR" as CurrencyCode);
  if (isBalanceFieldError(b)) throw new Error(b.message);
  return `${formatMoney(b.amount)} ${b.amount.currency} ${b.date.date}`;
}

describe("parseBalanceField", () => {
  it("reads every amount form of WoLpH amount_formats.sta exactly", () => {
    expect(["380115,12", "380115,1", "380115,", "0,12", "00,12", "001,12"].map((a) => amount(`C100318EUR${a}`))).toEqual([
      "380115.12 EUR 2010-03-18",
      "380115.10 EUR 2010-03-18",
      "380115.00 EUR 2010-03-18",
      "0.12 EUR 2010-03-18",
      "0.12 EUR 2010-03-18",
      "1.12 EUR 2010-03-18",
    ]);
  });

  it("signs a debit balance negative and keeps zero-padded amounts exact (cmxl)", () => {
    expect(amount("D140829EUR000000000147,64")).toBe("-147.64 EUR 2014-08-29");
    expect(amount("C140829EUR000000000147,64")).toBe("147.64 EUR 2014-08-29");
  });

  it("reads a balance without currency code in the statement's currency and says so (WoLpH raphaelm.sta)", () => {
    const b = parseBalanceField("C020315105000,00", "EUR" as CurrencyCode);
    expect(!isBalanceFieldError(b) && [formatMoney(b.amount), b.currencyMissing]).toEqual(["105000.00", true]);
    const none = parseBalanceField("C020315105000,00");
    expect(isBalanceFieldError(none) && none.kind).toBe("currencyMissing");
  });

  it("refuses unknown currencies, impossible dates, bad amounts and a missing mark, naming why", () => {
    const kinds = ["C131016XYZ84349,74", "C141387INR1,00", "C141231INR11 27421,94", "X141231EUR1,00", "C141231EUR"].map((t) => {
      const b = parseBalanceField(t);
      return isBalanceFieldError(b) ? b.kind : "read";
    });
    expect(kinds).toEqual(["currencyUnknown", "dateInvalid", "amountInvalid", "balanceInvalid", "amountInvalid"]);
  });
});

describe("MT942 summary fields", () => {
  it("reads :90D:/:90C: counts and sums (cmxl vmk_summary)", () => {
    const d = parseEntrySumField("3EUR13,37");
    expect(d === undefined ? undefined : [d.count, formatMoney(d.sum)]).toEqual([3, "13.37"]);
    expect(parseEntrySumField("EUR13,37")).toBeUndefined();
  });

  it("reads :34F: floor limits with and without D/C (cmxl floor_limit_indicator)", () => {
    const read = (t: string) => {
      const f = parseFloorLimitField(t);
      return f === undefined ? undefined : `${f.mark ?? "-"} ${formatMoney(f.amount)} ${f.amount.currency}`;
    };
    expect(["EURD13,37", "EURC47,11", "EUR13,37", "NZD0,", "PLN0"].map(read)).toEqual([
      "D 13.37 EUR",
      "C 47.11 EUR",
      "- 13.37 EUR",
      "- 0.00 NZD",
      "- 0.00 PLN",
    ]);
  });
});

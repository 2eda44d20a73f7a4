import { describe, expect, it } from "vitest";
import { parseAccountField } from "./account-field.js";
import { parseStatementNumber } from "./statement-number.js";
import { parseDateTimeIndication } from "./swift-date.js";

describe("parseAccountField", () => {
  it("reads an IBAN in electronic form", () => {
    expect(parseAccountField("DE89 3704 0044 0532 0130 00")).toEqual({ account: { id: "DE89370400440532013000", scheme: "iban" } });
  });

  it("reads BLZ/account with the currency after it (betterplace currency_in_25.sta, cmxl)", () => {
    expect(parseAccountField("51210600/9223382012EUR")).toEqual({
      account: { id: "9223382012", scheme: "bban", bank: { clearingCode: "51210600" } },
      currency: "EUR",
    });
  });

  it("reads BIC/account, and BIC/account/currency (Raiffeisen)", () => {
    expect(parseAccountField("BPHKPLPK/320000546101")?.account).toEqual({ id: "320000546101", scheme: "bban", bank: { bic: "BPHKPLPK" } });
    expect(parseAccountField("UBRTHUHB/123456789150ABCDEF002/HUF")).toEqual({
      account: { id: "123456789150ABCDEF002", scheme: "other", bank: { bic: "UBRTHUHB" } },
      currency: "HUF",
    });
  });

  it("keeps grouped domestic numbers as written and splits a currency off (Rabobank 1291.99.348EUR)", () => {
    expect(parseAccountField("1291.99.348EUR")).toEqual({ account: { id: "1291.99.348", scheme: "bban" }, currency: "EUR" });
    expect(parseAccountField("0067-00763/93984487")?.account).toEqual({ id: "0067-00763/93984487", scheme: "other" });
  });

  it("reads the Polish /IBAN and /NRB forms without their slash", () => {
    expect(parseAccountField("/PL61109010140000071219812874")).toEqual({ account: { id: "PL61109010140000071219812874", scheme: "iban" } });
    expect(parseAccountField("/61109010140000071219812874")?.account).toEqual({ id: "61109010140000071219812874", scheme: "bban" });
    expect(parseAccountField("/")).toBeUndefined();
  });

  it("takes the BIC from the second line of :25P:", () => {
    expect(parseAccountField("DE89370400440532013000\nCOBADEFFXXX")?.account.bank).toEqual({ bic: "COBADEFFXXX" });
  });

  it("reads no account from an empty field", () => {
    expect(parseAccountField("   ")).toBeUndefined();
  });
});

describe("parseStatementNumber", () => {
  it("reads statement number and page, keeping the number as written", () => {
    expect(parseStatementNumber("00004/00001")).toEqual({ statement: "00004", page: 1 });
    expect(parseStatementNumber("1810118101")).toEqual({ statement: "1810118101" });
    expect(parseStatementNumber("00000/00")).toEqual({ statement: "00000" });
    expect(parseStatementNumber("TELEWIZORY")).toBeUndefined();
  });
});

describe("parseDateTimeIndication", () => {
  it("keeps the :13D: time and offset as the bank gave them (cmxl entry_date)", () => {
    expect(parseDateTimeIndication("1712290540+0100")).toBe("2017-12-29T05:40+01:00");
    expect(parseDateTimeIndication("1610301730+0000")).toBe("2016-10-30T17:30+00:00");
    expect(parseDateTimeIndication("1610301730")).toBe("2016-10-30T17:30");
    expect(parseDateTimeIndication("1613301730+0000")).toBeUndefined();
  });
});

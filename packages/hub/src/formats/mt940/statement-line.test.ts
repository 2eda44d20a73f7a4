import { describe, expect, it } from "vitest";
import { type CurrencyCode, formatMoney } from "../../core/index.js";
import { isStatementLineError, parseStatementLine, type StatementLine } from "./statement-line.js";

const EUR = "EUR" as CurrencyCode;

function read(text: string, currency: CurrencyCode = EUR): StatementLine {
  const line = parseStatementLine(text, currency);
  if (isStatementLineError(line)) throw new Error(`${text}: ${line.kind} ${line.message}`);
  return line;
}

function amount(text: string, currency: CurrencyCode = EUR): string {
  return formatMoney(read(text, currency).amount);
}

describe("parseStatementLine", () => {
  describe("debit/credit marks", () => {
    it("signs a credit positive and a debit negative", () => {
      expect(amount("240315C12,50NTRFNONREF")).toBe("12.50");
      expect(amount("240315D12,50NTRFNONREF")).toBe("-12.50");
    });

    it("signs RC (reversal of a credit) negative and RD (reversal of a debit) positive, both reversals (wolph #130, mt940js #8)", () => {
      const rc = read("0709040904RCR204,88NRTINONREF");
      expect([rc.mark, formatMoney(rc.amount), rc.fundsCode]).toEqual(["RC", "-204.88", "R"]);
      const rd = read("240315RD7,00NMSCNONREF");
      expect([rd.mark, formatMoney(rd.amount)]).toEqual(["RD", "7.00"]);
    });

    it("reads the MT942 expected marks EC and ED with their signs (cmxl #59)", () => {
      expect([read("240315EC5,NTRFNONREF").mark, amount("240315EC5,NTRFNONREF")]).toEqual(["EC", "5.00"]);
      expect([read("240315ED5,NTRFNONREF").mark, amount("240315ED5,NTRFNONREF")]).toEqual(["ED", "-5.00"]);
    });

    it("reads D-104,12 as the reversal of a debit and C- as the reversal of a credit (cmxl #34)", () => {
      const d = read("1908150815D-104,12NMSCNONREF//010F214191270328");
      expect([d.mark, formatMoney(d.amount), d.minusAfterMark]).toEqual(["RD", "104.12", true]);
      const c = read("190815C-5,NMSCNONREF");
      expect([c.mark, formatMoney(c.amount)]).toEqual(["RC", "-5.00"]);
    });

    it("refuses a line without a mark", () => {
      const line = parseStatementLine("240315X12,50NTRF", EUR);
      expect(isStatementLineError(line) && line.kind).toBe("statementLineInvalid");
    });
  });

  describe("amounts", () => {
    it("reads the decimal comma forms: trailing comma, one decimal, no comma, leading zeros", () => {
      expect(amount("240315C20,NTRF")).toBe("20.00");
      expect(amount("240315C0,7NTRF")).toBe("0.70");
      expect(amount("1407290729C500NTRF29-07-2014 10:05//B4G29PGDCK1QFV3E")).toBe("500.00");
      expect(amount("1409010902DR000000000001,62NTRF0000549855700010//025498557/000001")).toBe("-1.62");
    });

    it("keeps the currency's scale, and decimals a bank writes beyond it", () => {
      expect(read("240315C1500,NTRF", "JPY" as CurrencyCode).amount).toEqual({ minor: 1500n, scale: 0, currency: "JPY" });
      expect(read("240315C1,5NTRF", "KWD" as CurrencyCode).amount).toEqual({ minor: 1500n, scale: 3, currency: "KWD" });
      expect(read("240315C1,235NTRF").amount).toEqual({ minor: 1235n, scale: 3, currency: "EUR" });
    });

    it("refuses a missing or malformed amount instead of reading zero", () => {
      for (const text of ["240315CNTRFNONREF", "240315C,NTRF", "240315C12,34,56NTRF"]) {
        const line = parseStatementLine(text, EUR);
        expect(isStatementLineError(line) && line.kind, text).toBe("amountInvalid");
      }
    });

    it("refuses an amount with a thousands separator or a decimal point instead of reading the digits before it", () => {
      for (const text of ["231205D1.250,00NTRFNONREF", "231205D12.34NTRFNONREF", "231205C1 000,00NTRFNONREF", "231205C1'000,00NTRF"]) {
        const line = parseStatementLine(text, EUR);
        expect(isStatementLineError(line) && line.kind, text).toBe("amountInvalid");
      }
      // A space before the transaction type is not a separator inside the amount.
      expect(amount("231205C12,34 NTRFNONREF")).toBe("12.34");
    });

    it("reads amounts beyond 15 digits exactly, never through a float", () => {
      expect(amount("240315C1234567890123456789,01NTRF")).toBe("1234567890123456789.01");
    });
  });

  describe("dates", () => {
    it("puts the entry date in the year nearest the value date, across New Year both ways (wolph #17 #121, mt940js #89)", () => {
      const forward = read("2312310102D1,NTRF");
      expect([forward.valueDate.date, forward.entryDate?.date]).toEqual(["2023-12-31", "2024-01-02"]);
      const back = read("2401021230D1,NTRF");
      expect([back.valueDate.date, back.entryDate?.date]).toEqual(["2024-01-02", "2023-12-30"]);
      const cmxl = read("1401101224CR000000000001,62NTRF0000549855700010//025498557/000001");
      expect([cmxl.valueDate.date, cmxl.entryDate?.date]).toEqual(["2014-01-10", "2013-12-24"]);
      const cmxl2 = read("1412240102CR000000000001,62NTRF0000549855700010//025498557/000001");
      expect([cmxl2.valueDate.date, cmxl2.entryDate?.date]).toEqual(["2014-12-24", "2015-01-02"]);
    });

    it("reads an entry date in the same year and across a leap day", () => {
      expect(read("2402290301C1,NTRF").entryDate?.date).toBe("2024-03-01");
      expect(read("2403010229C1,NTRF").entryDate?.date).toBe("2024-02-29");
      expect(read("240315C1,NTRF").entryDate).toBeUndefined();
    });

    it("reads 30 February (the 30/360 convention) as the month's last day and says so", () => {
      const line = read("1602300301DR6,00N024NONREF");
      expect([line.valueDate.date, line.valueDate.adjusted, line.entryDate?.date]).toEqual(["2016-02-29", true, "2016-03-01"]);
    });

    it("refuses impossible dates", () => {
      for (const text of ["3622687806CR1368378,92NMSC37935531", "2413011301C1,NTRF", "2403151399C1,NTRF"]) {
        const line = parseStatementLine(text, EUR);
        expect(isStatementLineError(line) && line.kind, text).toBe("dateInvalid");
      }
    });

    it("reads two-digit years 80-99 as 19xx and 00-79 as 20xx", () => {
      expect(read("991231C1,NTRF").valueDate.date).toBe("1999-12-31");
      expect(read("000101C1,NTRF").valueDate.date).toBe("2000-01-01");
    });
  });

  describe("type, references and supplementary details", () => {
    it("reads funds code, transaction type, customer and bank reference and the supplementary details line", () => {
      const line = read("1701190119CN0,01NTRFNONREF//MB170119012058\n911-TRANSAKCJA IPH");
      expect([line.fundsCode, line.transactionType, line.customerReference, line.bankReference, line.supplementaryDetails]).toEqual([
        "N",
        "NTRF",
        "NONREF",
        "MB170119012058",
        "911-TRANSAKCJA IPH",
      ]);
    });

    it("keeps NONREF as text and reads a missing bank reference as absent (Wise, wolph #117)", () => {
      const line = read("240315D25,00NTRFNONREF");
      expect([line.customerReference, line.bankReference]).toEqual(["NONREF", undefined]);
    });

    it("keeps bank and customer references longer than 16 characters (wolph #111; ASN)", () => {
      const line = read("2001010101D65,00NOVBNL47INGB9999999999//TRANSFER-12345678901234");
      expect([line.customerReference, line.bankReference]).toEqual(["NL47INGB9999999999", "TRANSFER-12345678901234"]);
    });

    it("reads types that are not N/S/F plus three letters as they are (mBank MCI0, Sberbank 'S   ')", () => {
      expect(read("1610301031D0,42MCI0NONREF//055001022000001").transactionType).toBe("MCI0");
      const sber = read("1710111011DF2402,00S   X");
      expect([sber.fundsCode, sber.transactionType, sber.customerReference]).toEqual(["F", "S   ", "X"]);
    });

    it("reads a customer reference that directly follows the type (cmxl NSTON) and an empty one", () => {
      expect(read("131017D620,3NSTON").customerReference).toBe("N");
      expect(read("020322CM20000,00NCHG").customerReference).toBeUndefined();
    });

    it("keeps the padded customer reference for banks that pack a name after it (Rabobank)", () => {
      const line = read("110527D000000001213,28N0440121470966      W.P. Jansen                      ");
      expect(line.customerReferenceRaw.slice(0, 16)).toBe("0121470966      ");
      expect(line.customerReference).toBe("0121470966      W.P. Jansen");
    });

    it("reads a statement line that the bank broke inside the amount (Sparkasse, WoLpH sparkassen.sta)", () => {
      const line = read("1811261126CR\n30,00N062NONREF");
      expect([formatMoney(line.amount), line.fundsCode, line.transactionType, line.supplementaryDetails]).toEqual([
        "30.00",
        "R",
        "N062",
        undefined,
      ]);
    });

    it("reads a space before the amount (Cuscal) and four spaces for an absent entry date, as WoLpH's pattern allows", () => {
      for (const text of ["1811261126CR 30,00N062NONREF", "1811261126C  30,00N062NONREF", "181126    CR30,00N062NONREF"]) {
        const line = read(text);
        expect([formatMoney(line.amount), line.transactionType, line.customerReference]).toEqual(["30.00", "N062", "NONREF"]);
      }
      expect(read("181126    CR30,00N062NONREF").entryDate).toBeUndefined();
      expect(read("1811261127CR 30,00N062NONREF").entryDate?.date).toBe("2018-11-27");
      // A space that no amount follows is still no amount.
      expect(isStatementLineError(parseStatementLine("1811261126CR NTRFNONREF", EUR))).toBe(true);
    });
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isHubError } from "./errors.js";
import { isDocumentId, toBic, toCnBankCode, toIban, tryBic, tryCnBankCode, tryIban } from "./ids.js";

/** ISO 7064 MOD 97-10 check digits by plain BigInt arithmetic, independent of the folding loop under test. */
function checkDigits(country: string, bban: string): string {
  const numeric = (bban + country + "00").replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  return String(98n - (BigInt(numeric) % 97n)).padStart(2, "0");
}

function expectCode(fn: () => unknown, code: string): void {
  try {
    fn();
    expect.unreachable(`expected ${code}`);
  } catch (e) {
    expect(isHubError(e) && e.code).toBe(code);
  }
}

describe("#tryIban", () => {
  it("accepts valid IBANs from several countries and returns the electronic form", () => {
    const valid: Record<string, string> = {
      "DE89 3704 0044 0532 0130 00": "DE89370400440532013000",
      "GB29 NWBK 6016 1331 9268 19": "GB29NWBK60161331926819",
      "FR14 2004 1010 0505 0001 3M02 606": "FR1420041010050500013M02606",
      "NL91 ABNA 0417 1643 00": "NL91ABNA0417164300",
      "BE68 5390 0754 7034": "BE68539007547034",
      "CH93 0076 2011 6238 5295 7": "CH9300762011623852957",
      "ES91 2100 0418 4502 0005 1332": "ES9121000418450200051332",
      "IT60 X054 2811 1010 0000 0123 456": "IT60X0542811101000000123456",
      "SA03 8000 0000 6080 1016 7519": "SA0380000000608010167519",
      // Shortest (Norway, 15) and one of the longest (Saint Lucia, 32).
      "NO93 8601 1117 947": "NO9386011117947",
      "LC55 HEMM 0001 0001 0012 0012 0002 3015": "LC55HEMM000100010012001200023015",
    };
    for (const [written, electronic] of Object.entries(valid)) {
      expect(tryIban(written), written).toBe(electronic);
      expect(tryIban(electronic), electronic).toBe(electronic);
    }
  });

  it("accepts lower case, tabs, hyphens and surrounding spaces", () => {
    expect(tryIban("gb29 nwbk 6016 1331 9268 19")).toBe("GB29NWBK60161331926819");
    expect(tryIban("  De89-3704-0044-0532-0130-00\t")).toBe("DE89370400440532013000");
    expect(tryIban("fr14 2004 1010 0505 0001 3m02 606")).toBe("FR1420041010050500013M02606");
  });

  it("rejects wrong check digits and a single mistyped character", () => {
    expect(tryIban("DE88 3704 0044 0532 0130 00")).toBeUndefined();
    expect(tryIban("DE89 3704 0044 0532 0130 01")).toBeUndefined();
    expect(tryIban("GB29 NWBK 6016 1331 9268 91")).toBeUndefined(); // two digits swapped
    expect(tryIban("GB29 NWBL 6016 1331 9268 19")).toBeUndefined();
    expect(tryIban("FR14 2004 1010 0505 0001 3N02 606")).toBeUndefined();
  });

  it("rejects check digits 00, 01 and 99 even though they pass the mod-97 remainder", () => {
    // 00 ≡ 97, 01 ≡ 98 and 99 ≡ 02 (mod 97): each pair leaves the same remainder, only the first is issued.
    expect(tryIban("DE97 3704 0044 0532 0130 50")).toBe("DE97370400440532013050");
    expect(tryIban("DE00 3704 0044 0532 0130 50")).toBeUndefined();
    expect(tryIban("DE98 3704 0044 0532 0130 32")).toBe("DE98370400440532013032");
    expect(tryIban("DE01 3704 0044 0532 0130 32")).toBeUndefined();
    expect(tryIban("DE02 3704 0044 0532 0130 14")).toBe("DE02370400440532013014");
    expect(tryIban("DE99 3704 0044 0532 0130 14")).toBeUndefined();
  });

  it("rejects text that does not have the shape of an IBAN", () => {
    const bad = [
      "",
      "DE",
      "DE89",
      "89DE 3704 0044 0532 0130 00", // digits before the country
      "D189 3704 0044 0532 0130 00", // digit in the country
      "DEX9 3704 0044 0532 0130 00", // letter in the check digits
      "DE89 3704 0044 0532 0130 0/", // punctuation
      "DE89.3704.0044.0532.0130.00", // dots are not separators
      "NO93 8601 1117 94", // 14 characters: below the shortest IBAN
      `GB29${"1".repeat(31)}`, // 35 characters: above the longest
      "ÄE89 3704 0044 0532 0130 00",
      "DE89 3704 0044 0532 0130 00 €",
    ];
    for (const text of bad) expect(tryIban(text), text).toBeUndefined();
  });

  it("accepts every BBAN with computed check digits and rejects any single changed digit", () => {
    const arb = fc.record({
      country: fc.stringMatching(/^[A-Z]{2}$/),
      bban: fc.stringMatching(/^[A-Z0-9]{11,30}$/),
      position: fc.nat(),
      delta: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(arb, ({ country, bban, position, delta }) => {
        const iban = country + checkDigits(country, bban) + bban;
        expect(tryIban(iban)).toBe(iban);
        // MOD 97-10 detects every single substitution; change one digit of the BBAN or check digits.
        const digitPositions = [...iban].flatMap((c, i) => (i >= 2 && c >= "0" && c <= "9" ? [i] : []));
        const at = digitPositions[position % digitPositions.length]!;
        const changed = String((Number(iban[at]) + delta) % 10);
        expect(tryIban(iban.slice(0, at) + changed + iban.slice(at + 1))).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it("throws IBAN_INVALID from toIban with the value in details", () => {
    expect(toIban("de89 3704 0044 0532 0130 00")).toBe("DE89370400440532013000");
    expectCode(() => toIban("DE88 3704 0044 0532 0130 00"), "IBAN_INVALID");
    expect(() => toIban("nope")).toThrow(expect.objectContaining({ details: { value: "nope" } }));
  });
});

describe("#tryBic", () => {
  it("accepts 8- and 11-character BICs and upper-cases them", () => {
    expect(tryBic("DEUTDEFF")).toBe("DEUTDEFF");
    expect(tryBic("DEUTDEFF500")).toBe("DEUTDEFF500");
    expect(tryBic("icbkcnbj")).toBe("ICBKCNBJ");
    expect(tryBic(" bkchcnbjxxx ")).toBe("BKCHCNBJXXX");
    expect(tryBic("NWBKGB2L")).toBe("NWBKGB2L");
    expect(tryBic("BNPAFRPP0A1")).toBe("BNPAFRPP0A1");
  });

  it("rejects other lengths and characters in the wrong places", () => {
    const bad = [
      "",
      "DEUTDEF", // 7
      "DEUTDEFF5", // 9
      "DEUTDEFF50", // 10
      "DEUTDEFF5000", // 12
      "DEU1DEFF", // digit in the bank code
      "DEUTD3FF", // digit in the country
      "DEUT DEFF",
      "DEUTDEFF-500",
    ];
    for (const text of bad) expect(tryBic(text), text).toBeUndefined();
  });

  it("throws BIC_INVALID from toBic", () => {
    expect(toBic("deutdeff")).toBe("DEUTDEFF");
    expectCode(() => toBic("DEUTDE"), "BIC_INVALID");
  });
});

describe("#tryCnBankCode", () => {
  it("accepts a 3-digit bank code and a 12-digit CNAPS branch code", () => {
    expect(tryCnBankCode("102")).toBe("102"); // ICBC
    expect(tryCnBankCode("308")).toBe("308"); // China Merchants Bank
    expect(tryCnBankCode("102100099996")).toBe("102100099996");
    expect(tryCnBankCode(" 308584000013 ")).toBe("308584000013");
  });

  it("rejects every other length and anything that is not a digit", () => {
    const bad = ["", "10", "1020", "10210009999", "1021000999961", "10a", "102 100 099 996", "１０２", "-12"];
    for (const text of bad) expect(tryCnBankCode(text), text).toBeUndefined();
  });

  it("throws BANK_CODE_INVALID from toCnBankCode", () => {
    expect(toCnBankCode("105")).toBe("105");
    expectCode(() => toCnBankCode("1050"), "BANK_CODE_INVALID");
  });
});

describe("#isDocumentId", () => {
  it("accepts 64 lower-case hex characters, a SHA-256 digest", () => {
    expect(isDocumentId("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")).toBe(true);
    expect(isDocumentId("0".repeat(64))).toBe(true);
  });

  it("rejects upper case, other lengths and non-hex characters", () => {
    const sha = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    expect(isDocumentId(sha.toUpperCase())).toBe(false);
    expect(isDocumentId(sha.slice(1))).toBe(false);
    expect(isDocumentId(`${sha}0`)).toBe(false);
    expect(isDocumentId(`${sha.slice(1)}g`)).toBe(false);
    expect(isDocumentId(` ${sha}`)).toBe(false);
    expect(isDocumentId("")).toBe(false);
  });
});

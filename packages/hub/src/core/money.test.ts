import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allCurrencyCodes, type CurrencyCode, currencyExponent, toCurrencyCode } from "./currency.js";
import { isHubError } from "./errors.js";
import {
  addMoney,
  compareMoney,
  createMoneySum,
  formatMoney,
  type Money,
  moneyEquals,
  moneyFromMinor,
  negateMoney,
  normalize,
  parseDecimal,
  parseMoney,
  sumMoney,
  toMinorUnits,
  tryParseMoney,
} from "./money.js";
import { moneyArb } from "./test-support/arbitraries.js";

const EUR = "EUR" as CurrencyCode;

/** Reference decimal addition on digit strings, independent of the bigint implementation under test. */
function addDecimalStrings(a: string, b: string): string {
  const parse = (s: string) => {
    const neg = s.startsWith("-");
    const [i = "", f = ""] = (neg ? s.slice(1) : s).split(".");
    return { neg, i, f };
  };
  const x = parse(a);
  const y = parse(b);
  const fl = Math.max(x.f.length, y.f.length);
  const il = Math.max(x.i.length, y.i.length) + 1;
  const digits = (p: { i: string; f: string }) => (p.i.padStart(il, "0") + p.f.padEnd(fl, "0")).split("").map(Number);
  const dx = digits(x);
  const dy = digits(y);
  const cmp = dx.join("") < dy.join("") ? -1 : dx.join("") > dy.join("") ? 1 : 0;
  let out: number[];
  let neg: boolean;
  if (x.neg === y.neg) {
    out = new Array(dx.length).fill(0);
    let carry = 0;
    for (let k = dx.length - 1; k >= 0; k--) {
      const s = (dx[k] ?? 0) + (dy[k] ?? 0) + carry;
      out[k] = s % 10;
      carry = s >= 10 ? 1 : 0;
    }
    neg = x.neg;
  } else {
    const [big, small, bigNeg] = cmp >= 0 ? [dx, dy, x.neg] : [dy, dx, y.neg];
    out = new Array(big.length).fill(0);
    let borrow = 0;
    for (let k = big.length - 1; k >= 0; k--) {
      let s = (big[k] ?? 0) - (small[k] ?? 0) - borrow;
      borrow = s < 0 ? 1 : 0;
      if (s < 0) s += 10;
      out[k] = s;
    }
    neg = bigNeg;
  }
  const str = out.join("");
  let ip = str.slice(0, str.length - fl).replace(/^0+(?=\d)/, "");
  const fp = str.slice(str.length - fl);
  if (ip === "") ip = "0";
  const zero = /^0*$/.test(ip + fp);
  return `${neg && !zero ? "-" : ""}${ip}${fl > 0 ? `.${fp}` : ""}`;
}

describe("money", () => {
  it("uses the ISO 4217 exponent of each currency", () => {
    expect(currencyExponent("JPY" as CurrencyCode)).toBe(0);
    expect(currencyExponent("CNY" as CurrencyCode)).toBe(2);
    expect(currencyExponent("EUR" as CurrencyCode)).toBe(2);
    expect(currencyExponent("USD" as CurrencyCode)).toBe(2);
    expect(currencyExponent("BHD" as CurrencyCode)).toBe(3);
    expect(currencyExponent("KWD" as CurrencyCode)).toBe(3);
    expect(currencyExponent("CLF" as CurrencyCode)).toBe(4);
  });

  it("maps the aliases Chinese banks write to ISO codes", () => {
    expect(toCurrencyCode("RMB")).toBe("CNY");
    expect(toCurrencyCode("人民币")).toBe("CNY");
    expect(toCurrencyCode(" usd ")).toBe("USD");
    expect(toCurrencyCode("ABC")).toBeUndefined();
  });

  it("pads amounts written with fewer decimals than the currency has", () => {
    expect(parseMoney("20.", "EUR")).toEqual({ minor: 2000n, scale: 2, currency: EUR });
    expect(parseMoney("-1234.5", "EUR")).toEqual({ minor: -123450n, scale: 2, currency: EUR });
    expect(formatMoney(parseMoney("7", "KWD"))).toBe("7.000");
    expect(formatMoney(parseMoney("1500", "JPY"))).toBe("1500");
  });

  it("keeps every decimal beyond the currency exponent", () => {
    const m = parseMoney("0.00001", "EUR");
    expect(m).toEqual({ minor: 1n, scale: 5, currency: EUR });
    expect(formatMoney(m)).toBe("0.00001");
    expect(formatMoney(parseMoney("12.50000", "EUR"))).toBe("12.50000");
    expect(toMinorUnits(m)).toBeUndefined();
    expect(toMinorUnits(parseMoney("12.50000", "EUR"))).toBe(1250n);
    // Fewer decimals than the currency has: scaled up, never a crash (review: a converted OFX balance, USD 6.5).
    expect(toMinorUnits({ minor: 65n, scale: 1, currency: "USD" as CurrencyCode })).toBe(650n);
    expect(toMinorUnits({ minor: 7n, scale: 0, currency: "KWD" as CurrencyCode })).toBe(7000n);
  });

  it("treats 1.5 and 1.50000 as equal but keeps their scales", () => {
    const a = parseMoney("1.5", "EUR");
    const b = parseMoney("1.50000", "EUR");
    expect(moneyEquals(a, b)).toBe(true);
    expect(normalize(b)).toEqual(a);
    expect(formatMoney(addMoney(a, b))).toBe("3.00000");
  });

  it("rejects what is not a plain decimal with a coded error", () => {
    for (const bad of ["", "-", "1,5", "1e5", "1.2.3", " 1", "0x10", "Infinity", "NaN", "--1", "1 000"]) {
      expect(tryParseMoney(bad, "EUR"), bad).toBeUndefined();
      try {
        parseMoney(bad, "EUR");
        expect.unreachable();
      } catch (e) {
        expect(isHubError(e) && e.code).toBe("MONEY_INVALID");
      }
    }
    expect(() => parseMoney("1", "XYZ")).toThrow(expect.objectContaining({ code: "CURRENCY_UNKNOWN" }));
    expect(() => parseMoney("1".repeat(41), "EUR")).toThrow(expect.objectContaining({ code: "MONEY_OUT_OF_RANGE" }));
    expect(() => parseMoney(`1.${"1".repeat(19)}`, "EUR")).toThrow(expect.objectContaining({ code: "MONEY_OUT_OF_RANGE" }));
  });

  it("refuses to add different currencies", () => {
    expect(() => addMoney(parseMoney("1", "EUR"), parseMoney("1", "USD"))).toThrow(expect.objectContaining({ code: "CURRENCY_MISMATCH" }));
  });

  it("round-trips format → parse for every currency and up to 18 integer digits", () => {
    fc.assert(
      fc.property(moneyArb({ maxIntegerDigits: 18, extraScale: 3 }), (m) => {
        const text = formatMoney(m);
        expect(parseMoney(text, m.currency)).toEqual(m);
      }),
      { numRuns: 5000 },
    );
  });

  it("round-trips parse → format for written decimals of every exponent", () => {
    const arb = fc
      .tuple(fc.constantFrom(...allCurrencyCodes()), fc.stringMatching(/^-?[1-9]\d{0,17}$|^-?0$/), fc.integer({ min: 0, max: 3 }))
      .chain(([currency, int, extra]) => {
        const scale = currencyExponent(currency) + extra;
        return fc.stringMatching(new RegExp(`^\\d{${scale}}$`)).map((frac) => ({ currency, text: scale === 0 ? int : `${int}.${frac}` }));
      })
      .filter(({ text }) => !/^-0(\.0*)?$/.test(text));
    fc.assert(
      fc.property(arb, ({ currency, text }) => {
        expect(formatMoney(parseMoney(text, currency))).toBe(text);
      }),
      { numRuns: 5000 },
    );
  });

  it("sums without losing precision, matching digit-by-digit decimal addition", () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...allCurrencyCodes())
          .chain((c) =>
            fc.array(moneyArb({ currency: fc.constant(c), maxIntegerDigits: 18, extraScale: 3 }), { minLength: 1, maxLength: 40 }),
          ),
        (items) => {
          const currency = items[0]!.currency;
          const total = sumMoney(items, currency);
          const reference = items.map(formatMoney).reduce((acc, s) => addDecimalStrings(acc, s), "0");
          expect(compareMoney(total, parseMoney(reference, currency))).toBe(0);
          // And the sum is exact at the largest scale seen: nothing was rounded.
          expect(total.scale).toBe(Math.max(currencyExponent(currency), ...items.map((m) => m.scale)));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("adds commutatively and associatively", () => {
    const three = fc.constantFrom(...(["EUR", "JPY", "KWD"] as CurrencyCode[])).chain((c) => {
      const m = moneyArb({ currency: fc.constant(c) });
      return fc.tuple(m, m, m);
    });
    fc.assert(
      fc.property(three, ([a, b, c]: [Money, Money, Money]) => {
        expect(moneyEquals(addMoney(a, b), addMoney(b, a))).toBe(true);
        expect(moneyEquals(addMoney(addMoney(a, b), c), addMoney(a, addMoney(b, c)))).toBe(true);
      }),
    );
  });

  it("parses decimals with sign and either side of the point optional", () => {
    expect(parseDecimal("+.5")).toEqual({ units: 5n, scale: 1 });
    expect(parseDecimal("-0.0010")).toEqual({ units: -10n, scale: 4 });
    expect(parseDecimal(".")).toBeUndefined();
  });
});

describe("createMoneySum", () => {
  // Amounts near and past 2^53, where a double stops holding every integer, besides everyday ones.
  const LIMIT = 2n ** 53n;
  const minorArb = fc.oneof(
    fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
    fc.bigInt({ min: LIMIT - 1000n, max: LIMIT + 1000n }),
    fc.bigInt({ min: -LIMIT - 1000n, max: -LIMIT + 1000n }),
    fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }),
  );
  const termsArb = fc.constantFrom(...(["EUR", "JPY", "KWD"] as CurrencyCode[])).chain((currency) =>
    fc.tuple(
      fc.constant(currency),
      fc.array(
        fc.record({
          minor: minorArb,
          scale: fc.integer({ min: currencyExponent(currency), max: currencyExponent(currency) + 3 }),
          negate: fc.boolean(),
        }),
        { maxLength: 60 },
      ),
    ),
  );

  it("gives exactly what chained addMoney gives, value and scale, across the 2^53 boundary", () => {
    fc.assert(
      fc.property(termsArb, ([currency, terms]) => {
        const sum = createMoneySum(currency);
        let expected = moneyFromMinor(0n, currency);
        for (const t of terms) {
          const m: Money = { minor: t.minor, scale: t.scale, currency };
          sum.add(m, t.negate);
          expected = addMoney(expected, t.negate ? negateMoney(m) : m);
          // Read part-way too: reading must not disturb the running sum.
          expect(sum.value()).toEqual(expected);
        }
        expect(sum.value()).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("keeps every unit where a double would round: 2^53 - 1 plus 2, minus 1", () => {
    const sum = createMoneySum(EUR);
    sum.add({ minor: LIMIT - 1n, scale: 2, currency: EUR });
    sum.add({ minor: 2n, scale: 2, currency: EUR });
    sum.add({ minor: 1n, scale: 2, currency: EUR }, true);
    expect(sum.value()).toEqual({ minor: LIMIT, scale: 2, currency: EUR });
  });

  it("refuses another currency with CURRENCY_MISMATCH, as addMoney does", () => {
    const sum = createMoneySum(EUR);
    let caught: unknown;
    try {
      sum.add({ minor: 1n, scale: 2, currency: "USD" as CurrencyCode });
    } catch (e) {
      caught = e;
    }
    expect(isHubError(caught) && caught.code).toBe("CURRENCY_MISMATCH");
  });
});

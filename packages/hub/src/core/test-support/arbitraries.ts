/**
 * fast-check arbitraries for the canonical model, shared by every property test (money, JSON, formats, store).
 */
import fc from "fast-check";
import { allCurrencyCodes, type CurrencyCode, currencyExponent } from "../currency.js";
import { dateFromParts, type IsoDate } from "../dates.js";
import type { Money } from "../money.js";
import type { Account, Balance, BalanceType, Entry, Statement, TransactionDetail } from "../statement.js";
import { BALANCE_TYPES } from "../statement.js";

/** Any known currency. */
export const currencyArb: fc.Arbitrary<CurrencyCode> = fc.constantFrom(...allCurrencyCodes());

/** A few representative currencies (exponents 0, 2, 3, 4). */
export const commonCurrencyArb: fc.Arbitrary<CurrencyCode> = fc.constantFrom(
  ...(["EUR", "CNY", "USD", "JPY", "KWD", "BHD", "CLF"] as CurrencyCode[]),
);

/** Money with up to `maxIntegerDigits` integer digits and 0–`extraScale` decimals beyond the currency's. */
export function moneyArb(
  options: { currency?: fc.Arbitrary<CurrencyCode>; maxIntegerDigits?: number; extraScale?: number } = {},
): fc.Arbitrary<Money> {
  const digits = options.maxIntegerDigits ?? 18;
  return fc.tuple(options.currency ?? currencyArb, fc.integer({ min: 0, max: options.extraScale ?? 3 })).chain(([currency, extra]) => {
    const scale = currencyExponent(currency) + extra;
    const bound = 10n ** BigInt(digits + scale) - 1n;
    return fc.bigInt({ min: -bound, max: bound }).map((minor): Money => ({ minor, scale, currency }));
  });
}

/** A calendar date between 1990 and 2099. */
export const isoDateArb: fc.Arbitrary<IsoDate> = fc
  .tuple(fc.integer({ min: 1990, max: 2099 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([y, m, d]) => dateFromParts(y, m, d) ?? (dateFromParts(y, m, 28) as IsoDate));

const textArb = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0);
const refArb = fc.stringMatching(/^[A-Z0-9]{4,16}$/);

/** A statement with entries in the account currency; `maxEntries` bounds its size. */
export function statementArb(options: { maxEntries?: number } = {}): fc.Arbitrary<Statement> {
  return commonCurrencyArb.chain((currency) => {
    const amount = moneyArb({ currency: fc.constant(currency), maxIntegerDigits: 12, extraScale: 2 });
    const balance = (types: readonly BalanceType[]): fc.Arbitrary<Balance> =>
      fc.record({ type: fc.constantFrom(...types), amount, date: isoDateArb });
    const detail: fc.Arbitrary<TransactionDetail> = fc.record(
      {
        amount,
        references: fc.record({ endToEndId: refArb, accountServicerReference: refArb }, { requiredKeys: [] }),
        counterparty: fc.record({ name: textArb, account: refArb, bankId: refArb }, { requiredKeys: [] }),
        remittance: fc.record({ unstructured: fc.array(textArb, { minLength: 1, maxLength: 3 }) }),
      },
      { requiredKeys: [] },
    );
    const entry: fc.Arbitrary<Entry> = fc.record(
      {
        amount,
        status: fc.constantFrom("booked" as const, "pending" as const, "information" as const),
        reversal: fc.boolean(),
        bookingDate: isoDateArb,
        valueDate: isoDateArb,
        details: fc.array(detail, { maxLength: 3 }),
        references: fc.record(
          { accountServicerReference: refArb, endToEndId: refArb, mandateId: refArb, chequeNumber: refArb },
          { requiredKeys: [] },
        ),
        counterparty: fc.record({ name: textArb, account: refArb, bankId: refArb, bankName: textArb }, { requiredKeys: [] }),
        remittance: fc.record({ unstructured: fc.array(textArb, { minLength: 1, maxLength: 3 }) }),
        bankTransactionCode: fc.record({ domain: fc.constant("PMNT"), family: fc.constant("RCDT"), subFamily: fc.constant("ESCT") }),
        description: textArb,
      },
      { requiredKeys: ["amount", "status", "reversal", "details"] },
    );
    const account: fc.Arbitrary<Account> = fc.record(
      {
        id: refArb,
        scheme: fc.constantFrom("iban" as const, "bban" as const, "cn" as const, "other" as const),
        currency: fc.constant(currency),
        holderName: textArb,
      },
      { requiredKeys: ["id", "scheme", "currency"] },
    );
    return fc.record(
      {
        id: refArb,
        kind: fc.constantFrom("statement" as const, "report" as const, "notification" as const),
        account,
        openingBalance: balance(["openingBooked"]),
        closingBalance: balance(["closingBooked"]),
        balances: fc.array(balance(BALANCE_TYPES.filter((t) => t !== "openingBooked" && t !== "closingBooked")), { maxLength: 4 }),
        entries: fc.array(entry, { maxLength: options.maxEntries ?? 8 }),
      },
      { requiredKeys: ["kind", "account", "balances", "entries"] },
    );
  });
}

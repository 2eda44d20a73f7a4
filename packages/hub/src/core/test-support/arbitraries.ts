/**
 * fast-check arbitraries for the canonical model, shared by every property test (money, JSON, formats, store).
 */
import fc from "fast-check";
import { allCurrencyCodes, type CurrencyCode, currencyExponent } from "../currency.js";
import { dateFromParts, type IsoDate, type IsoDateTime } from "../dates.js";
import type { Bic, CnBankCode, DocumentId } from "../ids.js";
import type { Money } from "../money.js";
import type { Account, Balance, BalanceType, BankRef, Entry, Statement, TransactionDetail, TransactionFacts } from "../statement.js";
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

/** An ISO 8601 date-time as banks write them: with or without seconds, fraction and offset. */
export const isoDateTimeArb: fc.Arbitrary<IsoDateTime> = fc
  .tuple(
    isoDateArb,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
    fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    fc.constantFrom("", "Z", "+08:00", "-05:30", "+0100"),
  )
  .map(([date, h, m, s, fraction, zone]) => {
    const two = (n: number) => String(n).padStart(2, "0");
    const seconds = s === undefined ? "" : `:${two(s)}${fraction === undefined ? "" : `.${fraction}`}`;
    return `${date}T${two(h)}:${two(m)}${seconds}${zone}` as IsoDateTime;
  });

// The model is plain data as JSON.parse builds it; fast-check's records may otherwise have a null prototype.
const PLAIN = { noNullPrototype: true } as const;
const OPTIONAL: { requiredKeys: never[]; noNullPrototype: true } = { requiredKeys: [], noNullPrototype: true };

const textArb = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() === s && s.length > 0);
const refArb = fc.stringMatching(/^[A-Z0-9]{4,16}$/);

// Currency-independent parts of the `allFields` shape. Built once: constructing arbitraries inside the
// currency `chain` below would rebuild them for every sample.
const anyAmountArb = moneyArb({ currency: commonCurrencyArb, maxIntegerDigits: 12, extraScale: 2 });
const anyTextArb = fc.string({ unit: "binary", maxLength: 24 });
const schemeArb = fc.constantFrom("iban" as const, "bban" as const, "cn" as const, "other" as const);
/** Every fact of a transaction, for the `allFields` shape (currency-independent, built once). */
const factsArbs: { [K in keyof TransactionFacts]-?: fc.Arbitrary<NonNullable<TransactionFacts[K]>> } = {
  references: fc.record(
    {
      bankReference: anyTextArb,
      accountServicerReference: refArb,
      customerReference: anyTextArb,
      endToEndId: refArb,
      instructionId: refArb,
      transactionId: refArb,
      paymentInformationId: refArb,
      messageId: refArb,
      mandateId: refArb,
      chequeNumber: refArb,
      uetr: fc.uuid(),
      clearingSystemReference: refArb,
      creditorId: refArb,
    },
    OPTIONAL,
  ),
  counterparty: fc.record(
    {
      name: anyTextArb,
      account: refArb,
      accountScheme: schemeArb,
      bankId: refArb,
      bankName: anyTextArb,
      address: fc.array(anyTextArb, { maxLength: 3 }),
      ultimateName: anyTextArb,
      partyId: refArb,
    },
    OPTIONAL,
  ),
  remittance: fc.record(
    {
      unstructured: fc.array(anyTextArb, { maxLength: 3 }),
      structured: fc.array(
        fc.record(
          {
            creditorReference: refArb,
            creditorReferenceType: fc.constantFrom("SCOR", "RADM", "QRR"),
            creditorReferenceIssuer: anyTextArb,
            documents: fc.array(fc.record({ type: fc.constantFrom("CINV", "CREN", "发票"), number: refArb, date: isoDateArb }, OPTIONAL), {
              maxLength: 2,
            }),
            amount: anyAmountArb,
            additionalInfo: fc.array(anyTextArb, { maxLength: 2 }),
          },
          OPTIONAL,
        ),
        { maxLength: 2 },
      ),
    },
    OPTIONAL,
  ),
  bankTransactionCode: fc.record(
    {
      domain: fc.constantFrom("PMNT", "ACMT"),
      family: fc.constantFrom("RCDT", "ICDT", "CCRD"),
      subFamily: fc.constantFrom("ESCT", "POSD", "BOOK"),
      proprietary: fc.record({ code: refArb, issuer: anyTextArb }, { requiredKeys: ["code"], noNullPrototype: true }),
    },
    OPTIONAL,
  ),
  purpose: anyTextArb,
  description: anyTextArb,
  instructedAmount: anyAmountArb,
  originalAmount: anyAmountArb,
  exchangeRate: fc.record(
    {
      rate: fc.stringMatching(/^\d{1,6}(\.\d{1,10})?$/),
      sourceCurrency: commonCurrencyArb,
      targetCurrency: commonCurrencyArb,
      unitCurrency: commonCurrencyArb,
      contractId: refArb,
      quotationDate: isoDateArb,
    },
    { requiredKeys: ["rate"], noNullPrototype: true },
  ),
  charges: fc.array(
    fc.record(
      {
        amount: anyAmountArb,
        type: refArb,
        bearer: fc.constantFrom("DEBT", "CRED", "SHAR", "SLEV"),
        includedInAmount: fc.boolean(),
        agentId: refArb,
      },
      { requiredKeys: ["amount"], noNullPrototype: true },
    ),
    { maxLength: 2 },
  ),
  // Keys are any text on purpose: "__proto__" and "constructor" must survive as plain names.
  bankData: fc.dictionary(fc.string({ maxLength: 12 }), anyTextArb, { maxKeys: 4, noNullPrototype: true }),
  source: fc.record(
    {
      documentId: fc.stringMatching(/^[0-9a-f]{64}$/).map((s) => s as DocumentId),
      line: fc.integer({ min: 1, max: 1_000_000 }),
      path: anyTextArb,
    },
    OPTIONAL,
  ),
};

const bankRefArb: fc.Arbitrary<BankRef> = fc.record(
  {
    bic: fc.stringMatching(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/).map((s) => s as Bic),
    cnBankCode: fc.stringMatching(/^(\d{3}|\d{12})$/).map((s) => s as CnBankCode),
    clearingCode: refArb,
    name: anyTextArb,
    country: fc.stringMatching(/^[A-Z]{2}$/),
  },
  OPTIONAL,
);

/**
 * Adds `extras` (each key optional) on top of what `base` generates, when `on`; otherwise `base` unchanged.
 * Lets {@link statementArb} keep its small default shape while `allFields` reaches every field of the model.
 */
function extend<T extends object, E extends object>(
  on: boolean,
  base: fc.Arbitrary<T>,
  extras: { [K in keyof E]: fc.Arbitrary<E[K]> },
): fc.Arbitrary<T> {
  if (!on) return base;
  return fc.tuple(base, fc.record(extras, OPTIONAL)).map(([b, e]): T => ({ ...b, ...e }));
}

/**
 * A statement with entries in the account currency; `maxEntries` bounds its size. With `allFields`, every
 * optional field of the model may appear (batches, charges, exchange rates, structured remittance, summaries,
 * date-times, bank data with any keys, any Unicode text), for round-trip tests of encoders and stores.
 */
export function statementArb(options: { maxEntries?: number; allFields?: boolean } = {}): fc.Arbitrary<Statement> {
  const all = options.allFields ?? false;
  return commonCurrencyArb.chain((currency) => {
    const amount = moneyArb({ currency: fc.constant(currency), maxIntegerDigits: 12, extraScale: 2 });
    const balance = (types: readonly BalanceType[]): fc.Arbitrary<Balance> =>
      extend(all, fc.record({ type: fc.constantFrom(...types), amount, date: isoDateArb }, PLAIN), {
        dateTime: isoDateTimeArb,
        creditLine: amount,
      });
    const detail: fc.Arbitrary<TransactionDetail> = extend(
      all,
      fc.record(
        {
          amount,
          references: fc.record({ endToEndId: refArb, accountServicerReference: refArb }, OPTIONAL),
          counterparty: fc.record({ name: textArb, account: refArb, bankId: refArb }, OPTIONAL),
          remittance: fc.record({ unstructured: fc.array(textArb, { minLength: 1, maxLength: 3 }) }, PLAIN),
        },
        OPTIONAL,
      ),
      factsArbs,
    );
    const entry: fc.Arbitrary<Entry> = extend(
      all,
      fc.record(
        {
          amount,
          status: fc.constantFrom("booked" as const, "pending" as const, "information" as const),
          reversal: fc.boolean(),
          bookingDate: isoDateArb,
          valueDate: isoDateArb,
          details: fc.array(detail, { maxLength: 3 }),
          references: fc.record(
            { accountServicerReference: refArb, endToEndId: refArb, mandateId: refArb, chequeNumber: refArb },
            OPTIONAL,
          ),
          counterparty: fc.record({ name: textArb, account: refArb, bankId: refArb, bankName: textArb }, OPTIONAL),
          remittance: fc.record({ unstructured: fc.array(textArb, { minLength: 1, maxLength: 3 }) }, PLAIN),
          bankTransactionCode: fc.record(
            { domain: fc.constant("PMNT"), family: fc.constant("RCDT"), subFamily: fc.constant("ESCT") },
            PLAIN,
          ),
          description: textArb,
        },
        { requiredKeys: ["amount", "status", "reversal", "details"], noNullPrototype: true },
      ),
      {
        ...factsArbs,
        reverses: refArb,
        bookingDateTime: isoDateTimeArb,
        valueDateTime: isoDateTimeArb,
        fundsCode: refArb,
        batch: fc.record(
          { count: fc.integer({ min: 0, max: 10_000 }), total: amount, paymentInformationId: refArb, messageId: refArb },
          OPTIONAL,
        ),
      },
    );
    const account: fc.Arbitrary<Account> = extend(
      all,
      fc.record(
        {
          id: refArb,
          scheme: schemeArb,
          currency: fc.constant(currency),
          holderName: textArb,
        },
        { requiredKeys: ["id", "scheme", "currency"], noNullPrototype: true },
      ),
      {
        holderName: anyTextArb,
        name: anyTextArb,
        bank: bankRefArb,
      },
    );
    const count = fc.integer({ min: 0, max: 100_000 });
    return extend(
      all,
      fc.record(
        {
          id: refArb,
          kind: fc.constantFrom("statement" as const, "report" as const, "notification" as const),
          account,
          openingBalance: balance(["openingBooked"]),
          closingBalance: balance(["closingBooked"]),
          balances: fc.array(balance(BALANCE_TYPES.filter((t) => t !== "openingBooked" && t !== "closingBooked")), { maxLength: 4 }),
          entries: fc.array(entry, { maxLength: options.maxEntries ?? 8 }),
        },
        { requiredKeys: ["kind", "account", "balances", "entries"], noNullPrototype: true },
      ),
      {
        id: anyTextArb,
        kind: fc.constant("export" as const),
        createdAt: isoDateTimeArb,
        period: fc.record({ from: isoDateArb, to: isoDateArb, fromDateTime: isoDateTimeArb, toDateTime: isoDateTimeArb }, OPTIONAL),
        sequence: fc.record(
          { legal: refArb, electronic: refArb, page: fc.integer({ min: 1, max: 999 }), lastPage: fc.boolean() },
          OPTIONAL,
        ),
        summary: fc.record(
          {
            count,
            net: amount,
            credits: fc.record({ count, sum: amount }, OPTIONAL),
            debits: fc.record({ count, sum: amount }, OPTIONAL),
          },
          OPTIONAL,
        ),
        additionalInfo: anyTextArb,
        source: factsArbs.source,
      },
    );
  });
}

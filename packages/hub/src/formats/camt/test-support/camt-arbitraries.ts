/**
 * Test support: fast-check arbitraries for canonical statements that camt.053.001.08 can carry in full, so that
 * writing one and reading it back must give it again. Where the model is wider than camt (text over the schema's
 * lengths, the Chinese balance kinds, a funds code…) these stay inside camt; the writer's warnings for the rest
 * are tested on their own.
 *
 * @module
 */
import fc from "fast-check";
import {
  type BalanceType,
  type Bic,
  type CnBankCode,
  type CurrencyCode,
  currencyExponent,
  datePart,
  type IsoDate,
  type IsoDateTime,
  type Money,
  type Statement,
  type TransactionDetail,
} from "../../../core/index.js";
import { isoDateArb } from "../../../core/test-support/arbitraries.js";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const CURRENCIES = ["EUR", "USD", "JPY", "KWD", "CNY", "CHF"] as CurrencyCode[];
const currencyArb = fc.constantFrom(...CURRENCIES);

/** Characters text may hold: markup and entities to escape, accents, CJK, an astral emoji, tab, CR, LF. */
const CHARS = [..."abcXYZ019 .,-/&<>\"'", "ü", "ß", "é", "中", "文", "😀", "\t", "\n", "\r"];

/** Free text of 1–`max` characters (the schema counts code points) that is not only white space. */
export function textArb(max: number): fc.Arbitrary<string> {
  return fc
    .array(fc.constantFrom(...CHARS), { minLength: 1, maxLength: Math.min(max, 24) })
    .map((cs) => cs.join(""))
    .filter((s) => s.trim() !== "");
}

/** A code or identifier as banks write them (read collapsed, so no surrounding space). */
const idArb = (max = 35) => fc.stringMatching(new RegExp(`^[A-Z0-9]{1,${Math.min(max, 20)}}$`));
const codeArb = (min: number, max: number) => fc.stringMatching(new RegExp(`^[A-Z]{${min},${max}}$`));
const bicArb = fc.stringMatching(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/).map((s) => s as Bic);
const ibanArb = fc.stringMatching(/^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$/);
const uetrArb = fc.stringMatching(/^[a-f0-9]{8}-[a-f0-9]{4}-4[a-f0-9]{3}-[89ab][a-f0-9]{3}-[a-f0-9]{12}$/);

/** `xs:dateTime` as camt writes it: seconds always, an optional fraction, `Z`, `±HH:MM` or no zone. */
const dateTimeArb: fc.Arbitrary<IsoDateTime> = fc
  .tuple(
    isoDateArb,
    fc.integer({ min: 0, max: 23 }),
    fc.integer({ min: 0, max: 59 }),
    fc.integer({ min: 0, max: 59 }),
    fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: undefined }),
    fc.constantFrom("", "Z", "+08:00", "-05:30"),
  )
  .map(([d, h, m, s, f, z]) => {
    const two = (n: number) => String(n).padStart(2, "0");
    return `${d}T${two(h)}:${two(m)}:${two(s)}${f === undefined ? "" : `.${f}`}${z}` as IsoDateTime;
  });

/** A non-negative amount that camt can write: at most 13 integer digits and 5 decimals, at least the currency's. */
function amountArb(currency: fc.Arbitrary<CurrencyCode> = currencyArb): fc.Arbitrary<Money> {
  return currency.chain((c) => {
    const exponent = currencyExponent(c);
    return fc
      .integer({ min: exponent, max: 5 })
      .chain((scale) => fc.bigInt({ min: 0n, max: 10n ** BigInt(12 + scale) - 1n }).map((minor): Money => ({ minor, scale, currency: c })));
  });
}

const signed = (m: Money, negative: boolean): Money => (negative && m.minor !== 0n ? { ...m, minor: -m.minor } : m);

/** A date, or a date-time with its date. */
const dayArb = fc.oneof(
  isoDateArb.map((date) => ({ date, dateTime: undefined as IsoDateTime | undefined })),
  dateTimeArb.map((dateTime) => ({ date: datePart(dateTime) as IsoDate, dateTime: dateTime as IsoDateTime | undefined })),
);

const OPTIONAL = { requiredKeys: [] as never[], noNullPrototype: true } as const;

/** Drops keys whose value is undefined (fast-check records may carry them; the parser never makes them). */
function defined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function nonEmpty<T extends object>(o: T): T | undefined {
  return Object.keys(defined(o)).length === 0 ? undefined : o;
}

const counterpartyArb = fc
  .record(
    {
      name: textArb(140),
      account: fc.oneof(
        ibanArb.map((account) => ({ account, accountScheme: "iban" as const })),
        fc
          .tuple(idArb(34), fc.constantFrom("bban" as const, "cn" as const, "other" as const))
          .map(([account, accountScheme]) => ({ account, accountScheme })),
      ),
      bankId: fc.oneof(bicArb.map(String), idArb()),
      bankName: textArb(140),
      address: fc.array(textArb(70), { minLength: 1, maxLength: 7 }),
      ultimateName: textArb(140),
      partyId: idArb(),
    },
    OPTIONAL,
  )
  .map(({ account, ...rest }) => nonEmpty({ ...rest, ...(account ?? {}) }));

const remittanceArb = fc
  .record(
    {
      unstructured: fc.array(textArb(140), { minLength: 1, maxLength: 3 }),
      structured: fc.array(
        fc
          .record(
            {
              creditorReference: textArb(35),
              typed: fc.record({
                creditorReferenceType: codeArb(1, 35),
                creditorReferenceIssuer: fc.option(textArb(35), { nil: undefined }),
              }),
              documents: fc.array(
                fc
                  .record({ type: codeArb(1, 8), number: textArb(35), date: isoDateArb }, OPTIONAL)
                  .filter((d) => Object.keys(defined(d)).length > 0),
                { minLength: 1, maxLength: 2 },
              ),
              amount: amountArb(),
              additionalInfo: fc.array(textArb(140), { minLength: 1, maxLength: 3 }),
            },
            OPTIONAL,
          )
          .map(({ typed, ...rest }) => defined({ ...rest, ...(typed === undefined ? {} : defined(typed)) }))
          .filter((s) => Object.keys(s).length > 0),
        { minLength: 1, maxLength: 2 },
      ),
    },
    OPTIONAL,
  )
  .map(nonEmpty);

const bankTransactionCodeArb = fc
  .record(
    {
      domain: fc.tuple(codeArb(1, 4), codeArb(1, 4), codeArb(1, 4)),
      proprietary: fc.record({ code: textArb(35), issuer: fc.option(textArb(35), { nil: undefined }) }).map(defined),
    },
    OPTIONAL,
  )
  .map(({ domain, proprietary }) =>
    nonEmpty({
      ...(domain === undefined ? {} : { domain: domain[0], family: domain[1], subFamily: domain[2] }),
      ...(proprietary === undefined ? {} : { proprietary }),
    }),
  );

const exchangeRateArb = fc
  .record(
    {
      rate: fc.stringMatching(/^[1-9]\d{0,4}(\.\d{1,6})?$/),
      sourceCurrency: currencyArb,
      targetCurrency: currencyArb,
      unitCurrency: currencyArb,
      contractId: textArb(35),
      quotationDate: isoDateArb,
    },
    { requiredKeys: ["rate", "sourceCurrency"], noNullPrototype: true },
  )
  .map(defined);

const chargeArb = fc
  .record(
    {
      amount: amountArb(),
      type: idArb(),
      bearer: fc.constantFrom("DEBT", "CRED", "SHAR", "SLEV"),
      includedInAmount: fc.boolean(),
      agentId: fc.oneof(bicArb.map(String), idArb()),
    },
    { requiredKeys: ["amount"], noNullPrototype: true },
  )
  .map(defined);

const returnArb = fc
  .record(
    {
      returnReason: fc.oneof(codeArb(1, 4), codeArb(5, 35)),
      returnAdditionalInfo: fc.array(
        textArb(105).filter((t) => !t.includes("\n") && !t.includes("\r")),
        { minLength: 1, maxLength: 2 },
      ),
    },
    OPTIONAL,
  )
  .map(({ returnReason, returnAdditionalInfo }): Record<string, string> | undefined => {
    const data: Record<string, string> = {};
    if (returnReason !== undefined) data.returnReason = returnReason;
    if (returnAdditionalInfo !== undefined) data.returnAdditionalInfo = returnAdditionalInfo.join("\n");
    return nonEmpty(data);
  });

/** The facts of a transaction; `own` is the currency of its amount (an original amount is in another one). */
function factsArb(own: CurrencyCode, withAmount: boolean) {
  const other = fc.constantFrom(...CURRENCIES.filter((c) => c !== own));
  return fc
    .record(
      {
        references: fc
          .record(
            {
              bankReference: textArb(35),
              accountServicerReference: textArb(35),
              customerReference: textArb(35),
              endToEndId: textArb(35),
              instructionId: textArb(35),
              transactionId: textArb(35),
              paymentInformationId: textArb(35),
              messageId: textArb(35),
              mandateId: textArb(35),
              chequeNumber: textArb(35),
              uetr: uetrArb,
              clearingSystemReference: textArb(35),
              creditorId: idArb(),
            },
            OPTIONAL,
          )
          .map(nonEmpty),
        counterparty: counterpartyArb,
        remittance: remittanceArb,
        bankTransactionCode: bankTransactionCodeArb,
        purpose: idArb(),
        description: textArb(500),
        instructedAmount: amountArb(),
        originalAmount: amountArb(other),
        exchangeRate: exchangeRateArb,
        charges: fc.array(chargeArb, { minLength: 1, maxLength: 2 }),
        bankData: returnArb,
      },
      OPTIONAL,
    )
    .map((f) => {
      const o = defined(f);
      // The exchange is stated on an amount: with none of the transaction's own, it needs one of these two.
      if (!withAmount && o.exchangeRate !== undefined && o.instructedAmount === undefined && o.originalAmount === undefined)
        delete o.exchangeRate;
      return o;
    });
}

/** An entry camt.053.001.08 carries in full: a single transaction, or a batch of details. */
function entryArb(currency: CurrencyCode) {
  return fc
    .record({
      amount: amountArb(fc.constant(currency)),
      debit: fc.boolean(),
      status: fc.constantFrom("booked" as const, "pending" as const, "information" as const),
      reversal: fc.boolean(),
      booking: fc.option(dayArb, { nil: undefined }),
      value: fc.option(dayArb, { nil: undefined }),
      batch: fc.option(
        fc.record(
          {
            count: fc.nat({ max: 10_000 }),
            total: amountArb(),
            totalDebit: fc.boolean(),
            paymentInformationId: textArb(35),
            messageId: textArb(35),
          },
          OPTIONAL,
        ),
        { nil: undefined },
      ),
      kind: fc.constantFrom("single" as const, "single" as const, "batch" as const),
    })
    .chain((e) => {
      const amount = signed(e.amount, e.debit);
      const detailArb = fc
        .tuple(fc.option(amountArb(fc.constant(currency)), { nil: undefined }), factsArb(currency, true), factsArb(currency, false))
        .map(
          ([a, withAmount, without]): TransactionDetail =>
            a === undefined ? { ...without } : { amount: signed(a, amount.minor < 0n), ...withAmount },
        );
      const facts = e.kind === "single" ? factsArb(currency, true) : fc.constant({});
      const details =
        e.kind === "single"
          ? fc.constant([])
          : fc
              .array(detailArb, { minLength: 1, maxLength: 3 })
              .filter((ds) => ds.length > 1 || (ds[0]?.amount !== undefined && ds[0].amount.minor !== amount.minor));
      // A batch entry's own facts are those camt has on the entry: servicer reference, code, amounts, charges, text.
      const batchFacts = fc
        .record(
          {
            references: fc.record({ accountServicerReference: textArb(35) }),
            bankTransactionCode: bankTransactionCodeArb,
            instructedAmount: amountArb(),
            charges: fc.array(chargeArb, { minLength: 1, maxLength: 2 }),
            description: textArb(500),
          },
          OPTIONAL,
        )
        .map(defined);
      return fc.tuple(facts, details, e.kind === "batch" ? batchFacts : fc.constant({})).map(([f, ds, bf]) => {
        const entry: Mutable<Statement["entries"][number]> = {
          amount,
          status: e.status,
          reversal: e.reversal,
          details: ds.map(defined),
          ...f,
          ...bf,
        };
        if (e.booking !== undefined) entry.bookingDate = e.booking.date;
        if (e.booking?.dateTime !== undefined) entry.bookingDateTime = e.booking.dateTime;
        if (e.value !== undefined) entry.valueDate = e.value.date;
        if (e.value?.dateTime !== undefined) entry.valueDateTime = e.value.dateTime;
        const batch = e.batch === undefined ? undefined : defined({ ...e.batch });
        if (batch !== undefined) {
          const { totalDebit, total, ...rest } = batch;
          entry.batch = defined({ ...rest, total: total === undefined ? undefined : signed(total, totalDebit === true) });
          // The parser gives the entry the batch's payment-information id as a reference of its own.
          if (rest.paymentInformationId !== undefined) {
            entry.references = { ...entry.references, paymentInformationId: rest.paymentInformationId };
          }
        }
        return entry as Statement["entries"][number];
      });
    });
}

const EXTRA_BALANCES: BalanceType[] = [
  "interimBooked",
  "interimAvailable",
  "closingAvailable",
  "forwardAvailable",
  "openingAvailable",
  "expected",
  "information",
];

function balanceArb(currency: CurrencyCode, types: readonly BalanceType[]) {
  return fc
    .record({
      type: fc.constantFrom(...types),
      amount: amountArb(fc.constant(currency)),
      debit: fc.boolean(),
      day: dayArb,
      creditLine: fc.option(amountArb(fc.constant(currency)), { nil: undefined }),
    })
    .map(({ type, amount, debit, day, creditLine }) =>
      defined({ type, amount: signed(amount, debit), date: day.date, dateTime: day.dateTime, creditLine }),
    );
}

/** A statement that camt.053.001.08 carries in full (kind `statement`, an id, a creation time, an account currency). */
export function camtStatementArb(options: { maxEntries?: number } = {}): fc.Arbitrary<Statement> {
  return currencyArb.chain((currency) =>
    fc
      .record(
        {
          id: textArb(35),
          createdAt: dateTimeArb,
          period: fc.option(fc.tuple(dateTimeArb, dateTimeArb), { nil: undefined }),
          sequence: fc.option(
            fc.record(
              {
                legal: fc.stringMatching(/^\d{1,18}$/),
                electronic: fc.stringMatching(/^\d{1,18}$/),
                pages: fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.boolean()),
              },
              OPTIONAL,
            ),
            { nil: undefined },
          ),
          account: fc.record(
            {
              number: fc.oneof(
                ibanArb.map((id) => ({ id, scheme: "iban" as const })),
                fc
                  .tuple(idArb(34), fc.constantFrom("bban" as const, "cn" as const, "other" as const))
                  .map(([id, scheme]) => ({ id, scheme })),
              ),
              name: fc.option(textArb(70), { nil: undefined }),
              holderName: fc.option(textArb(140), { nil: undefined }),
              bank: fc.option(
                fc.record(
                  {
                    bic: bicArb,
                    code: fc.oneof(
                      fc.stringMatching(/^(\d{3}|\d{12})$/).map((c) => ({ cnBankCode: c as CnBankCode })),
                      idArb().map((c) => ({ clearingCode: c })),
                    ),
                    name: textArb(140),
                    country: fc.stringMatching(/^[A-Z]{2}$/),
                  },
                  OPTIONAL,
                ),
                { nil: undefined },
              ),
            },
            { requiredKeys: ["number"], noNullPrototype: true },
          ),
          opening: fc.option(balanceArb(currency, ["openingBooked", "previouslyClosedBooked"]), { nil: undefined }),
          closing: fc.option(balanceArb(currency, ["closingBooked"]), { nil: undefined }),
          balances: fc.array(balanceArb(currency, EXTRA_BALANCES), { maxLength: 3 }),
          summary: fc.option(
            fc.record(
              {
                count: fc.nat({ max: 100_000 }),
                net: fc.tuple(amountArb(fc.constant(currency)), fc.boolean()),
                credits: fc.record({ count: fc.nat({ max: 1000 }), sum: amountArb(fc.constant(currency)) }, OPTIONAL),
                debits: fc.record({ count: fc.nat({ max: 1000 }), sum: amountArb(fc.constant(currency)) }, OPTIONAL),
              },
              OPTIONAL,
            ),
            { nil: undefined },
          ),
          additionalInfo: fc.option(textArb(500), { nil: undefined }),
          entries: fc.array(entryArb(currency), { maxLength: options.maxEntries ?? 5 }),
        },
        { requiredKeys: ["id", "createdAt", "account", "balances", "entries"], noNullPrototype: true },
      )
      .map((r) => {
        const s: Mutable<Statement> = {
          kind: "statement",
          id: r.id,
          account: { id: "", scheme: "other" },
          createdAt: r.createdAt,
          balances: r.balances,
          entries: r.entries,
        };
        const { number, bank, ...accountRest } = r.account;
        s.account = defined({
          ...number,
          currency,
          ...accountRest,
          bank: bank === undefined ? undefined : nonEmpty({ ...bank, code: undefined, ...(bank.code ?? {}) }),
        });
        if (r.period !== undefined) {
          const [from, to] = r.period;
          s.period = { from: datePart(from), to: datePart(to), fromDateTime: from, toDateTime: to };
        }
        if (r.sequence !== undefined) {
          const { pages, ...rest } = r.sequence;
          const seq = nonEmpty({ ...rest, ...(pages === undefined ? {} : { page: pages[0], lastPage: pages[1] }) });
          if (seq !== undefined) s.sequence = seq;
        }
        if (r.opening !== undefined) s.openingBalance = r.opening;
        if (r.closing !== undefined) s.closingBalance = r.closing;
        if (r.summary !== undefined) {
          const { net, credits, debits, ...rest } = r.summary;
          const summary = nonEmpty({
            ...rest,
            net: net === undefined ? undefined : signed(net[0], net[1]),
            credits: credits === undefined ? undefined : nonEmpty(credits),
            debits: debits === undefined ? undefined : nonEmpty(debits),
          });
          if (summary !== undefined) s.summary = summary;
        }
        if (r.additionalInfo !== undefined) s.additionalInfo = r.additionalInfo;
        return s;
      }),
  );
}

/**
 * Canonical statements restricted to what MT940 carries exactly, for the writer's round-trip property: the
 * writer must write them without a single finding and our parser must read back the same statement.
 *
 * What "MT940-shaped" means here, each from a rule of the format or of our reading of it:
 * - one account: a German IBAN or `BLZ/account` (other banks' accounts select bank profiles that read `:61:`
 *   differently), its currency the statement's;
 * - kind `statement`; `:28C:` numbers; `:60F:`/`:60M:` and `:62F:`/`:62M:` balances; `:64:` and `:65:`;
 * - booked entries dated 1980–2079 with a booking date at most a month from the value date (two-digit years,
 *   MMDD entry dates), amounts at the currency's scale, references within SWIFT's 16 characters;
 * - either a German structured `:86:` (one remittance text, name ≤ 54, DK code only on German accounts) or plain
 *   remittance lines of at most 65 characters and a description of at most 34, that a German reader does not take
 *   for the transaction code (a first line starting with 999, one line of three digits alone: `:86:835`);
 * - text from a character set without `?`, `/`, `+` and `>` (the `:86:` dialects' markers).
 */
import fc from "fast-check";
import {
  type Balance,
  type CurrencyCode,
  currencyExponent,
  dateFromParts,
  type Entry,
  type IsoDate,
  type Money,
  type Statement,
} from "../../../core/index.js";

const CURRENCIES = ["EUR", "USD", "CHF", "PLN", "JPY", "KWD", "GBP"] as CurrencyCode[];

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 .,'()-]{0,60}[A-Za-z0-9.)]$/);
const textOf = (max: number) => word.map((s) => s.slice(0, max).trim()).filter((s) => s !== "" && !/^[:{-]/.test(s));
const ref16 = fc.stringMatching(/^[A-Z0-9][A-Z0-9.-]{0,14}[A-Z0-9]$/);
const ref35 = fc.stringMatching(/^[A-Z0-9][A-Z0-9-]{0,33}[A-Z0-9]$/);

/** A valid German IBAN for `digits` (8-digit bank code + 10-digit account). */
function germanIban(digits: string): string {
  let rem = 0;
  for (const c of `${digits}131400`) rem = (rem * 10 + Number(c)) % 97;
  return `DE${String(98 - rem).padStart(2, "0")}${digits}`;
}

const ibanArb = fc.stringMatching(/^[1-9]\d{17}$/).map(germanIban);

function dateAt(days: number): IsoDate {
  const d = new Date(Date.UTC(1980, 0, 1) + days * 86_400_000);
  return dateFromParts(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()) as IsoDate;
}
/** Days from 1980-01-01 to a date before 2079-12. */
const dayArb = fc.integer({ min: 40, max: 36_400 });

function moneyArb(currency: CurrencyCode): fc.Arbitrary<Money> {
  return fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }).map((minor) => ({ minor, scale: currencyExponent(currency), currency }));
}

function balanceArb(type: Balance["type"], currency: CurrencyCode): fc.Arbitrary<Balance> {
  return fc.record({ type: fc.constant(type), amount: moneyArb(currency), date: dayArb.map(dateAt) }, { noNullPrototype: true });
}

function entryArb(currency: CurrencyCode): fc.Arbitrary<Entry> {
  const structured = fc.record(
    {
      domesticCode: fc.option(fc.constantFrom("166", "105", "805", "191"), { nil: undefined }),
      description: fc.option(textOf(27), { nil: undefined }),
      primaNota: fc.option(fc.stringMatching(/^\d{3,6}$/), { nil: undefined }),
      textKeyExtension: fc.option(fc.stringMatching(/^\d{3}$/), { nil: undefined }),
      endToEndId: fc.option(ref35, { nil: undefined }),
      mandateId: fc.option(ref35, { nil: undefined }),
      creditorId: fc.option(ref35, { nil: undefined }),
      purpose: fc.option(fc.constantFrom("SUPP", "SALA", "RINP"), { nil: undefined }),
      // EREF, MREF, CRED (2 subfields each), PURP (1), SVWZ (4) and ABWA (3) fill the 14 purpose subfields exactly.
      remittance: fc.option(textOf(100), { nil: undefined }),
      name: fc.option(textOf(54), { nil: undefined }),
      account: fc.option(fc.oneof(ibanArb, fc.stringMatching(/^[1-9]\d{5,9}$/)), { nil: undefined }),
      bankId: fc.option(fc.stringMatching(/^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/), { nil: undefined }),
      ultimateName: fc.option(textOf(54), { nil: undefined }),
      supplementary: fc.option(textOf(34), { nil: undefined }),
    },
    { noNullPrototype: true },
  );
  const plain = fc
    .record(
      // The first :86: line shares its 65 characters with the tag: 61 are left.
      { description: fc.option(textOf(34), { nil: undefined }), lines: fc.array(textOf(61), { maxLength: 3 }) },
      { noNullPrototype: true },
    )
    // The writer puts such text into the structured form, with a note (fast-check found `["000"]`).
    .filter(({ lines }) => !(lines[0]?.startsWith("999") === true || (lines.length === 1 && /^\d{3}$/.test(lines[0] ?? ""))));
  return fc
    .record(
      {
        amount: moneyArb(currency),
        reversal: fc.boolean(),
        value: dayArb,
        bookingOffset: fc.integer({ min: -31, max: 31 }),
        fundsCode: fc.option(fc.constantFrom("R", "N", "F"), { nil: undefined }),
        type: fc.constantFrom("NTRF", "NMSC", "FCHG", "S103", "NSTO"),
        customerReference: ref16,
        bankReference: fc.option(ref16, { nil: undefined }),
        details: fc.oneof(
          structured.map((d) => ({ kind: "german" as const, d })),
          plain.map((d) => ({ kind: "plain" as const, d })),
        ),
      },
      { noNullPrototype: true },
    )
    .map(({ amount, reversal, value, bookingOffset, fundsCode, type, customerReference, bankReference, details }): Entry => {
      const e: { -readonly [K in keyof Entry]: Entry[K] } = {
        amount,
        status: "booked",
        reversal,
        bookingDate: dateAt(value + bookingOffset),
        valueDate: dateAt(value),
        details: [],
        references: bankReference === undefined ? { customerReference } : { customerReference, bankReference },
        bankTransactionCode: { proprietary: { code: type } },
      };
      if (fundsCode !== undefined) e.fundsCode = fundsCode;
      if (details.kind === "plain") {
        if (details.d.description !== undefined) e.description = details.d.description;
        if (details.d.lines.length > 0) e.remittance = { unstructured: details.d.lines };
        return e;
      }
      const d = details.d;
      // The writer chooses the German form when a structured fact is there; make sure one is.
      const party = {
        ...(d.name === undefined ? {} : { name: d.name }),
        ...(d.account === undefined
          ? {}
          : { account: d.account, accountScheme: d.account.startsWith("DE") ? ("iban" as const) : ("bban" as const) }),
        ...(d.bankId === undefined ? {} : { bankId: d.bankId }),
        ...(d.ultimateName === undefined ? {} : { ultimateName: d.ultimateName }),
      };
      const refs = {
        ...e.references,
        ...(d.endToEndId === undefined ? {} : { endToEndId: d.endToEndId }),
        ...(d.mandateId === undefined ? {} : { mandateId: d.mandateId }),
        ...(d.creditorId === undefined ? {} : { creditorId: d.creditorId }),
      };
      e.references = refs;
      if (Object.keys(party).length > 0) e.counterparty = party;
      if (d.remittance !== undefined) e.remittance = { unstructured: [d.remittance] };
      if (d.purpose !== undefined) e.purpose = d.purpose;
      if (d.description !== undefined) e.description = d.description;
      const bankData: Record<string, string> = {};
      if (d.primaNota !== undefined) bankData.primaNota = d.primaNota;
      if (d.textKeyExtension !== undefined) bankData.textKeyExtension = d.textKeyExtension;
      // Supplementary details are kept beside a booking text; without one they would be read as the booking text.
      if (d.supplementary !== undefined && d.description !== undefined) bankData.supplementaryDetails = d.supplementary;
      if (Object.keys(bankData).length > 0) e.bankData = bankData;
      if (d.domesticCode !== undefined) e.bankTransactionCode = { proprietary: { code: `${type}+${d.domesticCode}`, issuer: "DK" } };
      const isStructured =
        e.counterparty !== undefined ||
        refs.endToEndId !== undefined ||
        refs.mandateId !== undefined ||
        refs.creditorId !== undefined ||
        e.purpose !== undefined ||
        e.bankData?.primaNota !== undefined ||
        e.bankData?.textKeyExtension !== undefined ||
        d.domesticCode !== undefined;
      if (!isStructured) e.bankData = { ...e.bankData, primaNota: "9310" };
      return e;
    });
}

/** MT940-shaped canonical statements (see the module documentation). */
export function mt940StatementArb(options: { maxEntries?: number } = {}): fc.Arbitrary<Statement> {
  return fc.constantFrom(...CURRENCIES).chain((currency) =>
    fc
      .record(
        {
          id: ref16,
          account: fc.oneof(
            ibanArb.map((id) => ({ id, scheme: "iban" as const, currency })),
            fc
              .tuple(fc.stringMatching(/^[1-9]\d{7}$/), fc.stringMatching(/^[1-9]\d{3,9}$/))
              .map(([blz, id]) => ({ id, scheme: "bban" as const, currency, bank: { clearingCode: blz } })),
          ),
          number: fc.stringMatching(/^\d{0,4}[1-9]$/),
          page: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
          openingIntermediate: fc.boolean(),
          closingFinal: fc.boolean(),
          opening: moneyArb(currency),
          closing: moneyArb(currency),
          openingDay: dayArb,
          closingDay: dayArb,
          available: fc.option(balanceArb("closingAvailable", currency), { nil: undefined }),
          forward: fc.array(balanceArb("forwardAvailable", currency), { maxLength: 2 }),
          entries: fc.array(entryArb(currency), { maxLength: options.maxEntries ?? 6 }),
          info: fc.option(fc.array(textOf(61), { minLength: 1, maxLength: 3 }), { nil: undefined }),
        },
        { noNullPrototype: true },
      )
      .map((r): Statement => {
        const sequence: { legal: string; electronic?: string; page?: number; lastPage?: boolean } = { legal: r.number };
        if (r.page === undefined || r.page === 1) sequence.electronic = r.number;
        if (r.page !== undefined) {
          sequence.page = r.page;
          sequence.lastPage = r.closingFinal;
        } else if (!r.closingFinal) sequence.lastPage = false;
        return {
          id: r.id,
          kind: "statement",
          account: r.account,
          sequence,
          openingBalance: {
            type: r.openingIntermediate ? "interimBooked" : "openingBooked",
            amount: r.opening,
            date: dateAt(r.openingDay),
          },
          closingBalance: { type: r.closingFinal ? "closingBooked" : "interimBooked", amount: r.closing, date: dateAt(r.closingDay) },
          balances: [...(r.available === undefined ? [] : [r.available]), ...r.forward],
          entries: r.entries,
          ...(r.info === undefined ? {} : { additionalInfo: r.info.join("\n") }),
        };
      }),
  );
}

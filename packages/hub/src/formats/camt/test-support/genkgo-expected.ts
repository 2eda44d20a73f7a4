/**
 * Test support: a reader of genkgo/camt's expected-output `.json` files (a PHP object dump of its `Message`),
 * reduced to what we compare: entries (amount in minor units, dates, status, references, detail amounts),
 * statements (ids, sequence numbers, creation and period instants) and balances.
 *
 * The dump writes an object in full the first time it meets it and `"__RECURSIVITY__"` after that, so a
 * statement appears inside its first entry (`getEntries[i].getRecord`) or in `getRecords`; genkgo converts every
 * date-time to UTC, so instants are compared, not strings.
 *
 * @module
 */

/** An amount as genkgo gives it: minor units of the currency's exponent, signed. */
export interface GenkgoMoney {
  readonly minor: string;
  readonly currency: string;
}

/** One entry of genkgo's `Message::getEntries()`. */
export interface GenkgoEntry {
  /** `getRecord().getId()`: the statement the entry belongs to (inline or the last one written in full). */
  readonly statementId: string | undefined;
  /** `getIndex()`: the entry's position in its statement. */
  readonly index: number;
  readonly amount: GenkgoMoney;
  readonly status: string | null;
  readonly reversal: boolean;
  /** UTC instants (`2014-12-31T12:15:00+00:00`), or null. */
  readonly bookingDate: string | null;
  readonly valueDate: string | null;
  readonly accountServicerReference: string | null;
  readonly batchPaymentId: string | null;
  /** The first transaction's references. */
  readonly references: Readonly<Record<"endToEndId" | "mandateId" | "instructionId" | "uetr", string | null>>;
  /** Amounts of the transaction details (null where genkgo has none). */
  readonly details: readonly (GenkgoMoney | null)[];
}

/** One statement (record) genkgo wrote in full. */
export interface GenkgoRecord {
  readonly id: string;
  readonly accountId: string | null;
  readonly electronicSequence: string | null;
  readonly legalSequence: string | null;
  readonly createdOn: string | null;
  readonly fromDate: string | null;
  readonly toDate: string | null;
  readonly balances: readonly { readonly type: string; readonly amount: GenkgoMoney; readonly date: string }[];
}

/** What a genkgo `.json` says. */
export interface GenkgoExpected {
  readonly entries: readonly GenkgoEntry[];
  readonly records: readonly GenkgoRecord[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const obj = (v: unknown): Obj | undefined => (isObj(v) ? v : undefined);
const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const instant = (v: unknown): string | null => str(obj(v)?.["0"]);

function money(v: unknown): GenkgoMoney | null {
  const m = obj(v);
  const currency = str(obj(m?.getCurrency)?.getCode);
  const minor = str(m?.getAmount);
  return minor === null || currency === null ? null : { minor, currency };
}

function record(r: Obj): GenkgoRecord {
  const balances = Array.isArray(r.getBalances) ? r.getBalances : [];
  return {
    id: String(r.getId),
    accountId: str(obj(r.getAccount)?.getIdentification),
    electronicSequence: str(r.getElectronicSequenceNumber),
    legalSequence: str(r.getLegalSequenceNumber),
    createdOn: instant(r.getCreatedOn),
    fromDate: instant(r.getFromDate),
    toDate: instant(r.getToDate),
    balances: balances.filter(isObj).map((b) => ({ type: String(b.getType), amount: money(b.getAmount)!, date: instant(b.getDate) ?? "" })),
  };
}

/** Reads a genkgo expected-output document. */
export function readGenkgo(json: unknown): GenkgoExpected {
  const message = obj(json) ?? {};
  const records = new Map<string, GenkgoRecord>();
  const entries: GenkgoEntry[] = [];
  let current: string | undefined;
  for (const e of Array.isArray(message.getEntries) ? message.getEntries : []) {
    if (!isObj(e)) continue;
    const r = obj(e.getRecord);
    if (r !== undefined) {
      const rec = record(r);
      records.set(rec.id, rec);
      current = rec.id;
    }
    const first = obj(e.getTransactionDetail);
    const refs = obj(first?.getReference);
    const details = (Array.isArray(e.getTransactionDetails) ? e.getTransactionDetails : []).map((d, i) =>
      d === "__RECURSIVITY__" && i === 0 ? money(first?.getAmount) : money(obj(d)?.getAmount),
    );
    entries.push({
      statementId: current,
      index: Number(e.getIndex),
      amount: money(e.getAmount)!,
      status: str(e.getStatus),
      reversal: e.getReversalIndicator === true,
      bookingDate: instant(e.getBookingDate),
      valueDate: instant(e.getValueDate),
      accountServicerReference: str(e.getAccountServicerReference),
      batchPaymentId: str(e.getBatchPaymentId),
      references: {
        endToEndId: str(refs?.getEndToEndId),
        mandateId: str(refs?.getMandateId),
        instructionId: str(refs?.getInstructionId),
        uetr: str(refs?.getUuidEndToEndReference),
      },
      details,
    });
  }
  for (const r of Array.isArray(message.getRecords) ? message.getRecords : []) {
    if (isObj(r)) records.set(String(r.getId), record(r));
  }
  return { entries, records: [...records.values()] };
}

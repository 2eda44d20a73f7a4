/**
 * Deterministic, realistic BAI2 text of any size, for benchmarks and the streaming memory test: groups of US
 * operating accounts with ACH, wire, lockbox and check details, a third of them with their text continued over
 * an 88 record, 100/400 totals and trailers that are all right, and balances that close. Generated account by
 * account, so a caller can stream gigabytes without holding them.
 *
 * @module
 */

/** Options of {@link generateBai2}. */
export interface Bai2SampleOptions {
  /** Stop after about this many characters (whole groups). */
  readonly chars: number;
  /** @default 7 */
  readonly seed?: number;
  /** Accounts per group. @default 10 */
  readonly accountsPerGroup?: number;
  /** Details (16 records) per account. @default 1000 */
  readonly entriesPerAccount?: number;
  /** @default "\n" */
  readonly lineBreak?: string;
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PAYEES = [
  "ACME SUPPLY CO",
  "GLOBEX CORPORATION",
  "INITECH LLC",
  "UMBRELLA HEALTH",
  "STARK INDUSTRIES",
  "WAYNE ENTERPRISES",
  "HOOLI INC",
];
const MEMOS = ["INVOICE 2024-0042 PAYMENT", "PAYROLL MARCH", "ACH OFFSET", "WIRE TRANSFER REF FW240314", "CARD PURCHASE 4974XXXX1234"];
const CREDIT_CODES = ["142", "165", "195", "399"];
const DEBIT_CODES = ["451", "475", "495", "699"];

/**
 * Yields a BAI2 file in pieces (the file header, then one piece per account, group trailers and the file
 * trailer) until about `chars` characters. Every account has `entriesPerAccount` details, so a file holds that
 * many entries per account piece.
 *
 * @example const text = [...generateBai2({ chars: 10_000_000 })].join("");
 */
export function* generateBai2(options: Bai2SampleOptions): Generator<string, void, undefined> {
  const rnd = random(options.seed ?? 7);
  const nl = options.lineBreak ?? "\n";
  const perGroup = options.accountsPerGroup ?? 10;
  const perAccount = options.entriesPerAccount ?? 1000;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  let produced = 0;
  let entries = 0;
  let fileRecords = 1;
  let fileTotal = 0n;
  let groups = 0;
  const header = `01,121000358,ACMECORP,240315,0615,20240315001,,,2/${nl}`;
  produced += header.length;
  yield header;
  while (produced < options.chars) {
    groups++;
    const groupHeader = `02,ACMECORP,121000358,1,240314,2400,USD,2/${nl}`;
    let groupRecords = 1;
    let groupTotal = 0n;
    produced += groupHeader.length;
    yield groupHeader;
    for (let a = 0; a < perGroup; a++) {
      const details: string[] = [];
      let credits = 0n;
      let debits = 0n;
      let nCredits = 0;
      let nDebits = 0;
      let records = 0;
      for (let d = 0; d < perAccount; d++) {
        const amount = 1 + Math.floor(rnd() * 10_000_000);
        const credit = rnd() < 0.5;
        const code = pick(credit ? CREDIT_CODES : DEBIT_CODES);
        if (credit) {
          credits += BigInt(amount);
          nCredits++;
        } else {
          debits += BigInt(amount);
          nDebits++;
        }
        const ref = `${2024031400000 + entries}`;
        if (rnd() < 0.33) {
          details.push(`16,${code},${amount},0,${ref},INV${d}/`, `88,${pick(MEMOS)} ${pick(PAYEES)}`);
          records += 2;
        } else {
          details.push(`16,${code},${amount},${credit ? "1" : "0"},${ref},,${pick(PAYEES)} ${pick(MEMOS)}`);
          records++;
        }
        entries++;
      }
      const opening = BigInt(Math.floor(rnd() * 1e11));
      const closing = opening + credits - debits;
      const control = opening * 2n + closing * 2n + credits + debits + credits + debits;
      records += 3;
      const text = [
        `03,${1000000000 + groups * 10 + a},USD,010,${opening},,,015,${closing},,,040,${opening},,,045,${closing},,,/`,
        `88,100,${credits},${nCredits},,400,${debits},${nDebits},/`,
        ...details,
        `49,${control},${records}/`,
        "",
      ].join(nl);
      groupRecords += records;
      groupTotal += control;
      produced += text.length;
      yield text;
    }
    groupRecords++;
    const trailer = `98,${groupTotal},${perGroup},${groupRecords}/${nl}`;
    fileRecords += groupRecords;
    fileTotal += groupTotal;
    produced += trailer.length;
    yield trailer;
  }
  yield `99,${fileTotal},${groups},${fileRecords + 1}/${nl}`;
}

/**
 * Deterministic, realistic MT940 text of any size, for benchmarks and the streaming memory test: German
 * business accounts with SEPA credit transfers, direct debits, card payments and fees, `:86:` in the DK subfield
 * format wrapped at 65 characters, several accounts, and balances that close. Generated statement by statement,
 * so a caller can stream gigabytes without holding them.
 *
 * @module
 */

/** Options of {@link generateMt940}. */
export interface Mt940SampleOptions {
  /** Stop after about this many characters (whole statements). */
  readonly chars: number;
  /** @default 1 */
  readonly seed?: number;
  /** Entries per statement. @default 200 */
  readonly entriesPerStatement?: number;
  /** @default "\r\n" */
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

const ACCOUNTS = ["50880050/0194774600888", "DE89370400440532013000", "10020030/1234567", "DE02120300000000202051"];
const NAMES = [
  "Muster Maschinenbau GmbH",
  "Lieferant A B.V.",
  "Stadtwerke Musterstadt",
  "Acme Retail SE",
  "Richter Renate",
  "Nordlicht Logistik GmbH",
];
const IBANS = ["DE42100100100043921105", "NL91ABNA0417164300", "DE02370400440532013014", "FR1420041010050500013M02606"];
const BICS = ["PBNKDEFF100", "ABNANL2A", "COBADEFFXXX", "PSSTFRPPPAR"];
const TEXTS = [
  "Rechnung 2024-0042 vom 28.02.2024",
  "Miete Maerz Buero 3. OG",
  "Kundennummer 4471 Strom Maerz",
  "PO 7781 invoice 55-1029",
  "Gehalt Maerz",
];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function amountText(cents: number): string {
  return `${Math.floor(cents / 100)},${two(cents % 100)}`;
}

/** Wraps a `:86:` text into 65-character lines, the SWIFT line width. */
function wrap(text: string, lineBreak: string): string {
  let out = "";
  for (let i = 0; i < text.length; i += 65) out += (i === 0 ? "" : lineBreak) + text.slice(i, i + 65);
  return out;
}

/**
 * Yields MT940 statements (one string each, ending with `-` and a line break) until about `chars` characters.
 *
 * @example const text = [...generateMt940({ chars: 10_000_000 })].join("");
 */
export function* generateMt940(options: Mt940SampleOptions): Generator<string, void, undefined> {
  const rnd = random(options.seed ?? 1);
  const nl = options.lineBreak ?? "\r\n";
  const perStatement = options.entriesPerStatement ?? 200;
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
  const balances = ACCOUNTS.map(() => 1_000_000 + Math.floor(rnd() * 100_000_000));
  let produced = 0;
  let day = 0;
  let number = 1;
  while (produced < options.chars) {
    for (let a = 0; a < ACCOUNTS.length && produced < options.chars; a++) {
      // 2024-01-01 plus `day` days, on a 28-day month grid so every date is valid without a calendar.
      const y = 24 + Math.floor(day / 336);
      const m = 1 + (Math.floor(day / 28) % 12);
      const d = 1 + (day % 28);
      const date = `${two(y % 100)}${two(m)}${two(d)}`;
      const opening = balances[a] as number;
      let balance = opening;
      const lines: string[] = [
        `:20:STARTUMS${two(m)}${two(d)}`,
        `:25:${ACCOUNTS[a]}`,
        `:28C:${number}/1`,
        `:60F:${opening < 0 ? "D" : "C"}${date}EUR${amountText(Math.abs(opening))}`,
      ];
      for (let i = 0; i < perStatement; i++) {
        const kind = rnd();
        const cents = 100 + Math.floor(rnd() * 5_000_000);
        const name = pick(NAMES);
        const iban = pick(IBANS);
        const bic = pick(BICS);
        const ref = `${date}${String(i).padStart(6, "0")}${a}`;
        let credit: boolean;
        let details: string;
        if (kind < 0.4) {
          credit = true;
          details = `166?00GUTSCHR. UEBERWEISUNG?109310?20EREF+INV-${ref}?21SVWZ+${pick(TEXTS)}?30${bic}?31${iban}?32${name.slice(0, 27)}`;
        } else if (kind < 0.7) {
          credit = false;
          details = `105?00BASISLASTSCHRIFT?10931?20EREF+${ref}?21MREF+M-${ref.slice(0, 10)}?22CRED+DE98ZZZ09999999999?23SVWZ+${pick(TEXTS)}?30${bic}?31${iban}?32${name.slice(0, 27)}`;
        } else if (kind < 0.95) {
          credit = false;
          details = `106?00KARTENZAHLUNG?109213?20SVWZ+${date} ${name.slice(0, 12)}?21Karte 1234 ${ref.slice(0, 8)}?32${name.slice(0, 27)}`;
        } else {
          credit = false;
          details = `805?00ENTGELTABSCHLUSS?106666?20Kontofuehrung ${two(m)}/${y}`;
        }
        balance += credit ? cents : -cents;
        lines.push(`:61:${date}${two(m)}${two(d)}${credit ? "C" : "D"}R${amountText(cents)}NTRFNONREF//${ref}`);
        lines.push(`:86:${wrap(details, nl)}`);
      }
      balances[a] = balance;
      lines.push(`:62F:${balance < 0 ? "D" : "C"}${date}EUR${amountText(Math.abs(balance))}`);
      lines.push("-");
      const text = lines.join(nl) + nl;
      produced += text.length;
      yield text;
    }
    day++;
    number++;
  }
}

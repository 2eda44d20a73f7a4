/**
 * The inverse of the profile engine for tests: writes canonical entries as a CSV export laid out by a profile
 * (title lines, header, the profile's date pattern, decimal mark, grouping, amount columns and delimiter), so a
 * property test can check that reading it back gives the entries again.
 */
import type { Entry } from "../../../core/index.js";
import type { MappingProfile } from "../mapping-profile.js";

/** The header names the writer uses, by field. */
export const HEADERS = {
  bookingDate: "交易日期",
  amount: "交易金额",
  debit: "借方发生额",
  credit: "贷方发生额",
  direction: "收/支",
  description: "摘要",
  counterpartyName: "对方户名",
} as const;

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** A date (and time) written with a profile pattern. */
export function writeDate(pattern: string, date: string, time: string | undefined): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh, mi, ss] = (time ?? "00:00:00").split(":").map(Number) as [number, number, number];
  return pattern.replace(/yyyy|yy|MM|M|dd|d|HH|H|mm|ss/g, (t) => {
    switch (t) {
      case "yyyy":
        return String(y).padStart(4, "0");
      case "yy":
        return pad2(y % 100);
      case "MM":
        return pad2(m);
      case "M":
        return String(m);
      case "dd":
        return pad2(d);
      case "d":
        return String(d);
      case "HH":
        return pad2(hh);
      case "H":
        return String(hh);
      case "mm":
        return pad2(mi);
      default:
        return pad2(ss);
    }
  });
}

/** An unsigned amount of `minor` hundredths with the profile's decimal mark and grouping. */
export function writeNumber(minor: bigint, mark: string, grouping: string): string {
  const digits = (minor < 0n ? -minor : minor).toString().padStart(3, "0");
  const whole = digits.slice(0, -2);
  const grouped = grouping === "" ? whole : whole.replace(/\B(?=(\d{3})+(?!\d))/g, grouping);
  return `${grouped}${mark}${digits.slice(-2)}`;
}

function quote(cell: string, delimiter: string): string {
  return /["\r\n]|^[ \t]|[ \t]$/.test(cell) || cell.includes(delimiter) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** Writes the entries (CNY, two decimals) as the export the profile describes, with title lines and a footer. */
export function writeRows(
  entries: readonly Entry[],
  profile: MappingProfile,
  layout: { readonly order: readonly (keyof typeof HEADERS)[]; readonly title: readonly string[]; readonly footer: boolean },
): string {
  const delimiter = profile.delimiter ?? ",";
  const mark = profile.amounts.decimalMark ?? ".";
  const grouping = profile.amounts.thousandsSeparator ?? (mark === "," ? "." : ",");
  const pattern = profile.dates.formats[0] as string;
  const directions = Object.entries(profile.amounts.directions ?? {});
  const word = (outcome: string) => directions.find(([, o]) => o === outcome)?.[0] ?? "";
  const lines = [...layout.title];
  lines.push(layout.order.map((f) => HEADERS[f]).join(delimiter));
  for (const e of entries) {
    const minor = profile.amounts.invert === true ? -e.amount.minor : e.amount.minor;
    const time = e.bookingDateTime?.slice(11);
    const values: Record<keyof typeof HEADERS, string> = {
      bookingDate: writeDate(pattern, e.bookingDate as string, time),
      amount:
        profile.amounts.mode === "signed"
          ? `${minor < 0n ? "-" : ""}${writeNumber(minor, mark, grouping)}`
          : writeNumber(minor, mark, grouping),
      debit: minor < 0n ? writeNumber(minor, mark, grouping) : "",
      credit: minor >= 0n ? writeNumber(minor, mark, grouping) : "",
      direction: word(minor < 0n ? "out" : "in"),
      description: e.description ?? "",
      counterpartyName: e.counterparty?.name ?? "",
    };
    lines.push(layout.order.map((f) => quote(values[f], delimiter)).join(delimiter));
  }
  if (layout.footer) lines.push(["合计", ...layout.order.slice(1).map(() => "")].join(delimiter));
  return `${lines.join("\r\n")}\r\n`;
}

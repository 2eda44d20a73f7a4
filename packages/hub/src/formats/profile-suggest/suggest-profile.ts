/**
 * Profile inference: proposes a mapping profile for an export no built-in profile knows, from its header names
 * and its column contents, and says per column how sure it is and why. Pure: rows in (from a CSV reader or a
 * spreadsheet), a suggestion out. The decisions, in order:
 *
 * 1. the table (`find-table.ts`): header row under the title lines, data rows up to the footer;
 * 2. dates: the columns whose values are dates; the posting date (记账日期, Posting Date) books, a second date is
 *    the value date;
 * 3. amounts: a debit and a credit column, else one amount with a direction column (收/支, 借贷), else a signed
 *    amount; the balance-after column, when there is one, checks the signs by chaining;
 * 4. currency, counterparty, description, references and the rest by their names, checked against contents.
 *
 * @module
 */
import {
  applyProfile,
  type DirectionOutcome,
  type MappingProfile,
  type ProfileColumns,
  type TableRow,
  validateProfile,
} from "../bank-csv/index.js";
import { chainShare, negated, netOf } from "./balance-chain.js";
import { type ColumnStats, columnStats } from "./column-stats.js";
import { findTable } from "./find-table.js";
import { matchName, type SuggestField } from "./header-names.js";
import { BOOKING_KIND_WORDS, bookingKind, currencyCode, isNotBooked, REPAYMENT } from "./value-kinds.js";

/** Options of {@link suggestProfile}. */
export interface SuggestOptions {
  /** The profile's id. @default "suggested" */
  readonly id?: string;
  /** The profile's name. @default "Suggested profile" (with the source's name when given) */
  readonly name?: string;
  /** Where the rows came from (a file name), for the profile's description. */
  readonly source?: string;
  /** The currency when the export has no currency column (ISO 4217). @default inferred, else `XXX` with a note */
  readonly currency?: string;
  /** The CSV dialect and encoding to write into the profile (not for spreadsheets). */
  readonly delimiter?: string;
  readonly quote?: string;
  readonly encoding?: string;
}

/** One column mapped to one field, with how sure inference is and why. */
export interface ColumnChoice {
  readonly field: SuggestField;
  /** 0-based column. */
  readonly column: number;
  /** The header cell (`""` without a header row). */
  readonly header: string;
  /** 0 (a guess) to 1 (certain). */
  readonly confidence: number;
  /** What made inference choose it, one finding per line. */
  readonly evidence: readonly string[];
}

/** A suggested profile and everything a user needs to check it. */
export interface ProfileSuggestion {
  /** The profile; it passed `validateProfile`. `undefined` when no table with dates was found. */
  readonly profile: MappingProfile | undefined;
  /** The header's 1-based line, or `undefined` for an export without a header. */
  readonly headerLine: number | undefined;
  readonly columns: readonly ColumnChoice[];
  /** Columns left out, by header (or index). */
  readonly unmapped: readonly { readonly column: number; readonly header: string }[];
  /** Decisions a user should check, and what could not be decided. */
  readonly notes: readonly string[];
  /** Data rows looked at. */
  readonly rows: number;
  /** Entries the profile reads from the rows, and rows it could not read (checked by applying it). */
  readonly check: { readonly entries: number; readonly problems: number; readonly codes: readonly string[] } | undefined;
}

const POSTING = /记账|入账|交收|成功|posting|post\s*date|date\s*posted|posted/i;
const BOOKED_AMOUNT = /记账|入账|结算|实付|清算|billing/i;
const CARD = /信用卡|credit\s*card|卡末四位|卡号末四位|卡号后四位|card\s*#/i;
const CJK = /[\u3400-\u9fff]/;
const NUMBER_GROUP = "[-+]?[\\d,]*\\.?\\d+";

const pct = (n: number) => `${Math.round(n * 100)}%`;
const round2 = (n: number) => Math.round(Math.max(0, Math.min(1, n)) * 100) / 100;

/**
 * Proposes a mapping profile for `rows` (every row of the export, title lines included).
 *
 * @example
 * const s = suggestProfile([...readCsvRows(text)], { source: "export.csv" });
 * s.profile // { id: "suggested", columns: { bookingDate: "交易日期", amount: "交易金额", … }, … }
 * s.columns // [{ field: "bookingDate", header: "交易日期", confidence: 0.97, evidence: ["…"] }, …]
 */
export function suggestProfile(rows: readonly TableRow[], options: SuggestOptions = {}): ProfileSuggestion {
  const table = findTable(rows);
  const hasHeader = table.headerLine !== undefined;
  const stats = Array.from({ length: table.width }, (_, i) => columnStats(i, table.header[i] ?? "", table.data));
  const notes: string[] = [];
  const choices: ColumnChoice[] = [];
  const used = new Set<number>();
  const label = (s: ColumnStats) => (s.header !== "" ? `"${s.header}"` : `column ${s.index + 1}`);
  const choose = (field: SuggestField, s: ColumnStats, confidence: number, evidence: string[]) => {
    choices.push({ field, column: s.index, header: s.header, confidence: round2(confidence), evidence });
    used.add(s.index);
  };
  const nameOf = (field: SuggestField, s: ColumnStats) => (hasHeader ? matchName(field, s.header) : { score: 0, exact: false });
  const nameEvidence = (field: SuggestField, s: ColumnStats): string[] => {
    const m = nameOf(field, s);
    if (m.score === 0 || m.name === undefined) return [];
    return [m.exact ? `header ${label(s)} is a name of ${field}` : `header ${label(s)} contains "${m.name}", a name of ${field}`];
  };
  const emptyResult = (note: string): ProfileSuggestion => ({
    profile: undefined,
    headerLine: table.headerLine,
    columns: [],
    unmapped: [],
    notes: [...notes, note],
    rows: table.data.length,
    check: undefined,
  });
  if (table.data.length === 0) return emptyResult("no table found: no row has a date in it");

  // 2. Dates.
  const dateColumns = stats.filter(
    (s) =>
      s.filled > 0 &&
      s.date.share >= 0.8 &&
      (s.date.patterns[0] !== "M/d" || nameOf("bookingDate", s).score >= 0.6 || nameOf("valueDate", s).score >= 0.6),
  );
  if (dateColumns.length === 0) return emptyResult("no column holds dates, so there is no booking date");
  const bookingScore = (s: ColumnStats) =>
    0.45 * s.date.share +
    0.35 * (hasHeader ? nameOf("bookingDate", s).score : 0.5) +
    0.2 * s.fill +
    (POSTING.test(s.header) ? 0.15 : 0) -
    (/utc/i.test(s.header) && !/本地|local/i.test(s.header) ? 0.2 : 0);
  const booking = [...dateColumns].sort((a, b) => bookingScore(b) - bookingScore(a))[0] as ColumnStats;
  const dateEvidence = (s: ColumnStats) => [
    ...nameEvidence("bookingDate", s),
    `${pct(s.date.share)} of its ${s.filled} values are dates (${s.date.patterns.join(", ")})`,
    ...(s.date.ambiguousOrder ? ["day and month could be either way round; decided by which of them changes from row to row"] : []),
  ];
  choose(
    "bookingDate",
    booking,
    hasHeader ? 0.55 * booking.date.share + 0.45 * Math.max(nameOf("bookingDate", booking).score, 0.3) : 0.75 * booking.date.share,
    dateEvidence(booking),
  );
  if (booking.date.ambiguousOrder) notes.push(`dates in ${label(booking)} could be day-first or month-first; check "dates.formats"`);
  const valueDate = dateColumns
    .filter(
      (s) =>
        s !== booking && s.fill >= 0.3 && (!hasHeader || Math.max(nameOf("valueDate", s).score, nameOf("bookingDate", s).score) >= 0.6),
    )
    .sort((a, b) => nameOf("valueDate", b).score - nameOf("valueDate", a).score)[0];
  if (valueDate !== undefined) {
    choose("valueDate", valueDate, 0.5 * valueDate.date.share + 0.4 * Math.max(nameOf("valueDate", valueDate).score, 0.5), [
      ...nameEvidence("valueDate", valueDate),
      `a second date column; ${label(booking)} books (${POSTING.test(booking.header) ? "a posting date" : "the better name"}), this one is the transaction day`,
    ]);
  }
  const datePatternsAll = [...new Set([...booking.date.patterns, ...(valueDate?.date.patterns ?? [])])];

  // Time of day in a column of its own.
  let timeFormats: string[] | undefined;
  if (!booking.date.hasTime) {
    const time = stats
      .filter(
        (s) => !used.has(s.index) && s.filled > 0 && s.time.share >= 0.9 && (hasHeader ? nameOf("bookingTime", s).score >= 0.6 : true),
      )
      .sort((a, b) => nameOf("bookingTime", b).score - nameOf("bookingTime", a).score)[0];
    if (time !== undefined) {
      timeFormats = [...time.time.patterns];
      choose("bookingTime", time, 0.5 * time.time.share + 0.5 * Math.max(nameOf("bookingTime", time).score, 0.4), [
        ...nameEvidence("bookingTime", time),
        `${pct(time.time.share)} of its values are times (${time.time.patterns.join(", ")})`,
      ]);
    }
  }

  // 3. Amounts.
  const strongOther = (s: ColumnStats) =>
    hasHeader &&
    (["cardNumber", "account", "bankReference", "customerReference", "counterpartyAccount"] as const).some((f) => nameOf(f, s).exact);
  const amountLike = (s: ColumnStats, minShare = 0.8) =>
    !used.has(s.index) &&
    s.filled > 0 &&
    s.amount.share >= minShare &&
    s.date.share < 0.5 &&
    s.accountLike < 0.5 &&
    s.sequence < 0.8 &&
    !strongOther(s) &&
    (s.amount.withDecimals > 0 ||
      (hasHeader && Math.max(...(["amount", "debit", "credit", "balance"] as const).map((f) => nameOf(f, s).score)) >= 0.6));
  const amountish = stats.filter((s) => amountLike(s));
  let balance = amountish
    .filter((s) => nameOf("balance", s).score >= 0.6)
    .sort((a, b) => nameOf("balance", b).score - nameOf("balance", a).score)[0];
  const amountColumns = amountish.filter((s) => s !== balance);
  const columns: { -readonly [K in keyof ProfileColumns]?: ProfileColumns[K] } = {};
  let amounts: MappingProfile["amounts"];
  let styleSource: ColumnStats[] = [];

  const pair = debitCreditPair(amountColumns, stats, hasHeader, balance);
  if (pair !== undefined) {
    const { debit, credit, evidence, confidence } = pair;
    // Without a header, the column the amounts chain with is the balance.
    balance ??= pair.balance;
    choose("debit", debit, confidence, [...nameEvidence("debit", debit), ...evidence]);
    choose("credit", credit, confidence, [...nameEvidence("credit", credit), ...evidence]);
    amounts = { mode: "debitCredit" };
    styleSource = [debit, credit];
  } else {
    const amountScore = (s: ColumnStats) =>
      0.5 * nameOf("amount", s).score +
      0.2 * s.fill +
      0.1 * s.amount.share +
      0.1 * s.amount.withDecimals +
      (BOOKED_AMOUNT.test(s.header) ? 0.15 : 0);
    const amount = [...amountColumns].sort((a, b) => amountScore(b) - amountScore(a))[0];
    if (amount === undefined) return emptyResult("no column holds amounts");
    const amountEvidence = [
      ...nameEvidence("amount", amount),
      `${pct(amount.amount.share)} of its values are amounts (${amount.amount.negatives} negative, ${amount.amount.positives} positive)`,
    ];
    const amountConfidence = hasHeader
      ? 0.5 * amount.amount.share + 0.5 * Math.max(nameOf("amount", amount).score, 0.3)
      : 0.6 * amount.amount.share;
    choose("amount", amount, amountConfidence, amountEvidence);
    styleSource = [amount];
    const signed = amount.amount.negatives > 0;
    const direction = stats
      .filter(
        (s) =>
          !used.has(s.index) &&
          s.filled > 0 &&
          (s.direction.share >= 0.9 || (nameOf("direction", s).score >= 0.9 && s.direction.share >= 0.6)),
      )
      .filter((s) => new Set(s.direction.outcomes.values()).size >= 2 || nameOf("direction", s).score >= 0.9)
      .sort((a, b) => b.direction.share + nameOf("direction", b).score - (a.direction.share + nameOf("direction", a).score))[0];
    const kindColumn = stats.filter((s) => s.filled > 0 && s.bookingKind >= 0.8).sort((a, b) => b.bookingKind - a.bookingKind)[0];
    if (!signed && direction !== undefined) {
      const directions: Record<string, DirectionOutcome> = Object.fromEntries(direction.direction.outcomes);
      if (direction.filled < direction.rows) directions[""] = "none";
      choose("direction", direction, 0.5 * direction.direction.share + 0.5 * Math.max(nameOf("direction", direction).score, 0.5), [
        ...nameEvidence("direction", direction),
        `${pct(direction.direction.share)} of its values are direction words (${[...direction.direction.outcomes].map(([w, o]) => `${w} → ${o}`).join(", ")})`,
        "the amounts are unsigned, so this column gives the direction",
      ]);
      const unknown = direction.values.filter((v) => v !== "" && directions[v] === undefined);
      if (unknown.length > 0)
        notes.push(`direction values not understood: ${[...new Set(unknown)].slice(0, 8).join(", ")}; add them to "amounts.directions"`);
      amounts = { mode: "direction", directions };
    } else if (!signed && kindColumn !== undefined) {
      const words = [...new Set(kindColumn.values.map(bookingKind).filter((w) => w !== undefined))];
      const directions: Record<string, DirectionOutcome> = Object.fromEntries(
        words.map((w) => [w, BOOKING_KIND_WORDS.get(w) as DirectionOutcome]),
      );
      choices.push({
        field: "direction",
        column: kindColumn.index,
        header: kindColumn.header,
        confidence: round2(0.7 * kindColumn.bookingKind),
        evidence: [
          `every amount is positive and ${pct(kindColumn.bookingKind)} of ${label(kindColumn)} start with a booking kind (${words.map((w) => `${w} → ${directions[w]}`).join(", ")})`,
        ],
      });
      notes.push(
        `the direction is read from the first word of ${label(kindColumn)}; a word not listed in "amounts.directions" is reported, not guessed`,
      );
      amounts = { mode: "direction", directions };
    } else {
      const invert = decideInvert(amount, balance, stats, table.title, table.header, valueDate !== undefined, notes);
      if (invert.evidence !== undefined) {
        const last = choices[choices.length - 1] as ColumnChoice;
        choices[choices.length - 1] = { ...last, evidence: [...last.evidence, invert.evidence] };
      }
      amounts = { mode: "signed", ...(invert.invert ? { invert: true } : {}) };
      if (!signed && !invert.invert)
        notes.push(
          `every amount in ${label(amount)} is positive and nothing says which are money out; check the signs (or set "amounts.invert")`,
        );
    }
  }
  if (balance !== undefined) {
    choose("balance", balance, 0.5 * balance.amount.share + 0.5 * Math.max(nameOf("balance", balance).score, 0.3), [
      ...nameEvidence("balance", balance),
      `${pct(balance.amount.share)} of its values are amounts`,
      ...(hasHeader ? [] : ["the amounts chain with it as the balance after each row"]),
    ]);
  }
  const style = amountStyle(styleSource);
  amounts = { ...amounts, ...style };

  // 4. Currency.
  const amountHeader = styleSource[0]?.header ?? "";
  const affinity = (s: ColumnStats) =>
    amountHeader.length >= 2 && s.header.length >= 2 && s.header.slice(0, 2) === amountHeader.slice(0, 2) ? 0.3 : 0;
  const currencyColumn = stats
    .filter((s) => !used.has(s.index) && s.filled > 0 && s.currency >= 0.8)
    .sort((a, b) => affinity(b) + nameOf("currency", b).score - (affinity(a) + nameOf("currency", a).score))[0];
  const currencyNames: Record<string, string> = {};
  let currency = options.currency;
  if (currencyColumn !== undefined) {
    choose("currency", currencyColumn, 0.5 * currencyColumn.currency + 0.5 * Math.max(nameOf("currency", currencyColumn).score, 0.4), [
      ...nameEvidence("currency", currencyColumn),
      `${pct(currencyColumn.currency)} of its values are currencies`,
    ]);
    const codes = currencyColumn.values.filter((v) => v !== "").map((v) => [v, currencyCode(v)] as const);
    for (const [v, code] of codes) if (code !== undefined && !/^[A-Z]{3}$/.test(v)) currencyNames[v] = code;
    currency ??= mostCommon(codes.map(([, c]) => c).filter((c) => c !== undefined));
  }
  if (currency === undefined) {
    const chinese = CJK.test([...table.title, ...table.header].join(""));
    const yuan = table.data.some((r) => r.some((c) => /[¥￥]|元/.test(c)));
    if (chinese || yuan) {
      currency = "CNY";
      notes.push(`no currency column: CNY assumed (${chinese ? "a Chinese export" : "amounts in ¥"}); change "currency" if it is another`);
    } else {
      currency = "XXX";
      notes.push('no currency in the export: "currency" is XXX (no currency); set the account\'s currency (or pass --currency)');
    }
  }

  // 5. Texts and references, by name.
  const TEXT_FIELDS: readonly SuggestField[] = [
    "counterpartyName",
    "counterpartyAccount",
    "counterpartyBankName",
    "description",
    "remittance",
    "bankReference",
    "customerReference",
    "transactionType",
    "status",
    "cardNumber",
    "account",
  ];
  if (hasHeader) {
    for (const field of TEXT_FIELDS) {
      const fit = (s: ColumnStats) => {
        const m = nameOf(field, s);
        if (m.score < 0.6) return 0;
        // An exact name wins over a filled column that only contains one; a full column over an empty one.
        const content = field === "counterpartyName" && s.accountLike >= 0.8 ? 0 : 1;
        return m.score * (0.5 + 0.5 * s.fill) * content;
      };
      const best = stats.filter((s) => !used.has(s.index) && fit(s) > 0).sort((a, b) => fit(b) - fit(a))[0];
      if (best === undefined) continue;
      choose(field, best, 0.6 * nameOf(field, best).score + 0.4 * (best.filled === 0 ? 0.3 : 1), [
        ...nameEvidence(field, best),
        best.filled === 0 ? "the column is empty in this file" : `${pct(best.fill)} of rows have a value`,
      ]);
    }
    // A description empty in most rows (over 60%) is a poor one when every row has a type (交通银行: 摘要 is often empty,
    // 交易类型 never): the type describes, the sparse column becomes the remittance text.
    const description = choices.find((c) => c.field === "description");
    const type = choices.find((c) => c.field === "transactionType");
    if (
      description !== undefined &&
      type !== undefined &&
      (stats[description.column]?.fill ?? 0) < 0.4 &&
      (stats[type.column]?.fill ?? 0) >= 0.9
    ) {
      choices.splice(choices.indexOf(type), 1, {
        ...type,
        field: "description",
        evidence: [
          ...type.evidence,
          `${label(stats[description.column] as ColumnStats)} is empty in most rows; the type describes every row`,
        ],
      });
      if (!choices.some((c) => c.field === "remittance")) {
        choices.splice(choices.indexOf(description), 1, {
          ...description,
          field: "remittance",
          evidence: [...description.evidence, "kept as the remittance text"],
        });
      } else choices.splice(choices.indexOf(description), 1);
    }
    // A type column (交易类型) is the only description some banks give; a remittance column the next best.
    if (!choices.some((c) => c.field === "description")) {
      const fallback = choices.find((c) => c.field === "transactionType") ?? choices.find((c) => c.field === "remittance");
      if (fallback !== undefined) {
        choices.splice(choices.indexOf(fallback), 1, {
          ...fallback,
          field: "description",
          confidence: round2(fallback.confidence * 0.8),
          evidence: [
            ...fallback.evidence,
            `no column is named as a description; ${label(stats[fallback.column] as ColumnStats)} is the closest`,
          ],
        });
      }
    }
  } else {
    const text = stats
      .filter((s) => !used.has(s.index) && s.textual >= 0.8)
      .sort((a, b) => b.averageLength * b.distinct - a.averageLength * a.distinct)[0];
    if (text !== undefined)
      choose("description", text, 0.5 * text.textual, [`${pct(text.textual)} of its values are text, the longest and most varied`]);
  }

  for (const c of choices) (columns as Record<string, unknown>)[c.field] = columnRef(c.column, table.header, hasHeader);

  // The account number, when a title line says it (账号: 6200…).
  const titleAccount = table.title.some((t) => /(账号|卡号|帐号|账户|account\s*(no\.?|number)?)[,:：\s]*[0-9*]{6,}/i.test(t));
  // Dates without a year (a card statement's 12/29) take it from the statement's period in the title.
  const yearless = datePatternsAll.some((p) => !p.includes("yy"));
  const period = yearless ? titlePeriod(table.title) : undefined;
  if (yearless && period === undefined)
    return emptyResult(`dates in ${label(booking)} have no year, and no title line gives the statement's year and month`);
  if (period !== undefined) {
    const first = choices.find((c) => c.field === "bookingDate") as ColumnChoice;
    choices[choices.indexOf(first)] = {
      ...first,
      evidence: [...first.evidence, "the dates have no year: it comes from the statement's period in the title"],
    };
  }
  const delimiter = options.delimiter ?? ",";
  let profile: MappingProfile = {
    id: options.id ?? "suggested",
    name: options.name ?? (options.source === undefined ? "Suggested profile" : `Suggested profile for ${options.source}`),
    description: `Suggested by bankbridge profile suggest${options.source === undefined ? "" : ` from ${options.source}`}; check every column before relying on it.`,
    ...(options.encoding === undefined || options.encoding === "auto" ? {} : { encoding: options.encoding }),
    ...(options.delimiter === undefined || options.delimiter === "," ? {} : { delimiter: options.delimiter }),
    ...(options.quote === undefined || options.quote === '"' ? {} : { quote: options.quote }),
    ...(hasHeader ? {} : { header: { row: "none" as const } }),
    ...(titleAccount || period !== undefined
      ? {
          title: {
            ...(titleAccount ? { account: "(?:账号|卡号|帐号|账户|[Aa]ccount\\s*(?:[Nn]o\\.?|[Nn]umber)?)[,:：\\s]*([0-9*]{6,})" } : {}),
            ...(period === undefined ? {} : { period }),
          },
        }
      : {}),
    ...(hasHeader ? {} : { match: { row: rowShape(booking, delimiter) } }),
    dates: { formats: datePatternsAll, ...(timeFormats === undefined ? {} : { timeFormats }) },
    amounts,
    currency,
    ...(Object.keys(currencyNames).length === 0 ? {} : { currencyNames }),
    columns: columns as ProfileColumns,
  };
  const statusChoice = choices.find((c) => c.field === "status");
  const notBooked = statusChoice === undefined ? [] : [...new Set((stats[statusChoice.column]?.values ?? []).filter(isNotBooked))];
  if (statusChoice !== undefined && notBooked.length > 0) {
    profile = { ...profile, statuses: Object.fromEntries(notBooked.map((v) => [v, "skip" as const])) };
    const i = choices.indexOf(statusChoice);
    choices[i] = {
      ...statusChoice,
      evidence: [...statusChoice.evidence, `rows ${notBooked.map((v) => `"${v}"`).join(", ")} never happened and are skipped`],
    };
  }
  const validated = validateProfile(profile);
  if (validated.profile === undefined) {
    return emptyResult(
      `the suggested profile does not validate: ${validated.issues.map((i) => `${i.path ?? ""}: ${i.message}`).join("; ")}`,
    );
  }
  const check = checkProfile(rows, validated.profile);
  if (check.problems > 0) notes.push(`applying the profile to this file: ${check.problems} row(s) not read (${check.codes.join(", ")})`);
  return {
    profile: validated.profile,
    headerLine: table.headerLine,
    columns: choices,
    unmapped: stats.filter((s) => !choices.some((c) => c.column === s.index)).map((s) => ({ column: s.index, header: s.header })),
    notes,
    rows: table.data.length,
    check,
  };
}

/** A column as a profile refers to it: its header name, or its index when there is no header or the name repeats. */
function columnRef(index: number, header: readonly string[], hasHeader: boolean): string | number {
  const name = header[index] ?? "";
  if (!hasHeader || name === "" || header.filter((h) => h === name).length > 1) return index;
  return name;
}

/** The debit and credit columns, when the export has a pair. */
function debitCreditPair(
  candidates: readonly ColumnStats[],
  stats: readonly ColumnStats[],
  hasHeader: boolean,
  balance: ColumnStats | undefined,
): { debit: ColumnStats; credit: ColumnStats; evidence: string[]; confidence: number; balance?: ColumnStats } | undefined {
  if (hasHeader) {
    // Debit and credit columns are sparse (one side per row): a lower share of amounts among all rows is fine.
    const sparse = stats.filter(
      (s) => candidates.includes(s) || (s.filled > 0 && s.amount.share >= 0.8 && s.date.share < 0.5 && s.accountLike < 0.5),
    );
    let best: { debit: ColumnStats; credit: ColumnStats; score: number } | undefined;
    for (const d of sparse) {
      const ds = matchName("debit", d.header).score;
      if (ds < 0.6) continue;
      for (const c of sparse) {
        const cs = matchName("credit", c.header).score;
        if (c === d || cs < 0.6) continue;
        const samePrefix = d.header.slice(0, 2) === c.header.slice(0, 2) ? 0.2 : 0;
        const booked = BOOKED_AMOUNT.test(d.header) && BOOKED_AMOUNT.test(c.header) ? 0.2 : 0;
        const score = ds + cs + 0.5 * (d.fill + c.fill) + samePrefix + booked;
        if (best === undefined || score > best.score) best = { debit: d, credit: c, score };
      }
    }
    if (best === undefined) return undefined;
    const confidence =
      (0.5 * (matchName("debit", best.debit.header).score + matchName("credit", best.credit.header).score)) / 2 +
      0.5 * Math.min(best.debit.amount.share, best.credit.amount.share);
    const evidence = [`money out and money in in two columns (${pct(best.debit.fill)} and ${pct(best.credit.fill)} of rows filled)`];
    const witness =
      balance === undefined ? undefined : chainShare(netOf(best.debit.amount.values, best.credit.amount.values), balance.amount.values);
    if (witness !== undefined) evidence.push(`the balances chain for ${pct(witness)} of neighbouring rows with this reading`);
    return { ...best, evidence, confidence };
  }
  // Without a header: two amount columns where each row fills exactly one; the balance decides which is which.
  for (let i = 0; i < candidates.length; i++) {
    for (let j = i + 1; j < candidates.length; j++) {
      const a = candidates[i] as ColumnStats;
      const b = candidates[j] as ColumnStats;
      const exclusive = a.values.filter((v, k) => (v !== "") !== (b.values[k] !== "")).length / Math.max(1, a.values.length);
      if (exclusive < 0.9) continue;
      const full = candidates.find((s) => s !== a && s !== b && s.fill >= 0.95);
      const witness = balance ?? full;
      const asIs = witness === undefined ? undefined : chainShare(netOf(a.amount.values, b.amount.values), witness.amount.values);
      const swapped = witness === undefined ? undefined : chainShare(netOf(b.amount.values, a.amount.values), witness.amount.values);
      const flip = swapped !== undefined && asIs !== undefined && swapped > asIs;
      const [debit, credit] = flip ? [b, a] : [a, b];
      const share = flip ? swapped : asIs;
      const evidence = [
        `each row fills one of columns ${a.index + 1} and ${b.index + 1} (${pct(exclusive)} of rows)`,
        share === undefined
          ? "which is money out is a guess (no balance column to check it)"
          : `the balances chain for ${pct(share)} of neighbouring rows with column ${debit.index + 1} as money out`,
      ];
      return {
        debit,
        credit,
        evidence,
        confidence: share === undefined ? 0.4 : 0.5 + 0.4 * share,
        ...(witness !== undefined && share !== undefined && share >= 0.5 ? { balance: witness } : {}),
      };
    }
  }
  return undefined;
}

/**
 * Whether a signed amount column is written from the other side (a card statement's purchase positive). The
 * balance column decides when there is one; else a card statement's repayments (还款) show the sign of money
 * in; else a card statement with mostly positive amounts is inverted.
 */
function decideInvert(
  amount: ColumnStats,
  balance: ColumnStats | undefined,
  stats: readonly ColumnStats[],
  title: readonly string[],
  header: readonly string[],
  twoDates: boolean,
  notes: string[],
): { invert: boolean; evidence?: string } {
  if (balance !== undefined) {
    const asIs = chainShare(amount.amount.values, balance.amount.values);
    const inverted = chainShare(negated(amount.amount.values), balance.amount.values);
    if (asIs !== undefined && inverted !== undefined && Math.max(asIs, inverted) >= 0.5) {
      const invert = inverted > asIs;
      return {
        invert,
        evidence: `the balances chain for ${pct(Math.max(asIs, inverted))} of neighbouring rows with the amounts ${invert ? "inverted" : "as signed"}`,
      };
    }
  }
  const card = CARD.test([...title, ...header].join(" ")) || twoDates;
  if (!card) return { invert: false };
  const texts = stats.filter((s) => s.textual >= 0.5);
  const repayments: number[] = [];
  amount.amount.values.forEach((v, row) => {
    if (v !== undefined && texts.some((s) => REPAYMENT.test(s.values[row] ?? ""))) repayments.push(Number(v));
  });
  if (repayments.length > 0) {
    const negative = repayments.filter((v) => v < 0).length;
    const invert = negative > repayments.length / 2;
    return {
      invert,
      evidence: `a card statement: its repayments (还款) are ${invert ? "negative, so purchases are written positive and the amounts are inverted" : "positive, so the amounts are already from the account's side"}`,
    };
  }
  const invert = amount.amount.positives > amount.amount.negatives;
  if (invert)
    notes.push(`a card statement with mostly positive amounts: read as purchases written positive (inverted); check "amounts.invert"`);
  return {
    invert,
    evidence: invert
      ? "a card statement with mostly positive amounts: purchases are written positive, so the amounts are inverted"
      : undefined,
  };
}

/** The decimal mark, grouping separator and pattern of the amount columns. */
function amountStyle(columns: readonly ColumnStats[]): Partial<MappingProfile["amounts"]> {
  const mark = columns.some((c) => c.amount.decimalMark === ",") ? "," : ".";
  const wrapped = columns.map((c) => c.amount.wrapped).find((w) => w !== undefined);
  const pattern =
    wrapped === "currencyBefore"
      ? `^(?<currency>[A-Z]{3})\\s*(?<amount>${NUMBER_GROUP})$`
      : wrapped === "currencyAfter"
        ? `^(?<amount>${NUMBER_GROUP})\\s*(?<currency>[A-Z]{3})$`
        : wrapped === "noteAfter"
          ? `^(?<amount>${NUMBER_GROUP})\\s*[(（]`
          : undefined;
  return {
    ...(mark === "," ? { decimalMark: ",", thousandsSeparator: "." } : {}),
    ...(pattern === undefined ? {} : { pattern: mark === "," ? pattern.replace("[\\d,]*\\.?", "[\\d.]*,?") : pattern }),
  };
}

/** A title's statement period as a `title.period` expression (`2024年01月`, `2024-01`), or `undefined`. */
function titlePeriod(title: readonly string[]): string | undefined {
  const text = title.join(" ");
  if (/\d{4}年\d{1,2}月/.test(text)) return "(?<year>\\d{4})年(?<month>\\d{1,2})月";
  if (/\b\d{4}[-/.]\d{1,2}\b/.test(text)) return "\\b(?<year>\\d{4})[-/.](?<month>\\d{1,2})\\b";
  return undefined;
}

/**
 * How the data rows of an export without a header look (a profile without a header row needs one): the date
 * in its column, whatever the other cells hold.
 */
function rowShape(date: ColumnStats, delimiter: string): string {
  const d = delimiter.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const before = date.index === 0 ? "" : `(?:[^${d}]*${d}){${date.index}}`;
  const pattern = date.date.patterns[0] ?? "";
  let shape = "";
  for (let i = 0; i < pattern.length; ) {
    const token = ["yyyy", "MM", "dd", "HH", "mm", "ss", "M", "d", "H"].find((t) => pattern.startsWith(t, i));
    if (token !== undefined) {
      shape += token === "yyyy" ? "\\d{4}" : token.length === 2 ? "\\d{2}" : "\\d{1,2}";
      i += token.length;
    } else {
      const c = pattern[i] as string;
      shape += c === " " ? "\\s+" : c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      i++;
    }
  }
  return `^\\s*"?${before}${shape}`;
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** Applies the profile to the rows it was made from: how many entries it reads and which rows fail. */
function checkProfile(rows: readonly TableRow[], profile: MappingProfile): { entries: number; problems: number; codes: string[] } {
  const result = applyProfile(rows, profile, { format: "bank-csv", encoding: "utf-8" });
  const problems = result.issues.filter((i) => i.severity === "error");
  return {
    entries: result.statements.reduce((n, s) => n + s.entries.length, 0),
    problems: problems.length,
    codes: [...new Set(problems.map((i) => i.code))],
  };
}

/**
 * The mapping profile: a JSON document that says how one bank's CSV (or Excel) export maps onto the canonical
 * model — where the header is, which column holds what, how dates and amounts are written. Built-in profiles
 * (`builtin-profiles.ts`) and user profiles (`bankbridge parse --profile FILE`) have the same shape, and every
 * profile goes through `validateProfile` before it is used. The schema is documented in `docs/profiles.md`.
 *
 * @module
 */

/**
 * A column: its header name (matched after trimming, exactly), its 0-based index (for files without a header
 * row), or a list of alternatives of which the first one present in the header is used (banks rename columns
 * between versions of their export).
 *
 * @example "交易日期"
 * @example ["对方户名", "对方账户名"]
 * @example 2
 */
export type ColumnRef = string | number | readonly (string | number)[];

/**
 * A text field made of one column or of several: `{ "all": [...] }` takes every listed column that is present
 * and not empty. For `remittance` each becomes one line unless `separator` is given; other text fields are
 * joined with `separator` (default one space). `{ "first": [...] }` takes the first of the columns whose value is
 * not empty in that row (a card's merchant when there is no counterparty name).
 *
 * @example { "all": ["附言", "用途"] }
 * @example { "first": ["对方户名", "交易场所"] }
 */
export type TextSource =
  | ColumnRef
  | { readonly all: readonly ColumnRef[]; readonly separator?: string }
  | { readonly first: readonly ColumnRef[] };

/**
 * Which column holds which canonical field. Only `bookingDate` is required; the amount columns required depend
 * on {@link AmountSpec.mode}. Fields without a canonical home go to {@link MappingProfile.bankData}.
 */
export interface ProfileColumns {
  /** The booking date (记账日期/交易日期); may also hold the time (`2023-02-12 21:32:14`). */
  readonly bookingDate: ColumnRef;
  /** The booking time when it has its own column (交易时间). */
  readonly bookingTime?: ColumnRef;
  /** The value date (起息日), or the posting date of a card statement when the booking date is the transaction date. */
  readonly valueDate?: ColumnRef;
  /** `mode: "signed"` and `mode: "direction"`: the amount. */
  readonly amount?: ColumnRef;
  /** `mode: "debitCredit"`: money out (借方发生额, 支出). */
  readonly debit?: ColumnRef;
  /** `mode: "debitCredit"`: money in (贷方发生额, 收入). */
  readonly credit?: ColumnRef;
  /** `mode: "direction"`: the direction (收/支, 借/贷, D/C), read through {@link AmountSpec.directions}. */
  readonly direction?: ColumnRef;
  /** The currency of the amount (币种: `CNY`, `人民币`, `美元`). Without it, {@link MappingProfile.currency} applies. */
  readonly currency?: ColumnRef;
  /**
   * The amount in the currency of the transaction when it differs from the booked one (a card purchase abroad:
   * 交易金额 beside 入账金额) → `originalAmount`, unsigned. Read like the amounts, with the amount pattern.
   */
  readonly originalAmount?: ColumnRef;
  /** The currency of {@link originalAmount} (交易币种), unless the amount cell carries it. */
  readonly originalCurrency?: ColumnRef;
  /** The account balance after the entry (余额). Kept as written in `bankData.balanceAfter`; gives the statement's balances. */
  readonly balance?: ColumnRef;
  /** The statement's own account number when the export repeats it on every row (本方账号, 卡号). */
  readonly account?: ColumnRef;
  /** The counterparty's name (对方户名, 交易对方). */
  readonly counterpartyName?: TextSource;
  /** The counterparty's account or card number (对方账号). */
  readonly counterpartyAccount?: ColumnRef;
  /** The counterparty's bank name (对方开户行). */
  readonly counterpartyBankName?: ColumnRef;
  /** The counterparty's bank code (CNAPS 联行号, BIC). */
  readonly counterpartyBankId?: ColumnRef;
  /** The booking text (摘要, 交易说明). */
  readonly description?: TextSource;
  /** What the payer wrote (用途, 附言, 备注): each column one line of `remittance.unstructured`. */
  readonly remittance?: TextSource;
  /** The purpose (用途) when the bank gives it apart from the remittance text. */
  readonly purpose?: TextSource;
  /** The bank's serial number of the booking (流水号, 交易单号) → `references.bankReference`. */
  readonly bankReference?: ColumnRef;
  /** The account owner's or merchant's reference (业务参考号, 商户单号) → `references.customerReference`. */
  readonly customerReference?: ColumnRef;
  /** An interbank transaction id → `references.transactionId`. */
  readonly transactionId?: ColumnRef;
  /** The end-to-end id → `references.endToEndId`. */
  readonly endToEndId?: ColumnRef;
  /** The card used (卡号末四位) → `bankData.cardNumber`. */
  readonly cardNumber?: ColumnRef;
  /** The bank's transaction type (交易类型) → `bankTransactionCode.proprietary.code`. */
  readonly transactionType?: ColumnRef;
  /** The transaction status (交易状态), read through {@link MappingProfile.statuses}. */
  readonly status?: ColumnRef;
}

/** What a direction value means. `none`: the export counts it as neither in nor out (不计收支, 中性交易). */
export type DirectionOutcome = "in" | "out" | "none";

/**
 * What a status value means. `booked`, `pending`, `information` become the entry's status; `reversal` a booked
 * entry with `reversal: true` (冲正, 已退款 on the original); `skip` drops the row (counted in one warning).
 */
export type StatusOutcome = "booked" | "pending" | "information" | "reversal" | "skip";

/** How amounts are written. */
export interface AmountSpec {
  /**
   * `signed`: one column, negative is money out. `debitCredit`: two columns, both positive (an empty cell or
   * zero on the other side). `direction`: an unsigned amount plus a direction column.
   */
  readonly mode: "signed" | "debitCredit" | "direction";
  /**
   * Direction values and what they mean: `{ "收入": "in", "支出": "out" }`. Required with `mode: "direction"`. A
   * value (trimmed) is looked up exactly, else by the longest key it starts with — so `{ "消费": "out" }` reads
   * BoCom's `消费 美团` — and an empty cell by the key `""`.
   */
  readonly directions?: Readonly<Record<string, DirectionOutcome>>;
  /**
   * Negates every amount after reading: for exports seen from the other side, such as credit-card statements
   * where a purchase is written positive. @default false
   */
  readonly invert?: boolean;
  /** The decimal mark. @default "." */
  readonly decimalMark?: "." | ",";
  /** The digit-grouping separator, ignored wherever it appears in a number. @default "," (or "." when decimalMark is ",") */
  readonly thousandsSeparator?: "," | "." | " " | "'" | "";
  /**
   * A regular expression (JavaScript syntax) applied to amount cells that do not read as a plain number: the
   * named group `amount` (else the first group) is the amount, an optional group `currency` its currency. For
   * cells such as `CNY 123.18` or `131.77(已退款89.84)`.
   */
  readonly pattern?: string;
}

/** How dates are written. */
export interface DateSpec {
  /**
   * Patterns tried in order, from the tokens `yyyy`, `yy`, `MM`/`M` (month, 2 or 1–2 digits), `dd`/`d`,
   * `HH`/`H`, `mm`, `ss` and literal characters; `M`, `d` and `H` accept one or two digits.
   *
   * @example ["yyyy-MM-dd", "yyyy/M/d H:mm:ss", "yyyyMMdd", "dd/MM/yyyy"]
   */
  readonly formats: readonly string[];
  /** Patterns of the {@link ProfileColumns.bookingTime} column. @default ["HH:mm:ss", "HH:mm", "HHmmss"] */
  readonly timeFormats?: readonly string[];
}

/** Regular expressions (JavaScript syntax, first group captured) over the lines before the header. */
export interface TitleSpec {
  /** The statement's account number (`卡号: (\S+)`). */
  readonly account?: string;
  /** The account holder's name (户名). */
  readonly holderName?: string;
  /** The account currency. */
  readonly currency?: string;
  /** The opening balance (期初余额), written like the amounts. */
  readonly openingBalance?: string;
  /** The closing balance (期末余额). */
  readonly closingBalance?: string;
  /**
   * The year and month of the statement, for dates written without a year (`12/29` on a card statement): named
   * groups `year` and `month`. A day in a later month than the statement's belongs to the year before.
   */
  readonly period?: string;
}

/** Where the table is. */
export interface HeaderSpec {
  /**
   * `auto`: the first row (among the first 100) that holds every header name the profile refers to, so title
   * lines above it are skipped. A number: that 1-based row. `none`: no header; columns are 0-based indexes and the
   * table starts at the first row whose date reads. @default "auto"
   */
  readonly row?: "auto" | "none" | number;
}

/** Rows that are not entries. Blank rows are always skipped. */
export interface SkipSpec {
  /** Regular expressions over a row's first non-empty cell: such rows are skipped (subtotals). */
  readonly rows?: readonly string[];
  /**
   * Regular expressions over a row's first non-empty cell: the table ends at such a row, and everything after it
   * (totals, notes) is ignored. @default ["^(人民币)?(合计|总计|小计)", "^(Total|Sum)\\b"]
   */
  readonly footers?: readonly string[];
  /** Cell values that mean "empty" besides the blank cell and cells of only `-`: `/`, `--`, `null`. @default ["/"] */
  readonly emptyValues?: readonly string[];
}

/** How auto-detection recognises the export (see `matchProfile`). */
export interface MatchSpec {
  /** Regular expressions of which one must match a line before the header (招商银行信用卡对账单, 微信支付账单明细). */
  readonly title?: readonly string[];
  /** Header names that must all be present besides the mapped ones (distinguishing two versions of one bank). */
  readonly headers?: readonly string[];
  /** A regular expression every data row must match (joined by the delimiter), for exports without a header. */
  readonly row?: string;
}

/** Facts about the statement's account that the export does not carry. */
export interface AccountSpec {
  /** A fixed account number, when neither the title nor a column gives one. */
  readonly id?: string;
  /** How account numbers are written. @default "cn" when the currency is CNY, else "other" */
  readonly scheme?: "iban" | "bban" | "cn" | "other";
  /** The bank's name (中国工商银行). */
  readonly bankName?: string;
  /** The bank's 3-digit Chinese bank code (`102` for ICBC). */
  readonly cnBankCode?: string;
  /** The account's name or kind (`信用卡`, `Alipay`). */
  readonly name?: string;
}

/**
 * A mapping profile: how one export layout maps onto the canonical model. Plain JSON; see `docs/profiles.md`
 * for the full example and `validateProfile` for the rules.
 */
export interface MappingProfile {
  /** Schema version. @default 1 */
  readonly version?: 1;
  /** Stable id (`icbc-debit-v2`, `alipay`, `generic-en`): lower case letters, digits and `-`. */
  readonly id: string;
  /** Human name (`ICBC debit card (网银 export, v2)`). */
  readonly name: string;
  /** What the profile is for and what it leaves out. */
  readonly description?: string;
  /** A WHATWG encoding label (`gb18030`, `utf-16le`), or `auto` to let the bytes decide. @default "auto" */
  readonly encoding?: string;
  /** The cell delimiter: one character (`,`, `;`, `\t`, `|`). @default "," */
  readonly delimiter?: string;
  /** The quote character, or `""` for none. @default "\"" */
  readonly quote?: string;
  /** Remove spaces and tabs around every cell (ICBC pads its cells with both). @default true */
  readonly trim?: boolean;
  readonly header?: HeaderSpec;
  readonly match?: MatchSpec;
  readonly title?: TitleSpec;
  readonly skip?: SkipSpec;
  readonly dates: DateSpec;
  readonly amounts: AmountSpec;
  /** The currency when there is no currency column, or its cell is empty (ISO code or an alias such as `人民币`). */
  readonly currency?: string;
  /** Currency names the export writes that are not ISO codes or known aliases: `{ "人民币元": "CNY" }`. */
  readonly currencyNames?: Readonly<Record<string, string>>;
  readonly account?: AccountSpec;
  readonly columns: ProfileColumns;
  /** Further columns kept verbatim in the entry's `bankData` under the given names: `{ "channel": "交易渠道" }`. */
  readonly bankData?: Readonly<Record<string, ColumnRef>>;
  /** Status values (after trimming, exact) and what they mean. Values not listed are `booked`. */
  readonly statuses?: Readonly<Record<string, StatusOutcome>>;
  /**
   * Set for exports that are recognised but are not cash statements (trades of a securities or crypto account):
   * the document is refused with `BANK_CSV_NOT_A_STATEMENT` and this reason, instead of being misread.
   */
  readonly refuse?: string;
}

/**
 * The BAI2 type codes: every code of the BAI Cash Management Balance Reporting Specifications, version 2
 * (2005), as data, plus the ranges the specification reserves (customized codes 900–999, loans 700–799).
 * The list was checked code by code against ministryofjustice/bai2 `constants.py` (MIT).
 *
 * Each line of {@link TABLE} is `code kind description`, where kind is
 * `s` account status, `l` loan status, `C`/`c` credit summary/detail, `D`/`d` debit summary/detail and
 * `n` non-monetary. A table file rather than code: a bank's documentation can be compared with it line by line.
 * The table is most of this file's size; the code around it is a few dozen lines.
 *
 * @module
 */

/** Which way a type code moves money, seen from the account. */
export type Bai2Direction = "credit" | "debit" | "status" | "nonMonetary" | "unknown";

/** Where a type code may appear: a status (balance) or summary amount of a 03 record, or a 16 detail. */
export type Bai2Level = "status" | "summary" | "detail";

/** What BankBridge knows about one type code. */
export interface Bai2TypeCode {
  /** The three-digit code as written. */
  readonly code: string;
  readonly direction: Bai2Direction;
  readonly level: Bai2Level | undefined;
  /** The specification's name, or a description of the reserved range for codes it does not list. */
  readonly description: string;
  /** True for codes the specification lists; false for codes only known by their range (bank-specific). */
  readonly listed: boolean;
  /** True for detail codes that reverse an earlier booking (252 Debit Reversal, 552 Credit Reversal, …). */
  readonly reversal: boolean;
}

const TABLE = `
010 s Opening Ledger
011 s Average Opening Ledger MTD
012 s Average Opening Ledger YTD
015 s Closing Ledger
020 s Average Closing Ledger MTD
021 s Average Closing Ledger – Previous Month
022 s Aggregate Balance Adjustments
024 s Average Closing Ledger YTD – Previous Month
025 s Average Closing Ledger YTD
030 s Current Ledger
037 s ACH Net Position
039 s Opening Available + Total Same-Day ACH DTC Deposit
040 s Opening Available
041 s Average Opening Available MTD
042 s Average Opening Available YTD
043 s Average Available – Previous Month
044 s Disbursing Opening Available Balance
045 s Closing Available
050 s Average Closing Available MTD
051 s Average Closing Available – Last Month
054 s Average Closing Available YTD – Last Month
055 s Average Closing Available YTD
056 s Loan Balance
057 s Total Investment Position
059 s Current Available (CRS Suppressed)
060 s Current Available
061 s Average Current Available MTD
062 s Average Current Available YTD
063 s Total Float
065 s Target Balance
066 s Adjusted Balance
067 s Adjusted Balance MTD
068 s Adjusted Balance YTD
070 s 0-Day Float
072 s 1-Day Float
073 s Float Adjustment
074 s 2 or More Days Float
075 s 3 or More Days Float
076 s Adjustment to Balances
077 s Average Adjustment to Balances MTD
078 s Average Adjustment to Balances YTD
079 s 4-Day Float
080 s 5-Day Float
081 s 6-Day Float
082 s Average 1-Day Float MTD
083 s Average 1-Day Float YTD
084 s Average 2-Day Float MTD
085 s Average 2-Day Float YTD
086 s Transfer Calculation
100 C Total Credits
101 C Total Credit Amount MTD
105 C Credits Not Detailed
106 C Deposits Subject to Float
107 C Total Adjustment Credits YTD
108 c Credit (Any Type)
109 C Current Day Total Lockbox Deposits
110 C Total Lockbox Deposits
115 c Lockbox Deposit
116 c Item in Lockbox Deposit
118 c Lockbox Adjustment Credit
120 C EDI Transaction Credit
121 c EDI Transaction Credit
122 c EDIBANX Credit Received
123 c EDIBANX Credit Return
130 C Total Concentration Credits
131 C Total DTC Credits
135 c DTC Concentration Credit
136 c Item in DTC Deposit
140 C Total ACH Credits
142 c ACH Credit Received
143 c Item in ACH Deposit
145 c ACH Concentration Credit
146 C Total Bank Card Deposits
147 c Individual Bank Card Deposit
150 C Total Preauthorized Payment Credits
155 c Preauthorized Draft Credit
156 c Item in PAC Deposit
158 c Real Time Payment Credit
159 C Total Real Time Payment Credits
160 C Total ACH Disbursing Funding Credits
162 C Corporate Trade Payment Settlement
163 C Corporate Trade Payment Credits
164 c Corporate Trade Payment Credit
165 c Preauthorized ACH Credit
166 c ACH Settlement
167 C ACH Settlement Credits
168 C ACH Return Item or Adjustment Settlement
169 C Miscellaneous ACH Credit
170 C Total Other Check Deposits
171 c Individual Loan Deposit
172 c Deposit Correction
173 c Bank-Prepared Deposit
174 c Other Deposit
175 c Check Deposit Package
176 c Re-presented Check Deposit
178 C List Post Credits
180 C Total Loan Proceeds
182 C Total Bank-Prepared Deposits
184 c Draft Deposit
185 C Total Miscellaneous Deposits
186 C Total Cash Letter Credits
187 c Cash Letter Credit
188 C Total Cash Letter Adjustments
189 c Cash Letter Adjustment
190 C Total Incoming Money Transfers
191 c Individual Incoming Internal Money Transfer
195 c Incoming Money Transfer
196 c Money Transfer Adjustment
198 c Compensation
200 C Total Automatic Transfer Credits
201 c Individual Automatic Transfer Credit
202 c Bond Operations Credit
205 C Total Book Transfer Credits
206 c Book Transfer Credit
207 C Total International Money Transfer Credits
208 c Individual International Money Transfer Credit
210 C Total International Credits
212 c Foreign Letter of Credit
213 c Letter of Credit
214 c Foreign Exchange of Credit
215 C Total Letters of Credit
216 c Foreign Remittance Credit
218 c Foreign Collection Credit
221 c Foreign Check Purchase
222 c Foreign Checks Deposited
224 c Commission
226 c International Money Market Trading
227 c Standing Order
229 c Miscellaneous International Credit
230 C Total Security Credits
231 C Total Collection Credits
232 c Sale of Debt Security
233 c Securities Sold
234 c Sale of Equity Security
235 c Matured Reverse Repurchase Order
236 c Maturity of Debt Security
237 c Individual Collection Credit
238 c Collection of Dividends
239 C Total Bankers’ Acceptance Credits
240 c Coupon Collections – Banks
241 c Bankers’ Acceptances
242 c Collection of Interest Income
243 c Matured Fed Funds Purchased
244 c Interest/Matured Principal Payment
245 C Monthly Dividends
246 c Commercial Paper
247 c Capital Change
248 c Savings Bonds Sales Adjustment
249 c Miscellaneous Security Credit
250 C Total Checks Posted and Returned
251 C Total Debit Reversals
252 c Debit Reversal
254 c Posting Error Correction Credit
255 c Check Posted and Returned
256 C Total ACH Return Items
257 c Individual ACH Return Item
258 c ACH Reversal Credit
260 C Total Rejected Credits
261 c Individual Rejected Credit
263 c Overdraft
266 c Return Item
268 c Return Item Adjustment
270 C Total ZBA Credits
271 C Net Zero-Balance Amount
274 c Cumulative ZBA or Disbursement Credits
275 c ZBA Credit
276 c ZBA Float Adjustment
277 c ZBA Credit Transfer
278 c ZBA Credit Adjustment
280 C Total Controlled Disbursing Credits
281 c Individual Controlled Disbursing Credit
285 C Total DTC Disbursing Credits
286 c Individual DTC Disbursing Credit
294 C Total ATM Credits
295 c ATM Credit
301 c Commercial Deposit
302 C Correspondent Bank Deposit
303 C Total Wire Transfers In – FF
304 C Total Wire Transfers In – CHF
305 C Total Fed Funds Sold
306 c Fed Funds Sold
307 C Total Trust Credits
308 c Trust Credit
309 C Total Value-Dated Funds
310 C Total Commercial Deposits
315 C Total International Credits – FF
316 C Total International Credits – CHF
318 C Total Foreign Check Purchased
319 C Late Deposit
320 C Total Securities Sold – FF
321 C Total Securities Sold – CHF
324 C Total Securities Matured – FF
325 C Total Securities Matured – CHF
326 C Total Securities Interest
327 C Total Securities Matured
328 C Total Securities Interest – FF
329 C Total Securities Interest – CHF
330 C Total Escrow Credits
331 c Individual Escrow Credit
332 C Total Miscellaneous Securities Credits – FF
336 C Total Miscellaneous Securities Credits – CHF
338 C Total Securities Sold
340 C Total Broker Deposits
341 C Total Broker Deposits – FF
342 c Broker Deposit
343 C Total Broker Deposits – CHF
344 c Individual Back Value Credit
345 c Item in Brokers Deposit
346 c Sweep Interest Income
347 c Sweep Principal Sell
348 c Futures Credit
349 c Principal Payments Credit
350 C Investment Sold
351 c Individual Investment Sold
352 C Total Cash Center Credits
353 c Cash Center Credit
354 c Interest Credit
355 C Investment Interest
356 C Total Credit Adjustment
357 c Credit Adjustment
358 c YTD Adjustment Credit
359 c Interest Adjustment Credit
360 C Total Credits Less Wire Transfer and Returned Checks
361 C Grand Total Credits Less Grand Total Debits
362 c Correspondent Collection
363 c Correspondent Collection Adjustment
364 c Loan Participation
366 c Currency and Coin Deposited
367 c Food Stamp Letter
368 c Food Stamp Adjustment
369 c Clearing Settlement Credit
370 C Total Back Value Credits
372 c Back Value Adjustment
373 c Customer Payroll
374 c FRB Statement Recap
376 c Savings Bond Letter or Adjustment
377 c Treasury Tax and Loan Credit
378 c Transfer of Treasury Credit
379 c FRB Government Checks Cash Letter Credit
381 c FRB Government Check Adjustment
382 c FRB Postal Money Order Credit
383 c FRB Postal Money Order Adjustment
384 c FRB Cash Letter Auto Charge Credit
385 C Total Universal Credits
386 c FRB Cash Letter Auto Charge Adjustment
387 c FRB Fine-Sort Cash Letter Credit
388 c FRB Fine-Sort Adjustment
389 C Total Freight Payment Credits
390 C Total Miscellaneous Credits
391 c Universal Credit
392 c Freight Payment Credit
393 c Itemized Credit Over $10,000
394 c Cumulative Credits
395 c Check Reversal
397 c Float Adjustment
398 c Miscellaneous Fee Refund
399 c Miscellaneous Credit
400 D Total Debits
401 D Total Debit Amount MTD
403 D Today’s Total Debits
405 D Total Debit Less Wire Transfers and Charge-Backs
406 D Debits not Detailed
408 d Float Adjustment
409 d Debit (Any Type)
410 D Total YTD Adjustment
412 D Total Debits (Excluding Returned Items)
415 d Lockbox Debit
416 D Total Lockbox Debits
420 D EDI Transaction Debits
421 d EDI Transaction Debit
422 d EDIBANX Settlement Debit
423 d EDIBANX Return Item Debit
430 D Total Payable-Through Drafts
435 d Payable-Through Draft
445 d ACH Concentration Debit
446 D Total ACH Disbursement Funding Debits
447 d ACH Disbursement Funding Debit
450 D Total ACH Debits
451 d ACH Debit Received
452 d Item in ACH Disbursement or Debit
455 d Preauthorized ACH Debit
458 d Real Time Payment Debit
459 D Total Real Time Payment Debits
462 d Account Holder Initiated ACH Debit
463 D Corporate Trade Payment Debits
464 d Corporate Trade Payment Debit
465 D Corporate Trade Payment Settlement
466 d ACH Settlement
467 D ACH Settlement Debits
468 d ACH Return Item or Adjustment Settlement
469 d Miscellaneous ACH Debit
470 D Total Check Paid
471 D Total Check Paid – Cumulative MTD
472 d Cumulative Checks Paid
474 d Certified Check Debit
475 d Check Paid
476 d Federal Reserve Bank Letter Debit
477 d Bank Originated Debit
478 D List Post Debits
479 d List Post Debit
480 D Total Loan Payments
481 d Individual Loan Payment
482 D Total Bank-Originated Debits
484 d Draft
485 d DTC Debit
486 D Total Cash Letter Debits
487 d Cash Letter Debit
489 d Cash Letter Adjustment
490 D Total Outgoing Money Transfers
491 d Individual Outgoing Internal Money Transfer
493 d Customer Terminal Initiated Money Transfer
495 d Outgoing Money Transfer
496 d Money Transfer Adjustment
498 d Compensation
500 D Total Automatic Transfer Debits
501 d Individual Automatic Transfer Debit
502 d Bond Operations Debit
505 D Total Book Transfer Debits
506 d Book Transfer Debit
507 D Total International Money Transfer Debits
508 d Individual International Money Transfer Debit
510 D Total International Debits
512 d Letter of Credit Debit
513 d Letter of Credit
514 d Foreign Exchange Debit
515 D Total Letters of Credit
516 d Foreign Remittance Debit
518 d Foreign Collection Debit
522 d Foreign Checks Paid
524 d Commission
526 d International Money Market Trading
527 d Standing Order
529 d Miscellaneous International Debit
530 D Total Security Debits
531 d Securities Purchased
532 D Total Amount of Securities Purchased
533 d Security Collection Debit
534 D Total Miscellaneous Securities Debits – FF
535 d Purchase of Equity Securities
536 D Total Miscellaneous Securities Debits – CHF
537 D Total Collection Debit
538 d Matured Repurchase Order
539 D Total Bankers’ Acceptances Debit
540 d Coupon Collection Debit
541 d Bankers’ Acceptances
542 d Purchase of Debt Securities
543 d Domestic Collection
544 d Interest/Matured Principal Payment
546 d Commercial Paper
547 d Capital Change
548 d Savings Bonds Sales Adjustment
549 d Miscellaneous Security Debit
550 D Total Deposited Items Returned
551 D Total Credit Reversals
552 d Credit Reversal
554 d Posting Error Correction Debit
555 d Deposited Item Returned
556 D Total ACH Return Items
557 d Individual ACH Return Item
558 d ACH Reversal Debit
560 D Total Rejected Debits
561 d Individual Rejected Debit
563 d Overdraft
564 d Overdraft Fee
566 d Return Item
567 d Return Item Fee
568 d Return Item Adjustment
570 D Total ZBA Debits
574 d Cumulative ZBA Debits
575 d ZBA Debit
577 d ZBA Debit Transfer
578 d ZBA Debit Adjustment
580 D Total Controlled Disbursing Debits
581 d Individual Controlled Disbursing Debit
583 D Total Disbursing Checks Paid – Early Amount
584 D Total Disbursing Checks Paid – Later Amount
585 D Disbursing Funding Requirement
586 D FRB Presentment Estimate (Fed Estimate)
587 D Late Debits (After Notification)
588 D Total Disbursing Checks Paid – Last Amount
590 D Total DTC Debits
594 D Total ATM Debits
595 d ATM Debit
596 D Total ARP Debits
597 d ARP Debit
601 D Estimated Total Disbursement
602 D Adjusted Total Disbursement
610 D Total Funds Required
611 D Total Wire Transfers Out – CHF
612 D Total Wire Transfers Out – FF
613 D Total International Debit – CHF
614 D Total International Debit – FF
615 D Total Federal Reserve Bank – Commercial Bank Debit
616 d Federal Reserve Bank – Commercial Bank Debit
617 D Total Securities Purchased – CHF
618 D Total Securities Purchased – FF
621 D Total Broker Debits – CHF
622 d Broker Debit
623 D Total Broker Debits – FF
625 D Total Broker Debits
626 D Total Fed Funds Purchased
627 d Fed Funds Purchased
628 D Total Cash Center Debits
629 d Cash Center Debit
630 D Total Debit Adjustments
631 d Debit Adjustment
632 D Total Trust Debits
633 d Trust Debit
634 d YTD Adjustment Debit
640 D Total Escrow Debits
641 d Individual Escrow Debit
644 d Individual Back Value Debit
646 D Transfer Calculation Debit
650 D Investments Purchased
651 d Individual Investment Purchased
654 d Interest Debit
655 D Total Investment Interest Debits
656 d Sweep Principal Buy
657 d Futures Debit
658 d Principal Payments Debit
659 d Interest Adjustment Debit
661 d Account Analysis Fee
662 d Correspondent Collection Debit
663 d Correspondent Collection Adjustment
664 d Loan Participation
665 D Intercept Debits
666 d Currency and Coin Shipped
667 d Food Stamp Letter
668 d Food Stamp Adjustment
669 d Clearing Settlement Debit
670 D Total Back Value Debits
672 d Back Value Adjustment
673 d Customer Payroll
674 d FRB Statement Recap
676 d Savings Bond Letter or Adjustment
677 d Treasury Tax and Loan Debit
678 d Transfer of Treasury Debit
679 d FRB Government Checks Cash Letter Debit
681 d FRB Government Check Adjustment
682 d FRB Postal Money Order Debit
683 d FRB Postal Money Order Adjustment
684 d FRB Cash Letter Auto Charge Debit
685 D Total Universal Debits
686 d FRB Cash Letter Auto Charge Adjustment
687 d FRB Fine-Sort Cash Letter Debit
688 d FRB Fine-Sort Adjustment
689 D FRB Freight Payment Debits
690 D Total Miscellaneous Debits
691 d Universal Debit
692 d Freight Payment Debit
693 d Itemized Debit Over $10,000
694 d Deposit Reversal
695 d Deposit Correction Debit
696 d Regular Collection Debit
697 d Cumulative Debits
698 d Miscellaneous Fees
699 d Miscellaneous Debit
701 l Principal Loan Balance
703 l Available Commitment Amount
705 l Payment Amount Due
707 l Principal Amount Past Due
709 l Interest Amount Past Due
720 C Total Loan Payment
721 c Amount Applied to Interest
722 c Amount Applied to Principal
723 c Amount Applied to Escrow
724 c Amount Applied to Late Charges
725 c Amount Applied to Buydown
726 c Amount Applied to Misc. Fees
727 c Amount Applied to Deferred Interest Detail
728 c Amount Applied to Service Charge
760 D Loan Disbursement
890 n Contains Non-monetary Information
`;

const KINDS: Readonly<Record<string, { direction: Bai2Direction; level: Bai2Level }>> = {
  s: { direction: "status", level: "status" },
  l: { direction: "status", level: "status" },
  C: { direction: "credit", level: "summary" },
  c: { direction: "credit", level: "detail" },
  D: { direction: "debit", level: "summary" },
  d: { direction: "debit", level: "detail" },
  n: { direction: "nonMonetary", level: "detail" },
};

function readTable(): Map<string, Bai2TypeCode> {
  const codes = new Map<string, Bai2TypeCode>();
  for (const line of TABLE.split("\n")) {
    if (line.length < 7) continue;
    const code = line.slice(0, 3);
    const kind = KINDS[line.charAt(4)];
    if (kind === undefined) throw new Error(`bai2 type-code table: bad kind in "${line}"`);
    const description = line.slice(6);
    // The specification names reversals in the description: "Debit Reversal", "ACH Reversal Credit", "Check Reversal".
    const reversal = kind.level === "detail" && description.includes("Reversal");
    codes.set(code, Object.freeze({ code, ...kind, description, listed: true, reversal }));
  }
  return codes;
}

const LISTED = readTable();

/**
 * The ranges the specification gives codes it does not list: what a bank-specific code in them means.
 * Customized codes (900–999) and loan codes (700–799) are defined per bank; 800–899 has only 890.
 */
function byRange(code: string, n: number): Bai2TypeCode | undefined {
  const of = (direction: Bai2Direction, level: Bai2Level | undefined, description: string): Bai2TypeCode =>
    Object.freeze({ code, direction, level, description, listed: false, reversal: false });
  if (n >= 1 && n <= 99) return of("status", "status", "Account status (code not in the BAI2 specification)");
  if (n >= 100 && n <= 399) return of("credit", undefined, "Credit (code not in the BAI2 specification)");
  if (n >= 400 && n <= 699) return of("debit", undefined, "Debit (code not in the BAI2 specification)");
  if (n >= 700 && n <= 719) return of("status", "status", "Loan status (bank-specific code)");
  if (n >= 720 && n <= 759) return of("credit", undefined, "Loan credit (bank-specific code)");
  if (n >= 760 && n <= 799) return of("debit", undefined, "Loan debit (bank-specific code)");
  if (n >= 900 && n <= 919) return of("status", "status", "Customized account status (bank-specific code)");
  if (n >= 920 && n <= 959) return of("credit", undefined, "Customized credit (bank-specific code)");
  if (n >= 960 && n <= 999) return of("debit", undefined, "Customized debit (bank-specific code)");
  return undefined;
}

/** Every three-digit code's meaning, by its number: built once, so reading a detail record allocates nothing. */
const BY_NUMBER: readonly (Bai2TypeCode | undefined)[] = Array.from({ length: 1000 }, (_, n) => {
  const code = String(n).padStart(3, "0");
  return LISTED.get(code) ?? byRange(code, n);
});

/**
 * What a BAI2 type code means: its direction, level and description. Codes the specification lists come from
 * the table; others from the range the specification reserves for them (`listed: false`, e.g. 706, 708, 950).
 * Returns `undefined` for codes with no defined meaning at all (800–899 except 890, anything not three digits).
 *
 * @example bai2TypeCode("165") // { direction: "credit", level: "detail", description: "Preauthorized ACH Credit", listed: true, … }
 */
export function bai2TypeCode(code: string): Bai2TypeCode | undefined {
  if (code.length !== 3) return undefined;
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const d = code.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return undefined;
    n = n * 10 + d;
  }
  return BY_NUMBER[n];
}

/** {@link bai2TypeCode} for a code already read as a number (0–999). */
export function bai2TypeCodeByNumber(n: number): Bai2TypeCode | undefined {
  return BY_NUMBER[n];
}

/** Every code the specification lists, in code order (for documentation and tests). */
export function listedBai2TypeCodes(): readonly Bai2TypeCode[] {
  return [...LISTED.values()];
}

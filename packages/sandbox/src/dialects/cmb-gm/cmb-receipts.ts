/**
 * Electronic receipts (回单) of the CMB-like gateway: the receipt PDF of one transaction (`DCSIGREC`) and
 * the asynchronous batch task (`ASYCALHD` → `DCTASKID`) whose file URL is valid for 3 simulated days.
 *
 * @module
 */
import { sm3 } from "../../gm-crypto/sm3.js";
import type { SandboxAccount, SandboxTransaction } from "../../ledger/ledger-types.js";
import type { SeededRandom } from "../../random/seeded-random.js";
import { yuan } from "./cmb-format.js";
import { renderPdf } from "./receipt-pdf.js";

/** How long after a task finishes its file URL serves the file. */
export const RECEIPT_URL_VALIDITY_MS = 3 * 24 * 3_600_000;
/** How long (simulated) a batch task takes to produce its file. */
export const RECEIPT_TASK_DURATION_MS = 30_000;

/** The receipt identity derived from the ledger's receipt key: 回单实例号 and 验证码. */
export function receiptIds(tx: SandboxTransaction): { readonly istnbr: string; readonly checod: string } {
  const digest = sm3(`cmb-receipt:${tx.receiptKey}`);
  const istnbr = (BigInt(`0x${digest.subarray(0, 12).toString("hex")}`) % 10n ** 16n).toString().padStart(16, "0");
  return { istnbr, checod: digest.subarray(12, 16).toString("hex").toUpperCase() };
}

/** The text lines of one receipt page. */
export function receiptLines(account: SandboxAccount, tx: SandboxTransaction): string[] {
  const { istnbr, checod } = receiptIds(tx);
  const debit = tx.amount < 0n;
  const cp = tx.counterparty;
  return [
    "China Merchants Bank - Electronic Receipt",
    "招商银行 电子回单",
    `Receipt no. (istnbr): ${istnbr}   Check code (checod): ${checod}`,
    `Booked: ${tx.bookedAt}   Value date: ${tx.valueDate}`,
    `Serial (refnbr): ${tx.id}   Day sequence (trsseq): ${tx.daySequence}`,
    `Account: ${account.id} (${account.currency})`,
    `户名: ${account.holderName}`,
    `Amount: ${account.currency} ${yuan(debit ? -tx.amount : tx.amount)} ${debit ? "D" : "C"}`,
    `对方户名: ${cp.name}`,
    `Counterparty account: ${cp.account ?? ""}   Bank code: ${cp.bankCode ?? ""}`,
    `对方开户行: ${cp.bankName ?? ""}`,
    `摘要: ${tx.summary}   用途: ${tx.purpose ?? ""}`,
    `附言: ${tx.remittance ?? ""}`,
    `Reference (yurref): ${tx.clientReference ?? ""}`,
  ];
}

/** The receipt PDF of one transaction. */
export function receiptPdf(account: SandboxAccount, tx: SandboxTransaction): Buffer {
  return renderPdf([receiptLines(account, tx)], `CMB receipt ${receiptIds(tx).istnbr}`);
}

/** One batch task. */
export interface ReceiptTask {
  readonly id: string;
  /** When the file is ready (simulated ms). */
  readonly readyAtMs: number;
  /** URL path token of the file. */
  readonly token: string;
  readonly file: Buffer;
}

/** The tasks of one gateway. */
export interface ReceiptTasks {
  create(nowMs: number, file: Buffer): ReceiptTask;
  byId(id: string): ReceiptTask | undefined;
  byToken(token: string): ReceiptTask | undefined;
}

/** A task store; ids and tokens come from `random`. */
export function createReceiptTasks(random: SeededRandom): ReceiptTasks {
  const byId = new Map<string, ReceiptTask>();
  const byToken = new Map<string, ReceiptTask>();
  return {
    create(nowMs, file) {
      const id = `T${random.digits(15)}`;
      const token = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join("");
      const task: ReceiptTask = { id, readyAtMs: nowMs + RECEIPT_TASK_DURATION_MS, token, file };
      byId.set(id, task);
      byToken.set(token, task);
      return task;
    },
    byId: (id) => byId.get(id),
    byToken: (token) => byToken.get(token),
  };
}

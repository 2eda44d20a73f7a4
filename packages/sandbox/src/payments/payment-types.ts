/**
 * The contract of the sandbox's payment execution, shared by every front end that takes payments (the
 * CMB-like `BB1PAYOP`/`BB1PAYQR`, the ICBC-like `PAYENT`/`QPAYENT`). A payment is the two-axis state
 * machine real Chinese banks expose: a request state (`AUT` → `NTE` → `BNK`/`WRF` → `FIN`, with `OPR` and
 * `APW` on the way) plus, once `FIN`, a result (`S`uccess, `F`ail, `B` 退票 after success, `R`ejected,
 * `D` expired, `C`ancelled, `U` 挂账). Transitions happen on the simulated clock, decided by the seed.
 *
 * Idempotency: the client reference (`yurRef`, `fSeqno`) is unique per debtor account; a resend with the
 * same reference never executes twice — it returns the original payment with `duplicate: true`.
 *
 * @module
 */
import type { IsoDateTime } from "@bankbridge/hub/core";
import type { SandboxCounterparty } from "../ledger/ledger-types.js";

/** Request state (CMB `reqSts`). */
export type PaymentRequestState = "OPR" | "AUT" | "APW" | "NTE" | "BNK" | "WRF" | "FIN";

/** Final result once `FIN` (CMB `rtnFlg`). */
export type PaymentResult = "S" | "F" | "B" | "R" | "D" | "C" | "U";

/** A payment instruction as a front end received it. */
export interface PaymentInstruction {
  readonly debtorAccountId: string;
  /** The client's idempotency key. */
  readonly clientReference: string;
  /** Positive minor units of the debtor account's currency. */
  readonly amount: bigint;
  readonly currency: string;
  readonly creditor: SandboxCounterparty;
  /** 用途 */
  readonly purpose: string;
  /** 附言 / remittance text. */
  readonly remittance?: string;
  /** Settlement channel as the client asked for it (CMB `stlChn`: G/Q/R/I). */
  readonly channel?: string;
}

/** A payment as the bank tracks it. */
export interface PaymentRecord {
  readonly instruction: PaymentInstruction;
  /** The bank's request number (CMB `reqNbr`). */
  readonly requestNumber: string;
  readonly state: PaymentRequestState;
  /** Set once `state` is `FIN`. */
  readonly result?: PaymentResult;
  /** Why it failed or was returned (CMB `rtnNar`), in the bank's words. */
  readonly reason?: string;
  readonly submittedAt: IsoDateTime;
  readonly updatedAt: IsoDateTime;
  /** The ledger transaction that debited the account, once executed. */
  readonly transactionId?: string;
  /** The ledger transaction that credited it back, for a return (退票) or reversal. */
  readonly returnTransactionId?: string;
}

/** What {@link PaymentEngine.submit} answers. */
export interface SubmitOutcome {
  readonly payment: PaymentRecord;
  /** True when a payment with this client reference already existed; nothing new was executed. */
  readonly duplicate: boolean;
  /** Set when the bank refused the instruction outright (unknown account, insufficient funds…): a stable code. */
  readonly refusal?: {
    readonly code: "ACCOUNT_UNKNOWN" | "ACCOUNT_FROZEN" | "INSUFFICIENT_FUNDS" | "CURRENCY_MISMATCH" | "AMOUNT_INVALID";
    readonly message: string;
  };
}

/** Payment execution over the ledger, driven by the simulated clock. */
export interface PaymentEngine {
  submit(instruction: PaymentInstruction): SubmitOutcome;
  /** The payment with this client reference on this account, if any. */
  find(debtorAccountId: string, clientReference: string): PaymentRecord | undefined;
  /** Every payment, in submission order (for the ground truth and the admin API). */
  list(): readonly PaymentRecord[];
}

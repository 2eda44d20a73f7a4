/**
 * Payment execution: the contract and the engine over the ledger.
 *
 * @module
 */
export { createPaymentEngine, type PaymentEngineOptions } from "./create-payment-engine.js";
export type * from "./payment-types.js";

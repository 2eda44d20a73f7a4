/**
 * @bankbridge/sandbox: simulated banks that speak real bank protocols.
 *
 * @module
 */
export * from "./clock/sim-clock.js";
export type * from "./faults/fault-types.js";
export { noFaults } from "./faults/no-faults.js";
export type * from "./ledger/ledger-types.js";
export type * from "./payments/payment-types.js";
export * from "./random/seeded-random.js";
export type * from "./service.js";

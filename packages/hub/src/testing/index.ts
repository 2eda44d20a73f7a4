/**
 * Test and benchmark helpers that ship with the hub: deterministic canonical statements.
 *
 * @module
 */
export * from "./statements.js";

/**
 * The canonical bank-data model: money, identifiers, dates, statements, errors. No I/O and no runtime
 * dependencies; everything else in the hub depends on this and it depends on nothing.
 *
 * @module
 */
export * from "./brand.js";
export * from "./canonical-json.js";
export * from "./currency.js";
export * from "./dates.js";
export * from "./errors.js";
export * from "./ids.js";
export * from "./issues.js";
export * from "./money.js";
export * from "./statement.js";

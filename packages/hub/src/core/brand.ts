/**
 * Nominal typing for strings and numbers that must not be mixed up
 * (an IBAN is not a BIC, a tenant id is not an account id).
 *
 * @module
 */

declare const brand: unique symbol;

/** `T` tagged with the name `B`; only the matching constructor function produces one. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

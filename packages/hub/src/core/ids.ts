/**
 * Branded identifiers with their validators. Parsers read them from untrusted files, so each validator
 * returns `undefined` (try…) or throws a coded HubError (to…), never both.
 *
 * @module
 */
import type { Brand } from "./brand.js";
import { HubError } from "./errors.js";

/** International Bank Account Number, electronic form: upper case, no spaces, check digits valid. */
export type Iban = Brand<string, "Iban">;
/** Business Identifier Code (SWIFT), 8 or 11 characters, upper case. */
export type Bic = Brand<string, "Bic">;
/**
 * Chinese bank code: the 3-digit bank (行别) code such as `102` (ICBC), or the 12-digit CNAPS
 * participant code (联行号) of a branch.
 */
export type CnBankCode = Brand<string, "CnBankCode">;
/** Tenant (one company or group using the hub). */
export type TenantId = Brand<string, "TenantId">;
/** Hub-assigned id of an account row. */
export type AccountId = Brand<string, "AccountId">;
/** Hub-assigned id of a bank row. */
export type BankId = Brand<string, "BankId">;
/** Hub-assigned id of a stored transaction. */
export type TransactionId = Brand<string, "TransactionId">;
/** Hub-assigned id of an ingest run. */
export type IngestRunId = Brand<string, "IngestRunId">;
/** A raw document's content address: lower-case hex SHA-256 of its bytes. */
export type DocumentId = Brand<string, "DocumentId">;

const IBAN_SHAPE = /^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/;
const BIC_SHAPE = /^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/**
 * The IBAN in electronic form if `text` (spaces or hyphens allowed, any case) is one with valid ISO 13616
 * mod-97 check digits (02–98); otherwise `undefined`. The country's registered length is not checked.
 */
export function tryIban(text: string): Iban | undefined {
  const compact = text.replace(/[\s-]/g, "").toUpperCase();
  if (!IBAN_SHAPE.test(compact)) return undefined;
  // MOD 97-10 check digits are computed as 98 − (n mod 97), so they are always 02–98. 00, 01 and 99 are
  // congruent to 97, 98 and 02 and would pass the remainder test below, but no bank ever issues them.
  const check = (compact.charCodeAt(2) - 48) * 10 + (compact.charCodeAt(3) - 48);
  if (check < 2 || check > 98) return undefined;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < rearranged.length; i++) {
    const c = rearranged.charCodeAt(i);
    // Letters count as two digits (A=10…Z=35); fold digit by digit so the number never grows.
    if (c >= 65) rem = ((rem * 100 + (c - 55)) % 97) | 0;
    else rem = ((rem * 10 + (c - 48)) % 97) | 0;
  }
  return rem === 1 ? (compact as Iban) : undefined;
}

/** {@link tryIban} that throws `IBAN_INVALID`. */
export function toIban(text: string): Iban {
  const v = tryIban(text);
  if (v === undefined)
    throw new HubError("IBAN_INVALID", `"${text.slice(0, 40)}" is not a valid IBAN`, { details: { value: text.slice(0, 40) } });
  return v;
}

/** The BIC upper-cased if `text` has the shape of one (BIC8 or BIC11), else `undefined`. */
export function tryBic(text: string): Bic | undefined {
  const v = text.trim().toUpperCase();
  return BIC_SHAPE.test(v) ? (v as Bic) : undefined;
}

/** {@link tryBic} that throws `BIC_INVALID`. */
export function toBic(text: string): Bic {
  const v = tryBic(text);
  if (v === undefined) throw new HubError("BIC_INVALID", `"${text.slice(0, 40)}" is not a BIC`, { details: { value: text.slice(0, 40) } });
  return v;
}

/** A 3-digit bank code or 12-digit CNAPS code, else `undefined`. */
export function tryCnBankCode(text: string): CnBankCode | undefined {
  const v = text.trim();
  return /^(\d{3}|\d{12})$/.test(v) ? (v as CnBankCode) : undefined;
}

/** {@link tryCnBankCode} that throws `BANK_CODE_INVALID`. */
export function toCnBankCode(text: string): CnBankCode {
  const v = tryCnBankCode(text);
  if (v === undefined)
    throw new HubError("BANK_CODE_INVALID", `"${text.slice(0, 40)}" is not a Chinese bank code`, { details: { value: text.slice(0, 40) } });
  return v;
}

/** True for 64 lower-case hex characters. */
export function isDocumentId(text: string): text is DocumentId {
  return /^[0-9a-f]{64}$/.test(text);
}

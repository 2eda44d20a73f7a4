/**
 * The `:25:` account identification: an IBAN, a national account number, `BLZ/account` (Germany),
 * `BIC/account`, each possibly followed by the account currency (`51210600/9223382012EUR`,
 * `1291.99.348EUR`, `UBRTHUHB/123456789150ABCDEF002/HUF`). `:25P:` adds the BIC on a second line.
 *
 * @module
 */
import { type Account, type AccountScheme, type BankRef, type CurrencyCode, toCurrencyCode, tryBic, tryIban } from "../../core/index.js";

/** A `:25:` field read into the statement's account and, when written there, its currency. */
export interface AccountField {
  readonly account: Account;
  readonly currency?: CurrencyCode;
}

function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function schemeOf(id: string): AccountScheme {
  if (tryIban(id) === id) return "iban";
  // Domestic numbers are digits with the bank's grouping (`1291.99.348`, `0067-00763`).
  return /^[0-9][0-9 .-]*$/.test(id) ? "bban" : "other";
}

/** Splits a trailing currency code off `text` when the rest is not itself an IBAN ending in letters. */
function splitCurrency(text: string): { rest: string; currency?: CurrencyCode } {
  if (text.length < 4 || tryIban(text) !== undefined) return { rest: text };
  const code = text.slice(-3);
  if (!/^[A-Z]{3}$/.test(code)) return { rest: text };
  const currency = toCurrencyCode(code);
  if (currency === undefined) return { rest: text };
  const before = text.charAt(text.length - 4);
  // Only after a digit, a separator or a space: `…7055EUR`, `…/HUF`; never inside a word-like account id.
  if (!/[0-9/ .-]/.test(before)) return { rest: text };
  return { rest: text.slice(0, -3).replace(/[/ ]+$/, ""), currency };
}

/**
 * Reads a `:25:`/`:25P:` field, or `undefined` when it holds no account number.
 *
 * @example parseAccountField("50880050/0194774600888") // { account: { id: "0194774600888", scheme: "bban", bank: { clearingCode: "50880050" } } }
 */
export function parseAccountField(text: string): AccountField | undefined {
  const lines = text.split("\n");
  // Polish banks write `/IBAN` and `/NRB` (the SWIFT form with the optional BIC left out): the slash is no part of it.
  const first = (lines[0] ?? "").trim().replace(/^\/+/, "");
  const bicLine = lines.length > 1 ? tryBic((lines[1] ?? "").trim()) : undefined;
  if (first === "") return undefined;
  const { rest, currency } = splitCurrency(first);
  if (rest === "") return undefined;
  let id = rest;
  const bank: { bic?: BankRef["bic"]; clearingCode?: string } = {};
  const iban = tryIban(rest);
  if (iban !== undefined) id = iban;
  else {
    const slash = rest.indexOf("/");
    if (slash > 0 && slash < rest.length - 1) {
      const prefix = rest.slice(0, slash).trim();
      const bic = tryBic(prefix);
      if (isDigits(prefix) && prefix.length >= 3 && prefix.length <= 8) {
        bank.clearingCode = prefix;
        id = rest.slice(slash + 1).trim();
      } else if (bic !== undefined && bic === prefix) {
        bank.bic = bic;
        id = rest.slice(slash + 1).trim();
      }
    }
  }
  if (bicLine !== undefined) bank.bic = bicLine;
  const account: Account = {
    id,
    scheme: schemeOf(id),
    ...(bank.bic === undefined && bank.clearingCode === undefined ? {} : { bank }),
  };
  return currency === undefined ? { account } : { account, currency };
}

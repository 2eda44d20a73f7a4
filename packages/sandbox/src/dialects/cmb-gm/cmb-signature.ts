/**
 * CMB's 国密 envelope: canonical JSON, SM2-with-SM3 signature with the `sigdat` placeholder, SM4-CBC.
 *
 * Signing rule: take the whole message `{request|response, signature: {sigdat, sigtim}}` with
 * `signature.sigdat` set to the fixed text `__signature_sigdat__`, write it as JSON with object keys sorted
 * recursively (UTF-16 order, as Java's TreeMap), no whitespace, non-ASCII left as is; sign those UTF-8 bytes
 * with SM2-with-SM3 using the distinguishing id; put base64 of the 64-byte `r‖s` into `sigdat`.
 *
 * @module
 */
import { sm2Sign, sm2Verify } from "../../gm-crypto/sm2.js";
import { sm4CbcDecrypt, sm4CbcEncrypt } from "../../gm-crypto/sm4.js";

/** What `sigdat` holds while the message is signed or verified. */
export const SIGDAT_PLACEHOLDER = "__signature_sigdat__";

/** A JSON value. */
export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** `value` as JSON with object keys sorted recursively and no whitespace. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The bytes that are signed for `message` (its `signature.sigdat` replaced by the placeholder). */
export function signedBytes(message: Readonly<Record<string, unknown>>): Buffer {
  const signature = (message.signature ?? {}) as Record<string, unknown>;
  return Buffer.from(canonicalJson({ ...message, signature: { ...signature, sigdat: SIGDAT_PLACEHOLDER } }), "utf8");
}

/** `message` with `signature.sigdat` filled in (sigtim kept). */
export function signMessage<T extends { readonly signature: { readonly sigtim: string } }>(
  message: T,
  privateKey: Uint8Array,
  userId: string,
): T & { readonly signature: { readonly sigdat: string; readonly sigtim: string } } {
  const sigdat = sm2Sign(signedBytes(message), privateKey, userId).toString("base64");
  return { ...message, signature: { ...message.signature, sigdat } };
}

/** Whether `message.signature.sigdat` is a valid signature of the message by `publicKey`. */
export function verifyMessage(message: Readonly<Record<string, unknown>>, publicKey: Uint8Array, userId: string): boolean {
  const signature = message.signature;
  if (signature === null || typeof signature !== "object") return false;
  const sigdat = (signature as Record<string, unknown>).sigdat;
  if (typeof sigdat !== "string" || !/^[A-Za-z0-9+/]+={0,2}$/.test(sigdat)) return false;
  return sm2Verify(signedBytes(message), Buffer.from(sigdat, "base64"), publicKey, userId);
}

/** base64 of SM4-CBC(JSON text). */
export function sealJson(text: string, key: Uint8Array, iv: Uint8Array): string {
  return sm4CbcEncrypt(key, iv, Buffer.from(text, "utf8")).toString("base64");
}

/** The plaintext of a base64 SM4-CBC `DATA`; throws on bad base64, bad padding or bad UTF-8. */
export function openData(data: string, key: Uint8Array, iv: Uint8Array): string {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(data) || data.length % 4 !== 0) throw new SyntaxError("DATA is not base64");
  const plain = sm4CbcDecrypt(key, iv, Buffer.from(data, "base64"));
  return new TextDecoder("utf-8", { fatal: true }).decode(plain);
}

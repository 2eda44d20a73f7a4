/**
 * SM3 (GB/T 32905-2016) digests through Node's OpenSSL.
 *
 * @module
 */
import { createHash } from "node:crypto";

/** The 32-byte SM3 digest of `data` (a string is hashed as UTF-8). */
export function sm3(data: Uint8Array | string): Buffer {
  return createHash("sm3").update(data).digest();
}

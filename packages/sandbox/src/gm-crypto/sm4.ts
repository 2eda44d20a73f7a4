/**
 * SM4 (GB/T 32907-2016) in CBC mode with PKCS#7 padding, as Chinese bank gateways use it for message
 * bodies. Node's OpenSSL 3 ships `sm4-cbc`, so this is a thin, typed wrapper rather than a cipher of our own.
 *
 * @module
 */
import { createCipheriv, createDecipheriv } from "node:crypto";

/** SM4 keys and IVs are 16 bytes. */
export const SM4_BLOCK_BYTES = 16;

function checkSizes(key: Uint8Array, iv: Uint8Array): void {
  if (key.length !== SM4_BLOCK_BYTES) throw new RangeError(`SM4 key must be 16 bytes, got ${key.length}`);
  if (iv.length !== SM4_BLOCK_BYTES) throw new RangeError(`SM4 IV must be 16 bytes, got ${iv.length}`);
}

/** SM4-CBC-PKCS7 encryption of `plaintext`. */
export function sm4CbcEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Buffer {
  checkSizes(key, iv);
  const cipher = createCipheriv("sm4-cbc", key, iv);
  return Buffer.concat([cipher.update(plaintext), cipher.final()]);
}

/**
 * SM4-CBC-PKCS7 decryption. Throws (OpenSSL's "bad decrypt" or a length error) when the ciphertext is not
 * a whole number of blocks or the padding is wrong — which is how a gateway notices a wrong key or garbage.
 */
export function sm4CbcDecrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array): Buffer {
  checkSizes(key, iv);
  const decipher = createDecipheriv("sm4-cbc", key, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}

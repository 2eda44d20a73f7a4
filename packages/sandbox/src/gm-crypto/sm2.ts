/**
 * SM2 (GB/T 32918) signatures with SM3, the "SM2-with-SM3" that Chinese bank gateways require. Node's
 * crypto cannot sign with SM2 and a distinguishing id, so this wraps `sm-crypto-v2` (MIT, built on the
 * audited `@noble/curves`), exposing bytes instead of hex strings and the raw 64-byte `r‖s` form the banks
 * put on the wire.
 *
 * @module
 */
import { sm2 } from "sm-crypto-v2";
import type { SeededRandom } from "../random/seeded-random.js";

/** The SM2 distinguishing id that GM/T 0009 fixes as the default. */
export const SM2_DEFAULT_USER_ID = "1234567812345678";

/** The order n of the SM2 curve's base point. */
const SM2_N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n;

/** An SM2 key pair: a 32-byte private scalar and the 65-byte uncompressed public point `04‖x‖y`. */
export interface Sm2KeyPair {
  readonly privateKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString("hex");

/**
 * A key pair drawn from `random`. The sandbox derives its keys from the seed so that a run can be replayed
 * with the same credentials; that is right for a simulator and wrong for anything real.
 */
export function sm2KeyPairFromRandom(random: SeededRandom): Sm2KeyPair {
  let d = 0n;
  for (let i = 0; i < 8; i++) d = (d << 32n) | BigInt(random.int(0, 0xffffffff));
  d = (d % (SM2_N - 1n)) + 1n;
  const privateHex = d.toString(16).padStart(64, "0");
  const publicHex = sm2.getPublicKeyFromPrivateKey(privateHex);
  return { privateKey: Buffer.from(privateHex, "hex"), publicKey: Buffer.from(publicHex, "hex") };
}

/** The public point of a private key. */
export function sm2PublicKeyOf(privateKey: Uint8Array): Uint8Array {
  return Buffer.from(sm2.getPublicKeyFromPrivateKey(hex(privateKey)), "hex");
}

/** SM2-with-SM3 signature of `message` (Z computed from `userId`), as 64 raw bytes `r‖s`. */
export function sm2Sign(message: Uint8Array, privateKey: Uint8Array, userId: string = SM2_DEFAULT_USER_ID): Buffer {
  if (privateKey.length !== 32) throw new RangeError("SM2 private key must be 32 bytes");
  const signature = sm2.doSignature(message, hex(privateKey), {
    hash: true,
    userId,
    publicKey: hex(sm2PublicKeyOf(privateKey)),
  });
  return Buffer.from(signature.padStart(128, "0"), "hex");
}

/** Whether `signature` (64 raw bytes `r‖s`) is a valid SM2-with-SM3 signature of `message` by `publicKey`. */
export function sm2Verify(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  userId: string = SM2_DEFAULT_USER_ID,
): boolean {
  if (signature.length !== 64 || publicKey.length !== 65 || publicKey[0] !== 4) return false;
  try {
    return sm2.doVerifySignature(message, hex(signature), hex(publicKey), { hash: true, userId });
  } catch {
    // A point not on the curve or a scalar out of range is just an invalid signature.
    return false;
  }
}

/** The public key as a PEM SubjectPublicKeyInfo (id-ecPublicKey on the SM2 curve), for OpenSSL and Java. */
export function sm2PublicKeyPem(publicKey: Uint8Array): string {
  // SEQUENCE { SEQUENCE { OID 1.2.840.10045.2.1, OID 1.2.156.10197.1.301 }, BIT STRING 04‖x‖y }
  const prefix = Buffer.from("3059301306072a8648ce3d020106082a811ccf5501822d034200", "hex");
  const der = Buffer.concat([prefix, publicKey]).toString("base64");
  const lines = der.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join("\n")}\n-----END PUBLIC KEY-----\n`;
}

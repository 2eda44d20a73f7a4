/**
 * The NC signing service (the second port, `INFOSEC_SIGN/1.0`). On a real NC the USB-Key's CFCA certificate
 * signs payment and receipt messages as PKCS#7; the ERP never holds the key, it posts the XML to the signing
 * port and puts the returned package in `reqData`.
 *
 * What the sandbox signs with, and why: an Ed25519 key derived from the seed (so the same seed publishes the
 * same public key, and signing needs no `openssl`), wrapped in a small documented binary package instead of
 * a DER CMS SignedData:
 *
 * ```
 * "NCSIGN01"                      8 bytes ASCII magic
 * u16 big-endian n, certId        the certificate id (ASCII) the package was signed for
 * u32 big-endian m, content       the XML bytes exactly as posted (GBK)
 * u16 big-endian k, signature     Ed25519 signature over `content`
 * ```
 *
 * base64 of those bytes is the `<sign>` of the signing reply and the `reqData` of a signed request. Anyone can
 * check it with the published public key (`credentials.signingPublicKeyPem`): `crypto.verify(null, content,
 * publicKey, signature)`.
 *
 * @module
 */
import { createPrivateKey, createPublicKey, type KeyObject, sign, verify } from "node:crypto";
import type { SeededRandom } from "../../random/seeded-random.js";
import { escapeXml } from "./icbc-messages.js";

const MAGIC = Buffer.from("NCSIGN01", "ascii");
/** PKCS#8 prefix of an Ed25519 private key; the 32-byte seed follows. */
const ED25519_PKCS8_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

/** The signing key of one certificate. */
export interface IcbcSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  readonly publicKeyPem: string;
}

/** A deterministic Ed25519 key from the service's random stream. */
export function deriveSigningKey(random: SeededRandom): IcbcSigningKey {
  const seed = Buffer.alloc(32);
  for (let i = 0; i < 32; i++) seed[i] = random.int(0, 255);
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: "der", type: "pkcs8" });
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyPem: String(publicKey.export({ type: "spki", format: "pem" })) };
}

/** A decoded signed package. */
export interface SignedPackage {
  readonly certId: string;
  readonly content: Buffer;
  readonly signature: Buffer;
}

/** Signs `content` for `certId` and returns the package as base64. */
export function signPackage(key: IcbcSigningKey, certId: string, content: Uint8Array): string {
  const signature = sign(null, content, key.privateKey);
  const id = Buffer.from(certId, "ascii");
  const head = Buffer.alloc(2);
  head.writeUInt16BE(id.length);
  const len = Buffer.alloc(4);
  len.writeUInt32BE(content.length);
  const sigLen = Buffer.alloc(2);
  sigLen.writeUInt16BE(signature.length);
  return Buffer.concat([MAGIC, head, id, len, Buffer.from(content), sigLen, signature]).toString("base64");
}

/** Reads a base64 package; `undefined` when it is not one (wrong magic, truncated, trailing bytes). */
export function decodePackage(base64: string): SignedPackage | undefined {
  const trimmed = base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  const bytes = Buffer.from(trimmed, "base64");
  if (bytes.length < MAGIC.length + 8 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  let at = MAGIC.length;
  const n = bytes.readUInt16BE(at);
  at += 2;
  if (at + n + 4 > bytes.length) return undefined;
  const certId = bytes.subarray(at, at + n).toString("ascii");
  at += n;
  const m = bytes.readUInt32BE(at);
  at += 4;
  if (at + m + 2 > bytes.length) return undefined;
  const content = bytes.subarray(at, at + m);
  at += m;
  const k = bytes.readUInt16BE(at);
  at += 2;
  if (at + k !== bytes.length) return undefined;
  return { certId, content, signature: bytes.subarray(at, at + k) };
}

/** Whether the package's signature verifies with `key`. */
export function verifyPackage(key: IcbcSigningKey, pkg: SignedPackage): boolean {
  try {
    return verify(null, pkg.content, key.publicKey, pkg.signature);
  } catch {
    return false;
  }
}

/** Content types of the signing port (as NC's INFOSEC service names them). */
export const INFOSEC_SIGN = "INFOSEC_SIGN/1.0";
export const INFOSEC_SIGN_RESULT = "INFOSEC_SIGN_RESULT/1.0";
export const INFOSEC_VERIFY_SIGN = "INFOSEC_VERIFY_SIGN/1.0";
export const INFOSEC_VERIFY_SIGN_RESULT = "INFOSEC_VERIFY_SIGN_RESULT/1.0";

/** The HTML-ish reply body of the signing port: `<result>0</result>` and the signature or an error text. */
export function signingReplyHtml(result: number, body: { readonly sign?: string; readonly sic?: string; readonly error?: string }): string {
  const inner =
    body.sign !== undefined
      ? `<sign>${body.sign}</sign>`
      : body.sic !== undefined
        ? `<sic>${escapeXml(body.sic)}</sic>`
        : `<error>${escapeXml(body.error ?? "")}</error>`;
  return `<html><head><result>${result}</result><title>${result === 0 ? "success" : "failed"}</title></head><body>${inner}</body></html>`;
}

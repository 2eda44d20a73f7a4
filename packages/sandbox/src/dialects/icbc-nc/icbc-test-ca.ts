/**
 * The sandbox's "ICBC test CA": a self-signed certificate authority and the one signer certificate it issues
 * for the client's certificate id (the `ID` form field, e.g. `bankbridge.y.1202`, as subject CN). On a real NC
 * this is the CFCA certificate on the USB-Key; here the key lives in the signing port.
 *
 * Keys are ECDSA P-256 and deterministic from the seed (the same seed publishes the same public keys); the
 * certificates themselves are made at start with the real clock's validity, because clients check them
 * against real time, not the simulated clock.
 *
 * @module
 */
// @peculiar/x509 resolves its ASN.1 classes through tsyringe, which needs the Reflect metadata polyfill
// loaded before it; keep this import first.
import "reflect-metadata";
import { createECDH, createPrivateKey, type JsonWebKey, type KeyObject, webcrypto, X509Certificate } from "node:crypto";
import * as x509 from "@peculiar/x509";
import type { SeededRandom } from "../../random/seeded-random.js";

/** The CA and the signer certificate of one ICBC front end. */
export interface IcbcTestCa {
  /** The CA certificate (what a client or the bank trusts). */
  readonly caCert: X509Certificate;
  readonly caCertPem: string;
  /** The signer's certificate, subject `CN=<certId>`, issued by the CA. */
  readonly signerCert: X509Certificate;
  readonly signerCertPem: string;
  /** The signer's private key (only the signing port uses it). */
  readonly signerKey: KeyObject;
}

/** Options of {@link createIcbcTestCa}. */
export interface IcbcTestCaOptions {
  /** The certificate id the signer certificate is issued for (its subject CN). */
  readonly certId: string;
  /** The real clock, for the certificates' validity. @default Date.now */
  readonly realNow?: () => number;
  /** Validity in days from a day before `realNow()`. @default 365 */
  readonly validityDays?: number;
}

const DAY_MS = 86_400_000;
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
/** Order of the P-256 group: a private scalar must lie in [1, n-1]. */
const P256_ORDER = BigInt("0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551");
const ORGANISATION = "O=BankBridge Sandbox, C=CN";

/**
 * Creates the CA and issues the signer certificate for `options.certId`.
 *
 * @example
 * const ca = await createIcbcTestCa(random.fork("icbc-nc:ca"), { certId: "bankbridge.y.1202" });
 * ca.signerCert.verify(ca.caCert.publicKey); // true
 */
export async function createIcbcTestCa(random: SeededRandom, options: IcbcTestCaOptions): Promise<IcbcTestCa> {
  const nowMs = (options.realNow ?? Date.now)();
  // A day of slack before now: a client whose clock runs a little behind must still accept the certificates.
  const notBefore = new Date(nowMs - DAY_MS);
  const notAfter = new Date(nowMs + (options.validityDays ?? 365) * DAY_MS);
  const caJwk = p256Jwk(random);
  const signerJwk = p256Jwk(random);
  const caKeys = await cryptoKeyPair(caJwk);
  const signerKeys = await cryptoKeyPair(signerJwk);
  // Passed explicitly rather than set as the library-wide provider, which the TLS module owns.
  const crypto = webcrypto as unknown as Parameters<typeof x509.X509CertificateGenerator.create>[1];
  const ca = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialHex(random),
      name: `CN=ICBC Test CA (BankBridge Sandbox), ${ORGANISATION}`,
      notBefore,
      notAfter,
      keys: caKeys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const signer = await x509.X509CertificateGenerator.create(
    {
      serialNumber: serialHex(random),
      subject: `CN=${escapeDnValue(options.certId)}, ${ORGANISATION}`,
      issuer: ca.subject,
      notBefore,
      notAfter,
      publicKey: signerKeys.publicKey,
      signingKey: caKeys.privateKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        await x509.SubjectKeyIdentifierExtension.create(signerKeys.publicKey, false, crypto),
        await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
      ],
    },
    crypto,
  );
  const caCertPem = ca.toString("pem");
  const signerCertPem = signer.toString("pem");
  return {
    caCert: new X509Certificate(caCertPem),
    caCertPem,
    signerCert: new X509Certificate(signerCertPem),
    signerCertPem,
    signerKey: createPrivateKey({ key: signerJwk, format: "jwk" }),
  };
}

/** The subject CN of a certificate, or `undefined` when it has none. */
export function commonName(cert: X509Certificate): string | undefined {
  // Node prints the subject one attribute per line, escaping specials as in RFC 4514.
  const line = cert.subject.split("\n").find((l) => l.startsWith("CN="));
  return line?.slice(3).replace(/\\(.)/g, "$1");
}

/** A P-256 private key whose scalar comes from the seeded stream, as a JWK with its public point. */
function p256Jwk(random: SeededRandom): JsonWebKey {
  let d: Buffer;
  do {
    d = Buffer.alloc(32);
    for (let i = 0; i < 32; i++) d[i] = random.int(0, 255);
    // Rejection rather than reduction: the odd draw outside [1, n-1] is simply drawn again.
  } while (!inP256Range(d));
  const ecdh = createECDH("prime256v1");
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey(); // uncompressed: 0x04 ‖ x ‖ y
  return {
    kty: "EC",
    crv: "P-256",
    d: d.toString("base64url"),
    x: point.subarray(1, 33).toString("base64url"),
    y: point.subarray(33, 65).toString("base64url"),
  };
}

function inP256Range(d: Buffer): boolean {
  const n = BigInt(`0x${d.toString("hex")}`);
  return n > 0n && n < P256_ORDER;
}

async function cryptoKeyPair(jwk: JsonWebKey): Promise<{ privateKey: webcrypto.CryptoKey; publicKey: webcrypto.CryptoKey }> {
  const { d: _private, ...publicJwk } = jwk;
  const params = { name: "ECDSA", namedCurve: "P-256" } as const;
  return {
    privateKey: await webcrypto.subtle.importKey("jwk", jwk as webcrypto.JsonWebKey, params, true, ["sign"]),
    publicKey: await webcrypto.subtle.importKey("jwk", publicJwk as webcrypto.JsonWebKey, params, true, ["verify"]),
  };
}

/** A positive 9-byte serial number from the seeded stream. */
function serialHex(random: SeededRandom): string {
  // Leading "01" keeps the DER integer positive whatever the draw gives.
  let hex = "01";
  for (let i = 0; i < 8; i++) hex += random.int(0, 255).toString(16).padStart(2, "0");
  return hex;
}

/** Escapes the RFC 4514 specials of a DN attribute value. */
function escapeDnValue(value: string): string {
  return value.replace(/[,+"\\<>;=]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}

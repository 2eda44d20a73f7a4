/**
 * TLS material for the sandbox's HTTPS/TLS front ends: a throw-away certificate authority and one server
 * certificate for `127.0.0.1`, `::1` and `localhost`, signed by it. Clients trust the sandbox by pinning the
 * CA (`curl --cacert`, Node's `ca` option) or by comparing the server certificate's SHA-256 fingerprint, both
 * of which `bankbridge sandbox` prints with the endpoints.
 *
 * Keys are fresh on every call (ECDSA P-256): TLS material is transport, not bank data, so it is not part of
 * the seeded ground truth.
 *
 * @module
 */
// @peculiar/x509 resolves its ASN.1 classes through tsyringe, which needs the Reflect metadata polyfill
// loaded before it; keep this import first.
import "reflect-metadata";
import { webcrypto } from "node:crypto";
import * as x509 from "@peculiar/x509";

/** PEM-encoded TLS material for one sandbox run. */
export interface SandboxTls {
  /** The server's private key (PKCS#8 PEM). */
  readonly key: string;
  /** The server certificate (PEM), for `127.0.0.1`, `::1` and `localhost`. */
  readonly cert: string;
  /** The CA certificate (PEM) that signed `cert`: what clients trust. */
  readonly ca: string;
  /** SHA-256 fingerprint of the server certificate, colon-separated upper-case hex (as `openssl x509 -fingerprint -sha256` prints it). */
  readonly fingerprint256: string;
  /** SHA-256 fingerprint of the CA certificate, same notation. */
  readonly caFingerprint256: string;
}

/** Options for {@link createSandboxTls}. */
export interface SandboxTlsOptions {
  /**
   * The real clock. Certificates are checked by real clients against the real time, not the simulated
   * clock, so this is the one place in the sandbox that reads it; passed in so tests control it.
   */
  readonly realNow?: () => number;
  /** How long the certificates are valid, in days from a day before `realNow()` (default 30). */
  readonly validityDays?: number;
  /** Common name of the CA (default "BankBridge Sandbox CA"). */
  readonly caName?: string;
  /** Extra DNS names for the server certificate besides `localhost`. */
  readonly dnsNames?: readonly string[];
}

const DAY_MS = 86_400_000;
const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

let providerSet = false;

/**
 * Creates a CA and a server certificate signed by it.
 *
 * @example
 * const tls = await createSandboxTls();
 * https.createServer({ key: tls.key, cert: tls.cert }, handler);
 * // client: curl --cacert ca.pem https://127.0.0.1:PORT/…
 */
export async function createSandboxTls(options: SandboxTlsOptions = {}): Promise<SandboxTls> {
  if (!providerSet) {
    x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);
    providerSet = true;
  }
  const nowMs = (options.realNow ?? Date.now)();
  const validityDays = options.validityDays ?? 30;
  if (!(validityDays >= 1) || !Number.isFinite(validityDays)) throw new RangeError("validityDays must be ≥ 1");
  // A day of slack before now: a client whose clock runs a little behind must still accept the certificate.
  const notBefore = new Date(nowMs - DAY_MS);
  const notAfter = new Date(nowMs + validityDays * DAY_MS);
  const caKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const caName = `CN=${options.caName ?? "BankBridge Sandbox CA"}, O=BankBridge Sandbox`;
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(nowMs, 1),
    name: caName,
    notBefore,
    notAfter,
    keys: caKeys,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const serverKeys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const serverCert = await x509.X509CertificateGenerator.create({
    serialNumber: serial(nowMs, 2),
    subject: "CN=localhost, O=BankBridge Sandbox",
    issuer: caCert.subject,
    notBefore,
    notAfter,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        { type: "dns", value: "localhost" },
        ...(options.dnsNames ?? []).map((value) => ({ type: "dns" as const, value })),
        { type: "ip", value: "127.0.0.1" },
        { type: "ip", value: "::1" },
      ]),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", serverKeys.privateKey);
  return {
    key: pem("PRIVATE KEY", new Uint8Array(pkcs8)),
    cert: serverCert.toString("pem"),
    ca: caCert.toString("pem"),
    fingerprint256: await fingerprint(serverCert),
    caFingerprint256: await fingerprint(caCert),
  };
}

/** A positive serial number, distinct for the CA and the server certificate of one run. */
function serial(nowMs: number, n: number): string {
  // Leading "01" keeps the DER integer positive whatever the time gives.
  return `01${Math.floor(nowMs).toString(16).padStart(12, "0")}${n.toString(16).padStart(2, "0")}`;
}

async function fingerprint(cert: x509.X509Certificate): Promise<string> {
  const digest = new Uint8Array(await cert.getThumbprint("SHA-256"));
  return [...digest].map((b) => b.toString(16).padStart(2, "0").toUpperCase()).join(":");
}

function pem(label: string, der: Uint8Array): string {
  const base64 = Buffer.from(der).toString("base64");
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join("\n")}\n-----END ${label}-----\n`;
}

/**
 * The NC signing service (the second port, `INFOSEC_SIGN/1.0`). On a real NC the USB-Key's CFCA certificate
 * signs payment and receipt messages as PKCS#7; the ERP never holds the key, it posts the XML to the signing
 * port and puts the returned package in `reqData`.
 *
 * The package is what the real service returns: a CMS `SignedData` (RFC 5652, PKCS#7), DER, in base64 —
 *
 * - `encapContentInfo`: `id-data` with the attached content, the XML bytes exactly as posted (GBK);
 * - `certificates`: the signer's X.509 certificate (subject CN = the certificate id), issued by the sandbox's
 *   "ICBC test CA" (see `icbc-test-ca.ts`; the CA certificate is published as `credentials.caCertPem`);
 * - one `SignerInfo` (v1, issuer and serial number) with signed attributes `contentType`, `messageDigest`
 *   (SHA-256 of the content) and `signingTime` (the simulated clock), signed ECDSA P-256 with SHA-256.
 *
 * So any CMS implementation checks it, e.g. `openssl cms -verify -inform DER -in sig.der -CAfile ca.pem`.
 *
 * @module
 */
import { createHash, sign, verify, X509Certificate } from "node:crypto";
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  ContentInfo,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  id_signingTime,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  SigningTime,
} from "@peculiar/asn1-cms";
import { AsnConvert, AsnSerializer, OctetString } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import { Set as AsnSet, fromBER, ObjectIdentifier } from "asn1js";
import type { IcbcCodeName } from "./icbc-errors.js";
import { escapeXml } from "./icbc-messages.js";
import { commonName, type IcbcTestCa } from "./icbc-test-ca.js";

const ID_SHA256 = "2.16.840.1.101.3.4.2.1";
const ID_ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";

/** A decoded signed package: the parts of the SignedData the bank checks. */
export interface SignedPackage {
  /** The attached content: the signed XML bytes (GBK). */
  readonly content: Buffer;
  /** The signer's certificate from `certificates`, matched by the SignerInfo's issuer and serial number. */
  readonly signerCert: X509Certificate;
  /** The `signingTime` signed attribute. */
  readonly signingTime: Date;
  /** The subject CN of the signer certificate: the certificate id the package was signed for. */
  readonly certId: string | undefined;
  /** The DER of the signed attributes as a SET OF (what the signature covers). */
  readonly signedAttributes: Buffer;
  /** The `messageDigest` signed attribute: SHA-256 of `content` if nothing was altered. */
  readonly messageDigest: Buffer;
  /** The ECDSA P-256 / SHA-256 signature (DER `Ecdsa-Sig-Value`) over `signedAttributes`. */
  readonly signature: Buffer;
}

/**
 * Signs `content` with the CA-issued signer key and returns the CMS SignedData as base64 DER.
 *
 * @param signingTime the simulated clock's time, written as the `signingTime` attribute.
 */
export function signPackage(ca: IcbcTestCa, content: Uint8Array, signingTime: Date): string {
  const cert = AsnConvert.parse(ca.signerCert.raw, Certificate);
  const digest = createHash("sha256").update(content).digest();
  // DER orders a SET OF by the encodings of its elements; OpenSSL re-encodes the signed attributes that way
  // before checking the signature, so they must already be in that order.
  const signedAttrs = [
    attribute(id_contentType, new ObjectIdentifier({ value: id_data }).toBER()),
    attribute(id_messageDigest, AsnConvert.serialize(new OctetString(digest))),
    attribute(id_signingTime, AsnConvert.serialize(new SigningTime(signingTime))),
  ].sort((a, b) => Buffer.compare(Buffer.from(AsnConvert.serialize(a)), Buffer.from(AsnConvert.serialize(b))));
  const signerInfo = new SignerInfo({
    version: CMSVersion.v1,
    sid: new SignerIdentifier({
      issuerAndSerialNumber: new IssuerAndSerialNumber({
        issuer: cert.tbsCertificate.issuer,
        serialNumber: cert.tbsCertificate.serialNumber,
      }),
    }),
    digestAlgorithm: new DigestAlgorithmIdentifier({ algorithm: ID_SHA256 }),
    signedAttrs,
    signatureAlgorithm: new SignatureAlgorithmIdentifier({ algorithm: ID_ECDSA_WITH_SHA256 }),
    signature: new OctetString(0),
  });
  signerInfo.signature = new OctetString(sign("sha256", signedAttributesDer(signedAttrs), ca.signerKey));
  const signedData = new SignedData({
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new DigestAlgorithmIdentifier({ algorithm: ID_SHA256 })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: id_data,
      eContent: new EncapsulatedContent({ single: new OctetString(content) }),
    }),
    certificates: new CertificateSet([new CertificateChoices({ certificate: cert })]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  const contentInfo = new ContentInfo({ contentType: id_signedData, content: AsnConvert.serialize(signedData) });
  return Buffer.from(AsnConvert.serialize(contentInfo)).toString("base64");
}

/**
 * Reads a base64 CMS SignedData with attached `id-data` content, one SHA-256 / ECDSA-with-SHA-256
 * SignerInfo with signed attributes and its signer certificate; `undefined` when it is not one. Checks nothing cryptographic: see {@link checkPackage}.
 */
export function decodePackage(base64: string): SignedPackage | undefined {
  const trimmed = base64.replace(/\s+/g, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) return undefined;
  try {
    const contentInfo = AsnConvert.parse(Buffer.from(trimmed, "base64"), ContentInfo);
    if (contentInfo.contentType !== id_signedData) return undefined;
    const signedData = AsnConvert.parse(contentInfo.content, SignedData);
    const eContent = signedData.encapContentInfo.eContent?.single;
    const signerInfo = signedData.signerInfos.length === 1 ? signedData.signerInfos[0] : undefined;
    if (signedData.encapContentInfo.eContentType !== id_data || !eContent || !signerInfo) return undefined;
    // The bank's algorithms only: anything else is refused as a bad signature rather than half-checked.
    if (signerInfo.digestAlgorithm.algorithm !== ID_SHA256 || signerInfo.signatureAlgorithm.algorithm !== ID_ECDSA_WITH_SHA256) {
      return undefined;
    }
    const contentType = attributeValue(signerInfo, id_contentType);
    const messageDigest = attributeValue(signerInfo, id_messageDigest);
    const signingTime = attributeValue(signerInfo, id_signingTime);
    if (!signerInfo.signedAttrs || !contentType || !messageDigest || !signingTime) return undefined;
    if (!isOid(contentType, id_data)) return undefined;
    const certificate = signerCertificate(signedData, signerInfo);
    if (!certificate) return undefined;
    const signerCert = new X509Certificate(Buffer.from(AsnConvert.serialize(certificate)));
    return {
      content: Buffer.from(eContent.buffer),
      signerCert,
      signingTime: AsnConvert.parse(signingTime, SigningTime).getTime(),
      certId: commonName(signerCert),
      signedAttributes: signedAttributesDer(signerInfo.signedAttrs),
      messageDigest: Buffer.from(AsnConvert.parse(messageDigest, OctetString).buffer),
      signature: Buffer.from(signerInfo.signature.buffer),
    };
  } catch {
    return undefined;
  }
}

/** The outcome of {@link checkPackage}: the package, or the ICBC code to refuse it with. */
export type PackageCheck =
  | { readonly ok: true; readonly pkg: SignedPackage }
  | { readonly ok: false; readonly code: Extract<IcbcCodeName, "SIGN_INVALID" | "CERT_UNKNOWN"> };

/**
 * Checks a package as the bank does: it parses (else `SIGN_INVALID`); its signer certificate was issued by
 * the test CA and is within its validity at `realNowMs` (else `CERT_UNKNOWN`); the content's SHA-256 is the
 * `messageDigest` and the signature over the signed attributes verifies with the certificate's key (else
 * `SIGN_INVALID`); and, when `certId` is given, the certificate's CN is that id (else `SIGN_INVALID`: a
 * package signed for another certificate).
 */
export function checkPackage(
  ca: IcbcTestCa,
  base64: string,
  options: { readonly certId?: string; readonly realNowMs: number },
): PackageCheck {
  const pkg = decodePackage(base64);
  if (!pkg) return { ok: false, code: "SIGN_INVALID" };
  if (!issuedBy(pkg.signerCert, ca.caCert, options.realNowMs)) return { ok: false, code: "CERT_UNKNOWN" };
  const digest = createHash("sha256").update(pkg.content).digest();
  if (!digest.equals(pkg.messageDigest) || !verifies(pkg)) return { ok: false, code: "SIGN_INVALID" };
  if (options.certId !== undefined && pkg.certId !== options.certId) return { ok: false, code: "SIGN_INVALID" };
  return { ok: true, pkg };
}

function verifies(pkg: SignedPackage): boolean {
  try {
    return verify("sha256", pkg.signedAttributes, pkg.signerCert.publicKey, pkg.signature);
  } catch {
    return false;
  }
}

function issuedBy(cert: X509Certificate, caCert: X509Certificate, nowMs: number): boolean {
  try {
    const inValidity = Date.parse(cert.validFrom) <= nowMs && nowMs <= Date.parse(cert.validTo);
    return inValidity && cert.checkIssued(caCert) && cert.verify(caCert.publicKey);
  } catch {
    return false;
  }
}

/**
 * The signed attributes as the signature covers them: their DER as a SET OF (RFC 5652 §5.4), in the order
 * given. Re-encoding a parsed DER SignerInfo gives back the received bytes: attribute values are kept as
 * read, not re-interpreted.
 */
function signedAttributesDer(attributes: readonly Attribute[]): Buffer {
  return Buffer.from(new AsnSet({ value: attributes.map((a) => AsnSerializer.toASN(a)) }).toBER());
}

/** The single value of a signed attribute, or `undefined` when it is absent, repeated or multi-valued. */
function attributeValue(signerInfo: SignerInfo, type: string): ArrayBuffer | undefined {
  const found = (signerInfo.signedAttrs ?? []).filter((a) => a.attrType === type);
  return found.length === 1 && found[0]?.attrValues.length === 1 ? found[0].attrValues[0] : undefined;
}

/** Whether a DER value is exactly the OBJECT IDENTIFIER `oid`. */
function isOid(der: ArrayBuffer, oid: string): boolean {
  const { offset, result } = fromBER(der);
  return offset === der.byteLength && result instanceof ObjectIdentifier && result.getValue() === oid;
}

function attribute(type: string, value: ArrayBuffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [value] });
}

/** The certificate the SignerInfo names by issuer and serial number. */
function signerCertificate(signedData: SignedData, signerInfo: SignerInfo): Certificate | undefined {
  const sid = signerInfo.sid.issuerAndSerialNumber;
  if (!sid) return undefined;
  const issuer = Buffer.from(AsnConvert.serialize(sid.issuer));
  const serial = Buffer.from(sid.serialNumber);
  return (signedData.certificates ?? [])
    .map((choice) => choice.certificate)
    .find(
      (c) =>
        c !== undefined &&
        Buffer.from(AsnConvert.serialize(c.tbsCertificate.issuer)).equals(issuer) &&
        Buffer.from(c.tbsCertificate.serialNumber).equals(serial),
    );
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

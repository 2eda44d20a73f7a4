/**
 * The ICBC-NC wire codec: the HTTP form the ERP posts (`application/x-www-form-urlencoded`, values in
 * GBK), the `CMS/eb/pub|in|out/rd` XML inside it, and the `reqData=<base64 of GBK XML>` reply.
 *
 * @module
 */
import iconv from "iconv-lite";
import { child, childText, parseXmlTree, type XmlElement, xmlFields } from "../xml-tree.js";

export { child, children, childText, escapeXml, parseXmlTree, type XmlElement, type XmlFields, xmlFields } from "../xml-tree.js";

/** Decodes GBK/GB2312/GB18030 bytes (GB18030 is a superset of both, so one decoder reads all three). */
export function decodeGb(bytes: Uint8Array): string {
  return new TextDecoder("gb18030").decode(bytes);
}

/** Encodes text as GBK bytes (characters GBK lacks become `?`, as the bank's own encoder does). */
export function encodeGbk(text: string): Buffer {
  return iconv.encode(text, "gbk");
}

/**
 * Decodes an `application/x-www-form-urlencoded` body whose percent-escapes are GBK bytes (what a Java or
 * Delphi ERP client posting with `charset=GBK` sends). A name given twice keeps its first value.
 */
export function decodeGbkForm(body: Uint8Array): Map<string, string> {
  const fields = new Map<string, string>();
  const text = Buffer.from(body).toString("latin1");
  for (const pair of text.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decodeGb(percentDecode(eq < 0 ? pair : pair.slice(0, eq)));
    const value = decodeGb(percentDecode(eq < 0 ? "" : pair.slice(eq + 1)));
    if (!fields.has(name)) fields.set(name, value);
  }
  return fields;
}

/** Percent-decodes a latin1 string to bytes; `+` is a space; a broken escape is kept as written. */
function percentDecode(text: string): Buffer {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2b) bytes.push(0x20);
    else if (c === 0x25 && /^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(text.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(c & 0xff);
  }
  return Buffer.from(bytes);
}

/** Encodes form fields as the ERP client does: GBK bytes, percent-escaped. */
export function encodeGbkForm(fields: Readonly<Record<string, string>>): string {
  const part = (s: string): string => {
    let out = "";
    for (const b of encodeGbk(s)) {
      const ch = String.fromCharCode(b);
      out += /[A-Za-z0-9*\-._]/.test(ch) ? ch : b === 0x20 ? "+" : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    }
    return out;
  };
  return Object.entries(fields)
    .map(([k, v]) => `${part(k)}=${part(v)}`)
    .join("&");
}

/** The `pub` block of a request, as the client sent it. */
export interface IcbcPub {
  readonly TransCode: string;
  readonly CIS: string;
  readonly BankCode: string;
  readonly ID: string;
  readonly TranDate: string;
  readonly TranTime: string;
  readonly fSeqno: string;
}

/** A parsed `<CMS><eb><pub/><in/></eb></CMS>` request. */
export interface IcbcRequest {
  readonly pub: IcbcPub;
  /** The `in` element (may be absent for a malformed request). */
  readonly in: XmlElement | undefined;
}

/** Reads the request XML. Throws on malformed XML or a document that is not `CMS/eb/pub`. */
export function parseIcbcRequest(xml: string): IcbcRequest {
  const root = parseXmlTree(xml);
  const eb = child(root, "eb");
  const pub = child(eb, "pub");
  if (root.name !== "CMS" || !eb || !pub) throw new Error("not a CMS/eb/pub document");
  const field = (n: keyof IcbcPub): string => childText(pub, n);
  return {
    pub: {
      TransCode: field("TransCode"),
      CIS: field("CIS"),
      BankCode: field("BankCode"),
      ID: field("ID"),
      TranDate: field("TranDate"),
      TranTime: field("TranTime"),
      fSeqno: field("fSeqno"),
    },
    in: child(eb, "in"),
  };
}

/** What the bank answers in `pub`, besides the echoed request fields. */
export interface IcbcReplyStatus {
  readonly RetCode: string;
  readonly RetMsg: string;
}

/** Builds the reply XML: `pub` (echo + bank time + RetCode/RetMsg) and an optional `out` body. */
export function buildIcbcReplyXml(
  pub: Partial<IcbcPub>,
  bankTime: { readonly date: string; readonly time: string },
  status: IcbcReplyStatus,
  out?: string,
): string {
  const pubXml = xmlFields([
    ["TransCode", pub.TransCode ?? ""],
    ["CIS", pub.CIS ?? ""],
    ["BankCode", "102"],
    ["ID", pub.ID ?? ""],
    ["TranDate", bankTime.date],
    ["TranTime", bankTime.time],
    ["fSeqno", pub.fSeqno ?? ""],
    ["RetCode", status.RetCode],
    ["RetMsg", status.RetMsg],
  ]);
  return `<?xml version="1.0" encoding="GBK"?><CMS><eb><pub>${pubXml}</pub>${out === undefined ? "" : `<out>${out}</out>`}</eb></CMS>`;
}

/** The HTTP body of a reply: `reqData=` + base64 of the GBK bytes. */
export function encodeIcbcReplyBody(xml: string): Buffer {
  return Buffer.from(`reqData=${encodeGbk(xml).toString("base64")}`, "latin1");
}

/** Reads a reply body back to XML (for clients and tests). Throws when it is not `reqData=<base64>`. */
export function decodeIcbcReplyBody(body: Uint8Array): string {
  const text = Buffer.from(body).toString("latin1");
  if (!text.startsWith("reqData=")) throw new Error(`not a reqData reply: ${text.slice(0, 60)}`);
  return decodeGb(Buffer.from(text.slice("reqData=".length), "base64"));
}

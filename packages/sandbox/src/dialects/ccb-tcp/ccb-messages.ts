/**
 * The CCB wire codec: the `TX` envelope, GB2312 in and GB18030 out, and the host's fixed-width fields padded
 * with trailing spaces.
 *
 * @module
 */
import iconv from "iconv-lite";
import { child, childText, parseXmlTree, type XmlElement, xmlFields } from "../xml-tree.js";

export { child, children, childText, type XmlElement } from "../xml-tree.js";

/** A parsed request envelope. */
export interface CcbRequest {
  readonly REQUEST_SN: string;
  readonly CUST_ID: string;
  readonly USER_ID: string;
  readonly PASSWORD: string;
  readonly TX_CODE: string;
  readonly LANGUAGE: string;
  readonly TX_INFO: XmlElement | undefined;
}

/**
 * Decodes request bytes. The declaration says GB2312; clients often send GBK characters anyway, so the bytes
 * are read as GB18030 (a superset of both), as the real 前置机 does.
 */
export function decodeCcbRequest(bytes: Uint8Array): string {
  return new TextDecoder("gb18030").decode(bytes);
}

/** Reads the `TX` envelope; throws on malformed XML or another root. */
export function parseCcbRequest(xml: string): CcbRequest {
  const root = parseXmlTree(xml);
  if (root.name !== "TX") throw new Error("root is not TX");
  const f = (n: string): string => childText(root, n);
  return {
    REQUEST_SN: f("REQUEST_SN"),
    CUST_ID: f("CUST_ID"),
    USER_ID: f("USER_ID"),
    PASSWORD: f("PASSWORD"),
    TX_CODE: f("TX_CODE"),
    LANGUAGE: f("LANGUAGE"),
    TX_INFO: child(root, "TX_INFO"),
  };
}

/** The envelope of a reply: echo of the request, the return code and message, and the body. */
export function buildCcbReplyXml(
  request: Partial<Pick<CcbRequest, "REQUEST_SN" | "CUST_ID" | "TX_CODE">>,
  status: { readonly code: string; readonly message: string },
  txInfo?: string,
): string {
  // The reply names the language tag LANGUAGES (the request says LANGUAGE): a vendor quirk kept verbatim.
  const head = xmlFields([
    ["REQUEST_SN", request.REQUEST_SN ?? ""],
    ["CUST_ID", request.CUST_ID ?? ""],
    ["TX_CODE", request.TX_CODE ?? ""],
    ["RETURN_CODE", status.code],
    ["RETURN_MSG", status.message],
    ["LANGUAGES", "CN"],
  ]);
  return `<?xml version="1.0" encoding="GB18030" standalone="yes"?><TX>${head}${txInfo === undefined ? "" : `<TX_INFO>${txInfo}</TX_INFO>`}</TX>`;
}

/** Encodes a reply as GB18030 bytes (every Unicode character has a GB18030 encoding). */
export function encodeGb18030(text: string): Buffer {
  return iconv.encode(text, "gb18030");
}

/** Encodes a request as the ERP does: GB2312 (iconv-lite's gb2312 is GBK, a superset used by real clients too). */
export function encodeGb2312(text: string): Buffer {
  return iconv.encode(text, "gb2312");
}

/**
 * Pads `text` with trailing spaces to `width` GB18030 bytes, as the host's fixed-width fields arrive (text
 * already longer is left as it is).
 */
export function padField(text: string, width: number): string {
  const bytes = encodeGb18030(text).length;
  return bytes >= width ? text : text + " ".repeat(width - bytes);
}

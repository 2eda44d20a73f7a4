/**
 * A small ICBC-NC client for tests: posts GBK forms over real HTTP (node:http, so a test can choose the
 * local address), signs through the signing port, and reads replies back into trees.
 */
import { request } from "node:http";
import type { EndpointInfo } from "../../../service.js";
import {
  child,
  childText,
  decodeGb,
  decodeIcbcReplyBody,
  encodeGbk,
  encodeGbkForm,
  parseXmlTree,
  type XmlElement,
} from "../icbc-messages.js";

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

export function httpPost(
  url: string,
  body: Buffer,
  contentType: string,
  options: { localAddress?: string; timeoutMs?: number } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        headers: { "Content-Type": contentType, "Content-Length": body.length },
        localAddress: options.localAddress,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (options.timeoutMs) req.setTimeout(options.timeoutMs, () => req.destroy(new Error("client timeout")));
    req.end(body);
  });
}

export interface IcbcCall {
  readonly transCode: string;
  readonly fSeqno: string;
  readonly inXml: string;
  readonly cis?: string;
  readonly id?: string;
  /** A prebuilt reqData (signed package or deliberately broken XML). */
  readonly reqData?: string;
  readonly localAddress?: string;
}

export function icbcClient(endpoint: EndpointInfo) {
  const cis = endpoint.credentials.GroupCIS ?? "";
  const id = endpoint.credentials.ID ?? "";
  const xmlOf = (call: Pick<IcbcCall, "transCode" | "fSeqno" | "inXml" | "cis" | "id">): string =>
    `<?xml version="1.0" encoding="GBK"?><CMS><eb><pub><TransCode>${call.transCode}</TransCode><CIS>${call.cis ?? cis}</CIS>` +
    `<BankCode>102</BankCode><ID>${call.id ?? id}</ID><TranDate>20260302</TranDate><TranTime>101500000000</TranTime>` +
    `<fSeqno>${call.fSeqno}</fSeqno></pub><in>${call.inXml}</in></eb></CMS>`;
  const post = async (call: IcbcCall): Promise<HttpReply> => {
    const form = encodeGbkForm({
      Version: "0.0.1.0",
      TransCode: call.transCode,
      BankCode: "102",
      GroupCIS: call.cis ?? cis,
      ID: call.id ?? id,
      PackageID: call.fSeqno,
      Cert: "",
      reqData: call.reqData ?? xmlOf(call),
    });
    const url = `${endpoint.url}?userID=${encodeURIComponent(call.id ?? id)}&PackageID=${encodeURIComponent(call.fSeqno)}&SendTime=20260302101500000`;
    return httpPost(url, Buffer.from(form, "latin1"), "application/x-www-form-urlencoded; charset=GBK", {
      localAddress: call.localAddress,
    });
  };
  return {
    xmlOf,
    post,
    /** Posts and reads the reply tree (throws on a non-reqData reply). */
    async call(call: IcbcCall): Promise<XmlElement> {
      const reply = await post(call);
      return parseXmlTree(decodeIcbcReplyBody(reply.body));
    },
    /** Signs the XML on the signing port; returns the package (base64) or throws with the port's result. */
    async sign(xml: string): Promise<string> {
      const reply = await httpPost(endpoint.urls?.signing ?? "", encodeGbk(xml), "INFOSEC_SIGN/1.0");
      const text = reply.body.toString("latin1");
      const m = /<result>(\d+)<\/result>.*<sign>([^<]*)<\/sign>/s.exec(text);
      if (m?.[1] !== "0") throw new Error(`signing refused: ${text}`);
      return m[2] ?? "";
    },
    /** Has the signing port check a package (`INFOSEC_VERIFY_SIGN/1.0`): its `result` and the signed XML (`sic`). */
    async verifySigned(pkg: string): Promise<{ result: string; sic: string }> {
      const reply = await httpPost(endpoint.urls?.signing ?? "", Buffer.from(pkg, "latin1"), "INFOSEC_VERIFY_SIGN/1.0");
      const html = parseXmlTree(decodeGb(reply.body));
      return { result: childText(child(html, "head"), "result"), sic: childText(child(html, "body"), "sic") };
    },
  };
}

/** `pub/RetCode` of a reply tree. */
export function retCode(reply: XmlElement): string {
  const pub = reply.children.find((c) => c.name === "eb")?.children.find((c) => c.name === "pub");
  return pub?.children.find((c) => c.name === "RetCode")?.text ?? "";
}

/** The `out` element of a reply tree. */
export function outOf(reply: XmlElement): XmlElement | undefined {
  return reply.children.find((c) => c.name === "eb")?.children.find((c) => c.name === "out");
}

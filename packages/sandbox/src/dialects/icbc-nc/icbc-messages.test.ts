import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../../random/seeded-random.js";
import { bankClock, db2Timestamp, isoFromYmd } from "./icbc-fields.js";
import {
  buildIcbcReplyXml,
  decodeGbkForm,
  decodeIcbcReplyBody,
  encodeGbkForm,
  encodeIcbcReplyBody,
  parseIcbcRequest,
  parseXmlTree,
} from "./icbc-messages.js";
import { decodePackage, deriveSigningKey, signPackage, verifyPackage } from "./icbc-signing.js";

describe("ICBC-NC codec", () => {
  it("round-trips a GBK form with Chinese text, + and % in values", () => {
    const body = Buffer.from(encodeGbkForm({ TransCode: "QHISD", reqData: "<a>工商银行 1+1=2 100%</a>" }), "latin1");
    expect(body.toString("latin1")).toContain("%B9%A4"); // 工 in GBK
    const form = decodeGbkForm(body);
    expect(form.get("reqData")).toBe("<a>工商银行 1+1=2 100%</a>");
    expect(form.get("TransCode")).toBe("QHISD");
  });

  it("reads the CMS/eb/pub/in envelope and refuses other documents", () => {
    const req = parseIcbcRequest(
      `<?xml version="1.0" encoding="GBK"?><CMS><eb><pub><TransCode>QACCBAL</TransCode><CIS>1</CIS><BankCode>102</BankCode><ID>x</ID><fSeqno>9</fSeqno></pub><in><rd><AccNo> 123 </AccNo></rd></in></eb></CMS>`,
    );
    expect(req.pub).toMatchObject({ TransCode: "QACCBAL", fSeqno: "9", TranDate: "" });
    expect(req.in?.children[0]?.children[0]).toEqual({ name: "AccNo", text: "123", children: [] });
    expect(() => parseIcbcRequest("<TX><a/></TX>")).toThrow();
    expect(() => parseXmlTree("<CMS><eb></CMS>")).toThrow();
  });

  it("answers reqData=<base64 of GBK XML> that decodes back, characters outside GBK aside", () => {
    const xml = buildIcbcReplyXml(
      { TransCode: "QHISD", fSeqno: "1" },
      { date: "20260302", time: "101500000000" },
      { RetCode: "0", RetMsg: "交易成功" },
      "<AccName>深圳</AccName>",
    );
    const body = encodeIcbcReplyBody(xml);
    expect(body.toString("latin1")).toMatch(/^reqData=[A-Za-z0-9+/]+=*$/);
    expect(decodeIcbcReplyBody(body)).toBe(xml);
  });

  it("writes ICBC dates and DB2 timestamps in the bank's zone", () => {
    expect(bankClock(Date.UTC(2026, 2, 1, 17, 5, 9, 42), 480)).toEqual({
      date: "20260302",
      time: "010509042000",
      timestamp: "2026-03-02-01.05.09.042000",
    });
    expect(db2Timestamp("2026-01-21T09:59:03+08:00")).toBe("2026-01-21-09.59.03.000000");
    expect(isoFromYmd("20260230")).toBeUndefined();
    expect(isoFromYmd("20260228")).toBe("2026-02-28");
  });

  it("signs deterministically from the seed and rejects truncated or altered packages", () => {
    const key = deriveSigningKey(createSeededRandom("k"));
    expect(deriveSigningKey(createSeededRandom("k")).publicKeyPem).toBe(key.publicKeyPem);
    const pkg = signPackage(key, "cert.y.1", Buffer.from("<CMS/>"));
    const decoded = decodePackage(pkg);
    expect(decoded?.certId).toBe("cert.y.1");
    expect(decoded && verifyPackage(key, decoded)).toBe(true);
    const bytes = Buffer.from(pkg, "base64");
    expect(decodePackage(bytes.subarray(0, bytes.length - 1).toString("base64"))).toBeUndefined();
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    const altered = decodePackage(bytes.toString("base64"));
    expect(altered && verifyPackage(key, altered)).toBe(false);
    expect(decodePackage("<CMS/>")).toBeUndefined();
  });
});

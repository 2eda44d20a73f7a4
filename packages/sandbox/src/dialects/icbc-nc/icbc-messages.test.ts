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
import { checkPackage, decodePackage, signPackage } from "./icbc-signing.js";
import { createIcbcTestCa } from "./icbc-test-ca.js";

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

  it("signs a CMS SignedData with seed-derived keys and refuses altered, foreign or mis-addressed packages", async () => {
    const NOW = Date.UTC(2026, 2, 2);
    const ca = await createIcbcTestCa(createSeededRandom("k"), { certId: "cert.y.1", realNow: () => NOW });
    const again = await createIcbcTestCa(createSeededRandom("k"), { certId: "cert.y.1", realNow: () => NOW });
    expect(again.caCert.publicKey.export({ type: "spki", format: "pem" })).toBe(
      ca.caCert.publicKey.export({ type: "spki", format: "pem" }),
    );
    expect(again.signerCert.publicKey.export({ type: "spki", format: "pem" })).toBe(
      ca.signerCert.publicKey.export({ type: "spki", format: "pem" }),
    );
    expect(ca.signerCert.verify(ca.caCert.publicKey)).toBe(true);

    const content = Buffer.from("<CMS>工商</CMS>");
    const signingTime = new Date(Date.UTC(2026, 2, 2, 2, 15, 0));
    const pkg = signPackage(ca, content, signingTime);
    const decoded = decodePackage(pkg);
    expect(decoded?.certId).toBe("cert.y.1");
    expect(decoded?.content.equals(content)).toBe(true);
    expect(decoded?.signingTime.getTime()).toBe(signingTime.getTime());
    const check = checkPackage(ca, pkg, { certId: "cert.y.1", realNowMs: NOW });
    expect(check.ok).toBe(true);

    expect(checkPackage(ca, pkg, { certId: "cert.y.2", realNowMs: NOW })).toEqual({ ok: false, code: "SIGN_INVALID" });
    // Outside the certificate's validity (real time), or signed under another CA: an unknown certificate.
    expect(checkPackage(ca, pkg, { realNowMs: NOW + 400 * 86_400_000 })).toEqual({ ok: false, code: "CERT_UNKNOWN" });
    const stranger = await createIcbcTestCa(createSeededRandom("other"), { certId: "cert.y.1", realNow: () => NOW });
    expect(checkPackage(ca, signPackage(stranger, content, signingTime), { realNowMs: NOW })).toEqual({ ok: false, code: "CERT_UNKNOWN" });

    const bytes = Buffer.from(pkg, "base64");
    expect(decodePackage(bytes.subarray(0, bytes.length - 1).toString("base64"))).toBeUndefined();
    const altered = Buffer.from(bytes);
    const at = altered.indexOf(Buffer.from("CMS"));
    altered[at] = (altered[at] ?? 0) ^ 1;
    expect(checkPackage(ca, altered.toString("base64"), { realNowMs: NOW })).toEqual({ ok: false, code: "SIGN_INVALID" });
    const badSignature = Buffer.from(bytes);
    badSignature[badSignature.length - 1] = (badSignature[badSignature.length - 1] ?? 0) ^ 1;
    expect(checkPackage(ca, badSignature.toString("base64"), { realNowMs: NOW })).toEqual({ ok: false, code: "SIGN_INVALID" });
    expect(decodePackage("<CMS/>")).toBeUndefined();
  });
});

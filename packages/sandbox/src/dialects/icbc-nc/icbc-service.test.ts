import { afterEach, describe, expect, it } from "vitest";
import { createSimClock, type SimClock } from "../../clock/sim-clock.js";
import { createFaultPlan } from "../../faults/create-fault-plan.js";
import { parseFaultScenario } from "../../faults/fault-scenario.js";
import type { FaultAction, FaultPlan, PageFaults } from "../../faults/fault-types.js";
import { noFaults } from "../../faults/no-faults.js";
import { createLedger } from "../../ledger/create-ledger.js";
import type { Ledger } from "../../ledger/ledger-types.js";
import { createPaymentEngine } from "../../payments/create-payment-engine.js";
import type { PaymentEngine } from "../../payments/payment-types.js";
import { createSeededRandom } from "../../random/seeded-random.js";
import type { RunningService } from "../../service.js";
import { child, children, childText, decodeIcbcReplyBody, encodeGbk, parseXmlTree, type XmlElement } from "./icbc-messages.js";
import { createIcbcNcService, type IcbcNcOptions, startIcbcNc } from "./icbc-service.js";
import { decodePackage } from "./icbc-signing.js";
import { httpPost, icbcClient, outOf, retCode } from "./test-support/icbc-client.js";
import { hasOpenssl, opensslCmsVerify } from "./test-support/openssl-cms.js";

const START = Date.UTC(2026, 2, 2, 2, 0, 0); // 10:00 in Beijing
const DAY = 86_400_000;

interface World {
  clock: SimClock;
  ledger: Ledger;
  payments: PaymentEngine;
  service: RunningService;
  client: ReturnType<typeof icbcClient>;
}

const running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function world(options: { faults?: FaultPlan; icbc?: IcbcNcOptions; serviceSeed?: string } = {}): Promise<World> {
  const clock = createSimClock({ startMs: START });
  const ledger = createLedger({ seed: "icbc-test", clock, historyDays: 40 });
  const payments = createPaymentEngine({
    ledger,
    clock,
    random: createSeededRandom("pay"),
    outcomes: { S: 1 },
    manualApprovalRate: 0,
    suspiciousRate: 0,
  });
  const factory = options.icbc ? createIcbcNcService(options.icbc) : startIcbcNc;
  const service = await factory(
    {
      ledger,
      payments,
      clock,
      faults: options.faults ?? noFaults,
      random: createSeededRandom(options.serviceSeed ?? "icbc-test/service"),
      logger: { info() {}, warn() {} },
      host: "127.0.0.1",
    },
    { port: 0 },
  );
  running.push(service);
  return { clock, ledger, payments, service, client: icbcClient(service.endpoint) };
}

const rdText = (rd: XmlElement, name: string): string => childText(rd, name);
const ymd = (iso: string): string => iso.replaceAll("-", "");
const shift = (iso: string, days: number): string => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);

/** Reads a whole QHISD range page by page, echoing NextTag; returns every rd served and the page count. */
async function readHistory(
  w: World,
  accNo: string,
  begin: string,
  end: string,
  seq: { n: number },
): Promise<{ rds: XmlElement[]; pages: number; totalNum: string }> {
  const rds: XmlElement[] = [];
  let tag = "";
  let pages = 0;
  let totalNum = "";
  do {
    const reply = await w.client.call({
      transCode: "QHISD",
      fSeqno: `Q${++seq.n}`,
      inXml: `<AccNo>${accNo}</AccNo><BeginDate>${ymd(begin)}</BeginDate><EndDate>${ymd(end)}</EndDate><MinAmt/><MaxAmt/><NextTag>${tag}</NextTag>`,
    });
    expect(retCode(reply)).toBe("0");
    const out = outOf(reply);
    rds.push(...children(out, "rd"));
    tag = childText(out, "NextTag");
    totalNum = childText(out, "TotalNum");
    pages++;
    expect(pages).toBeLessThan(50);
  } while (tag !== "");
  return { rds, pages, totalNum };
}

describe("ICBC-NC front end", () => {
  it("pages QHISD with NextTag and returns every booked transaction of the account exactly once, fen amounts and Drcrf right", async () => {
    const w = await world({ icbc: { pageSize: 20 } });
    const account = [...w.ledger.accounts("icbc")].sort(
      (a, b) => w.ledger.transactions(b.id).length - w.ledger.transactions(a.id).length,
    )[0]!;
    const today = w.ledger.today("icbc");
    const seq = { n: 0 };
    const served: XmlElement[] = [];
    let pages = 0;
    // 31-day windows from the first day of history to yesterday (QHISD is history only).
    for (let begin: string = account.openedOn; begin < today; begin = shift(begin, 31)) {
      const end = shift(begin, 30) < today ? shift(begin, 30) : shift(today, -1);
      const part = await readHistory(w, account.id, begin, end, seq);
      expect(Number(part.totalNum)).toBe(part.rds.length);
      served.push(...part.rds);
      pages += part.pages;
    }
    expect(pages).toBeGreaterThan(3);
    const expected = w.ledger.transactions(account.id, { to: shift(today, -1) as never });
    expect(expected.length).toBeGreaterThan(40);
    expect(served.map((rd) => rdText(rd, "OnlySequence"))).toEqual(expected.map((t) => t.id));
    for (const [i, tx] of expected.entries()) {
      const rd = served[i]!;
      const debit = tx.amount < 0n;
      expect(rdText(rd, "Drcrf")).toBe(debit ? "1" : "2");
      expect(rdText(rd, debit ? "DebitAmount" : "CreditAmount")).toBe(String(debit ? -tx.amount : tx.amount));
      expect(rdText(rd, debit ? "CreditAmount" : "DebitAmount")).toBe("0");
      expect(rdText(rd, "Balance")).toBe(String(tx.balanceAfter));
      expect(rdText(rd, "Date")).toBe(ymd(tx.bookingDate));
      expect(rdText(rd, "RecipName")).toBe(tx.counterparty.name);
      expect(rdText(rd, "Summary")).toBe(tx.summary);
      expect(rdText(rd, "Toutfo").split("|")).toHaveLength(4);
      expect(rdText(rd, "UpDtranf")).toBe(tx.reversalOf ? "1" : tx.kind === "reversal" ? "1" : "0");
    }
    // The running balance closes: opening + every amount = the last Balance.
    const sum = served.reduce(
      (s, rd) => s + BigInt(rdText(rd, "CreditAmount")) - BigInt(rdText(rd, "DebitAmount")),
      account.openingBalance,
    );
    expect(String(sum)).toBe(rdText(served[served.length - 1]!, "Balance"));
  });

  it("refuses a range over 31 days, an end date of today, and a NextTag it did not issue", async () => {
    const w = await world();
    const acc = w.ledger.accounts("icbc")[0]!.id;
    const today = w.ledger.today("icbc");
    const ask = (begin: string, end: string, tag = "") =>
      w.client.call({
        transCode: "QHISD",
        fSeqno: `R${begin}${end}${tag.length}`,
        inXml: `<AccNo>${acc}</AccNo><BeginDate>${ymd(begin)}</BeginDate><EndDate>${ymd(end)}</EndDate><NextTag>${tag}</NextTag>`,
      });
    expect(retCode(await ask(shift(today, -35), shift(today, -1)))).toBe("B0011");
    expect(retCode(await ask(shift(today, -3), today))).toBe("B0012");
    expect(retCode(await ask(shift(today, -3), shift(today, -1), "MTIzOmZvbw=="))).toBe("B0013");
    // QPD serves today's bookings in the same shape.
    w.clock.advance(8 * 3_600_000);
    const qpd = await w.client.call({ transCode: "QPD", fSeqno: "QPD1", inXml: `<AccNo>${acc}</AccNo><NextTag/>` });
    expect(retCode(qpd)).toBe("0");
    expect(children(outOf(qpd), "rd").map((rd) => rdText(rd, "OnlySequence"))).toEqual(
      w.ledger.transactions(acc, { from: today as never, to: today as never }).map((t) => t.id),
    );
  });

  it("answers QACCBAL per row: balances in fen for known accounts, iRetCode B0101 for an unknown one", async () => {
    const w = await world();
    const [a, b] = w.ledger.accounts("icbc");
    const reply = await w.client.call({
      transCode: "QACCBAL",
      fSeqno: "B1",
      inXml: `<TotalNum>3</TotalNum><rd><AccNo>${a!.id}</AccNo></rd><rd><AccNo>6222999999999999999</AccNo></rd><rd><AccNo>${b!.id}</AccNo></rd>`,
    });
    expect(retCode(reply)).toBe("0");
    const rds = children(outOf(reply), "rd");
    expect(rds.map((rd) => rdText(rd, "iRetCode"))).toEqual(["0", "B0101", "0"]);
    for (const [rd, acc] of [
      [rds[0]!, a!],
      [rds[2]!, b!],
    ] as const) {
      const bal = w.ledger.balances(acc.id);
      expect(rdText(rd, "Balance")).toBe(String(bal.online));
      expect(rdText(rd, "UsableBalance")).toBe(String(bal.available));
      expect(rdText(rd, "AccBalance")).toBe(String(bal.previousDay));
      expect(rdText(rd, "FrzAmt")).toBe(String(bal.frozen));
    }
  });

  it("refuses an unsigned PAYENT, executes a signed one once, and refuses the resend of the same fSeqno", async () => {
    const w = await world();
    const payer = w.ledger.accounts("icbc").find((a) => a.currency === "CNY" && a.status === "A")!;
    const inXml =
      `<OnlBatF>1</OnlBatF><SettleMode>0</SettleMode><TotalNum>1</TotalNum><TotalAmt>123456</TotalAmt><SignTime>20260302101500000</SignTime>` +
      `<rd><iSeqno>1</iSeqno><PayType>1</PayType><PayAccNo>${payer.id}</PayAccNo><PayAccNameCN>${payer.holderName}</PayAccNameCN>` +
      `<RecAccNo>6222000011112222</RecAccNo><RecAccNameCN>上海供应商有限公司</RecAccNameCN><SysIOFlg>2</SysIOFlg><IsSameCity>1</IsSameCity>` +
      `<RecBankNo>102290000012</RecBankNo><RecBankName>中国工商银行上海分行</RecBankName><CurrType>001</CurrType><PayAmt>123456</PayAmt>` +
      `<UseCN>货款</UseCN><PostScript>INV-2026-0012</PostScript><Summary>货款</Summary><ERPSqn>ERP0001</ERPSqn></rd>`;
    const call = { transCode: "PAYENT", fSeqno: "PAY20260302001", inXml };
    expect(retCode(await w.client.call(call))).toBe("B0004");
    expect(w.payments.list()).toHaveLength(0);

    const xml = w.client.xmlOf(call);
    const signed = await w.client.sign(xml);
    // A CMS SignedData with the exact GBK bytes attached, signed by the certificate issued for our ID.
    const pkg = decodePackage(signed)!;
    expect(pkg.content.equals(encodeGbk(xml))).toBe(true);
    expect(pkg.certId).toBe("bankbridge.y.1202");
    expect(pkg.signingTime.getTime()).toBe(Math.floor(w.clock.now() / 1000) * 1000);
    expect(pkg.signerCert.toString().trim()).toBe(w.service.endpoint.credentials.signingCertPem?.trim());

    // A package whose content was changed after signing is refused.
    const tampered = Buffer.from(signed, "base64");
    const at = tampered.indexOf(Buffer.from("123456"));
    tampered[at] = 0x39;
    expect(retCode(await w.client.call({ ...call, reqData: tampered.toString("base64") }))).toBe("B0005");
    // Signed for another certificate id than the one the request logs in with.
    expect(retCode(await w.client.call({ ...call, id: "someone.y.0000", reqData: signed }))).toBe("B0005");
    expect(w.payments.list()).toHaveLength(0);

    const first = await w.client.call({ ...call, reqData: signed });
    expect(retCode(first)).toBe("0");
    expect(children(outOf(first), "rd").map((rd) => rdText(rd, "iRetCode"))).toEqual(["0"]);
    expect(w.payments.list()).toHaveLength(1);

    const again = await w.client.call({ ...call, reqData: signed });
    expect(retCode(again)).toBe("B0201");
    expect(w.payments.list()).toHaveLength(1);

    w.clock.advance(2 * 3_600_000);
    const status = await w.client.call({ transCode: "QPAYENT", fSeqno: "QP1", inXml: "<QryfSeqno>PAY20260302001</QryfSeqno>" });
    expect(retCode(status)).toBe("0");
    const rd = children(outOf(status), "rd");
    expect(rd.map((r) => rdText(r, "Result"))).toEqual(["7"]);
    const debits = w.ledger.transactions(payer.id, { from: w.ledger.today("icbc") }).filter((t) => t.clientReference === "PAY20260302001");
    expect(debits.map((t) => t.amount)).toEqual([-123456n]);
    expect(retCode(await w.client.call({ transCode: "QPAYENT", fSeqno: "QP2", inXml: "<QryfSeqno>NOPE</QryfSeqno>" }))).toBe("B0202");
  });

  it.skipIf(!hasOpenssl)(
    "signs a CMS SignedData that the OpenSSL CLI verifies against the published CA, and a tampered one neither",
    async () => {
      const w = await world();
      const payer = w.ledger.accounts("icbc").find((a) => a.currency === "CNY" && a.status === "A")!;
      const call = {
        transCode: "PAYENT",
        fSeqno: "PAY20260302099",
        inXml:
          `<OnlBatF>1</OnlBatF><SettleMode>0</SettleMode><TotalNum>1</TotalNum><TotalAmt>500</TotalAmt><SignTime>20260302101500000</SignTime>` +
          `<rd><iSeqno>1</iSeqno><PayType>1</PayType><PayAccNo>${payer.id}</PayAccNo><PayAccNameCN>${payer.holderName}</PayAccNameCN>` +
          `<RecAccNo>6222000011112222</RecAccNo><RecAccNameCN>上海供应商有限公司</RecAccNameCN><SysIOFlg>2</SysIOFlg><IsSameCity>1</IsSameCity>` +
          `<RecBankNo>102290000012</RecBankNo><RecBankName>中国工商银行上海分行</RecBankName><CurrType>001</CurrType><PayAmt>500</PayAmt>` +
          `<UseCN>货款</UseCN><PostScript>INV-2026-0099</PostScript><Summary>货款</Summary><ERPSqn>ERP0099</ERPSqn></rd>`,
      };
      const xml = w.client.xmlOf(call);
      const signed = await w.client.sign(xml);
      const { caCertPem } = w.service.endpoint.credentials;
      const verdict = opensslCmsVerify(signed, caCertPem ?? "");
      expect(verdict.stderr).toContain("Verification successful");
      expect(verdict.verified).toBe(true);
      expect(verdict.content.equals(encodeGbk(xml))).toBe(true);
      // The signing port's own check (INFOSEC_VERIFY_SIGN) agrees and gives the XML back.
      expect(await w.client.verifySigned(signed)).toEqual({ result: "0", sic: xml });

      const tampered = Buffer.from(signed, "base64");
      const at = tampered.indexOf(Buffer.from("INV-2026-0099"));
      tampered[at + 12] = 0x38;
      expect(opensslCmsVerify(tampered.toString("base64"), caCertPem ?? "").verified).toBe(false);
      expect((await w.client.verifySigned(tampered.toString("base64"))).result).toBe("5");
      expect(retCode(await w.client.call({ ...call, reqData: tampered.toString("base64") }))).toBe("B0005");
      // Signed by another bank's test CA (another seed) for the same ID: OpenSSL refuses it against our CA, the bank
      // does not know the certificate.
      const other = await world({ serviceSeed: "another-bank" });
      const foreign = await other.client.sign(xml);
      expect(opensslCmsVerify(foreign, other.service.endpoint.credentials.caCertPem ?? "").verified).toBe(true);
      expect(opensslCmsVerify(foreign, caCertPem ?? "").verified).toBe(false);
      expect(retCode(await w.client.call({ ...call, reqData: foreign }))).toBe("B0002");
      expect(w.payments.list()).toHaveLength(0);

      expect(retCode(await w.client.call({ ...call, reqData: signed }))).toBe("0");
    },
  );

  it("serves a receipt PDF for a history record's Toutfo through a signed DownEBill", async () => {
    const w = await world();
    const acc = w.ledger.accounts("icbc")[0]!;
    const tx = w.ledger.transactions(acc.id)[0]!;
    const hist = await w.client.call({
      transCode: "QHISD",
      fSeqno: "H1",
      inXml: `<AccNo>${acc.id}</AccNo><BeginDate>${ymd(tx.bookingDate)}</BeginDate><EndDate>${ymd(tx.bookingDate)}</EndDate><NextTag/>`,
    });
    const rd = children(outOf(hist), "rd").find((r) => rdText(r, "OnlySequence") === tx.id)!;
    const [AreaCode, NetCode, TellerNo, TranSerialNo] = rdText(rd, "Toutfo").split("|");
    const call = {
      transCode: "DownEBill",
      fSeqno: "E1",
      inXml: `<AcctNo>${acc.id}</AcctNo><CurrencyType>001</CurrencyType><AreaCode>${AreaCode}</AreaCode><NetCode>${NetCode}</NetCode><TellerNo>${TellerNo}</TellerNo><WorkDate>${ymd(tx.bookingDate)}</WorkDate><TranSerialNo>${TranSerialNo}</TranSerialNo><SignTime>20260302101500000</SignTime>`,
    };
    expect(retCode(await w.client.call(call))).toBe("B0004");
    const reply = await w.client.call({ ...call, reqData: await w.client.sign(w.client.xmlOf(call)) });
    expect(retCode(reply)).toBe("0");
    const pdf = Buffer.from(childText(outOf(reply), "FileContent"), "base64");
    expect(pdf.subarray(0, 8).toString("latin1")).toBe("%PDF-1.4");
    expect(pdf.toString("latin1")).toContain(tx.id);
    // The xref offsets point at the objects.
    const text = pdf.toString("latin1");
    const xrefAt = Number(/startxref\n(\d+)/.exec(text)![1]);
    expect(text.slice(xrefAt, xrefAt + 4)).toBe("xref");
    const firstObj = Number(/xref\n0 \d+\n0000000000 65535 f \n(\d{10})/.exec(text)![1]);
    expect(text.slice(firstObj, firstObj + 7)).toBe("1 0 obj");
  });

  it("answers envelope errors with the bank's RetCode and stays up", async () => {
    const w = await world();
    const acc = w.ledger.accounts("icbc")[0]!.id;
    const inXml = `<TotalNum>1</TotalNum><rd><AccNo>${acc}</AccNo></rd>`;
    expect(retCode(await w.client.call({ transCode: "QACCBAL", fSeqno: "E1", inXml, cis: "999" }))).toBe("B0001");
    expect(retCode(await w.client.call({ transCode: "QACCBAL", fSeqno: "E2", inXml, id: "someone.y.0000" }))).toBe("B0002");
    expect(retCode(await w.client.call({ transCode: "QACCBAL", fSeqno: "E3", inXml, localAddress: "127.0.0.2" }))).toBe("B0003");
    expect(retCode(await w.client.call({ transCode: "QXYZ", fSeqno: "E4", inXml }))).toBe("B0007");
    expect(
      retCode(await w.client.call({ transCode: "QACCBAL", fSeqno: "E5", inXml, reqData: "<CMS><eb><pub><TransCode>QACCBAL</pub></eb>" })),
    ).toBe("B0008");
    expect(retCode(await w.client.call({ transCode: "QACCBAL", fSeqno: "E6", inXml, reqData: "bm90IGEgcGFja2FnZQ==" }))).toBe("B0005");
    const noData = await httpPost(w.service.endpoint.url, Buffer.from("TransCode=QACCBAL"), "application/x-www-form-urlencoded");
    expect(noData.body.toString("latin1")).toMatch(/^errorCode=9001/);
    // A day of silence lapses the NC session: one B0006, then the next request goes through.
    w.clock.advance(DAY);
    expect(retCode(await w.client.call({ transCode: "QACCBAL", fSeqno: "E7", inXml }))).toBe("B0006");
    expect(retCode(await w.client.call({ transCode: "QACCBAL", fSeqno: "E8", inXml }))).toBe("0");
  });

  it("applies the fault plan per TransCode: 5xx, reset, timeout, garbled body, down, then recovers", async () => {
    const actions: FaultAction[] = [
      { kind: "serverError", status: 502 },
      { kind: "reset" },
      { kind: "timeout", holdMs: 200 },
      { kind: "garble" },
      { kind: "down", untilMs: START + 60_000 },
      { kind: "rateLimit", retryAfterSeconds: 7 },
    ];
    const asked: string[] = [];
    const faults: FaultPlan = {
      decide(endpoint) {
        asked.push(endpoint);
        return { latencyMs: 0, action: actions.shift() ?? { kind: "none" } };
      },
      pageFaults: noFaults.pageFaults,
    };
    const w = await world({ faults });
    const acc = w.ledger.accounts("icbc")[0]!.id;
    const call = { transCode: "QACCBAL", fSeqno: "F1", inXml: `<TotalNum>1</TotalNum><rd><AccNo>${acc}</AccNo></rd>` };
    expect((await w.client.post(call)).status).toBe(502);
    await expect(w.client.post(call)).rejects.toThrow(/ECONNRESET|socket hang up/);
    await expect(w.client.post(call)).rejects.toThrow(/socket hang up|ECONNRESET/);
    const garbled = await w.client.post(call);
    expect(() => parseXmlTree(Buffer.from(garbled.body.toString("latin1").slice(8), "base64").toString("latin1"))).toThrow();
    const down = await w.client.post(call);
    expect(down.status).toBe(503);
    expect(new TextDecoder("gbk").decode(down.body)).toContain("前置机不可用");
    const busy = await w.client.call(call);
    expect(retCode(busy)).toBe("B0099");
    expect(retCode(await w.client.call(call))).toBe("0");
    expect(asked.every((e) => e === "icbc:QACCBAL")).toBe(true);
  });

  it("repeats records across pages and sends malformed records when the page faults say so", async () => {
    const pf = (page: number): PageFaults => ({
      duplicateFromPrevious: page === 1 ? 3 : 0,
      outOfOrder: false,
      changesBetweenReads: false,
      malformedRecords: page === 1 ? [5] : [],
    });
    const w = await world({ faults: { decide: noFaults.decide, pageFaults: (_e, page) => pf(page) }, icbc: { pageSize: 10 } });
    const acc = [...w.ledger.accounts("icbc")].sort((a, b) => w.ledger.transactions(b.id).length - w.ledger.transactions(a.id).length)[0]!;
    const today = w.ledger.today("icbc");
    const { rds } = await readHistory(w, acc.id, shift(today, -30), shift(today, -1), { n: 0 });
    const ids = rds.map((rd) => rdText(rd, "OnlySequence"));
    const unique = [...new Set(ids)];
    expect(ids.length).toBe(unique.length + 3);
    expect(ids.slice(10, 13)).toEqual(ids.slice(7, 10));
    expect(unique).toEqual(
      w.ledger.transactions(acc.id, { from: shift(today, -30) as never, to: shift(today, -1) as never }).map((t) => t.id),
    );
    // Index 5 of page 1's own records, after the 3 repeated ones: overall 10 + 3 + 5.
    const bad = rds[18]!;
    expect(child(bad, "Drcrf")).toBeUndefined();
    expect(`${rdText(bad, "DebitAmount")}${rdText(bad, "CreditAmount")}`).toMatch(/O/);
  });

  it("rewrites a record when a page that changes between reads is read again", async () => {
    const changing: PageFaults = { duplicateFromPrevious: 0, outOfOrder: false, changesBetweenReads: true, malformedRecords: [] };
    const w = await world({ faults: { decide: noFaults.decide, pageFaults: () => changing } });
    const acc = w.ledger.accounts("icbc")[0]!.id;
    const today = w.ledger.today("icbc");
    const inXml = `<AccNo>${acc}</AccNo><BeginDate>${ymd(shift(today, -10))}</BeginDate><EndDate>${ymd(shift(today, -1))}</EndDate><NextTag/>`;
    const first = children(outOf(await w.client.call({ transCode: "QHISD", fSeqno: "C1", inXml })), "rd");
    const second = children(outOf(await w.client.call({ transCode: "QHISD", fSeqno: "C2", inXml })), "rd");
    expect(second.map((rd) => rdText(rd, "OnlySequence"))).toEqual(first.map((rd) => rdText(rd, "OnlySequence")));
    expect(rdText(first[0]!, "PostScript")).not.toMatch(/补录/);
    expect(rdText(second[0]!, "PostScript")).toMatch(/（补录）$/);
  });

  it("under the real fault plan (5xx, resets, garbles, duplicates, malformed), a careful client still gets every record once", async () => {
    const parsed = parseFaultScenario({
      endpoints: {
        "icbc:QHISD": {
          errors: { reset: 0.1, garble: 0.1, serverError: 0.1 },
          pages: { duplicateFromPrevious: 0.6, malformedRecords: 0.03 },
        },
      },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const w = await world({
      faults: createFaultPlan({ random: createSeededRandom("icbc-faults"), scenario: parsed.scenario }),
      icbc: { pageSize: 10 },
    });
    const acc = [...w.ledger.accounts("icbc")].sort((a, b) => w.ledger.transactions(b.id).length - w.ledger.transactions(a.id).length)[0]!;
    const today = w.ledger.today("icbc");
    const begin = shift(today, -31);
    const end = shift(today, -1);
    const byId = new Map<string, XmlElement>();
    const seen = new Set<string>();
    let tag = "";
    let attempts = 0;
    let n = 0;
    let done = false;
    while (!done) {
      expect(++attempts).toBeLessThan(200);
      const call = {
        transCode: "QHISD",
        fSeqno: `F${++n}`,
        inXml: `<AccNo>${acc.id}</AccNo><BeginDate>${ymd(begin)}</BeginDate><EndDate>${ymd(end)}</EndDate><NextTag>${tag}</NextTag>`,
      };
      let reply: Awaited<ReturnType<typeof w.client.post>>;
      try {
        reply = await w.client.post(call);
      } catch (error) {
        expect(String(error)).toMatch(/ECONNRESET|hang up/);
        seen.add("reset");
        continue;
      }
      if (reply.status !== 200) {
        seen.add(String(reply.status));
        continue;
      }
      let tree: XmlElement;
      try {
        tree = parseXmlTree(decodeIcbcReplyBody(reply.body));
      } catch {
        seen.add("garbled");
        continue;
      }
      expect(retCode(tree)).toBe("0");
      const out = outOf(tree);
      const rds = children(out, "rd");
      if (rds.some((rd) => !child(rd, "Drcrf") || !/^\d+$/.test(rdText(rd, "DebitAmount")) || !/^\d+$/.test(rdText(rd, "CreditAmount")))) {
        seen.add("malformed");
        continue; // ask for the same page again
      }
      for (const rd of rds) {
        if (byId.has(rdText(rd, "OnlySequence"))) seen.add("duplicate");
        else byId.set(rdText(rd, "OnlySequence"), rd);
      }
      tag = childText(out, "NextTag");
      done = tag === "";
    }
    expect([...byId.keys()]).toEqual(w.ledger.transactions(acc.id, { from: begin as never, to: end as never }).map((t) => t.id));
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });
});

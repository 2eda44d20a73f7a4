import { afterEach, describe, expect, it } from "vitest";
import { createSimClock, type SimClock } from "../../clock/sim-clock.js";
import { createFaultPlan } from "../../faults/create-fault-plan.js";
import { parseFaultScenario } from "../../faults/fault-scenario.js";
import type { FaultAction, FaultPlan, PageFaults } from "../../faults/fault-types.js";
import { noFaults } from "../../faults/no-faults.js";
import { createLedger } from "../../ledger/create-ledger.js";
import type { Ledger, SandboxAccount } from "../../ledger/ledger-types.js";
import { createPaymentEngine } from "../../payments/create-payment-engine.js";
import { createSeededRandom } from "../../random/seeded-random.js";
import type { RunningService } from "../../service.js";
import { parseXmlTree } from "../icbc-nc/icbc-messages.js";
import { child, children, childText, encodeGb2312, parseCcbRequest, type XmlElement } from "./ccb-messages.js";
import { type CcbTcpOptions, createCcbTcpService, startCcbTcp } from "./ccb-service.js";
import { rawExchange } from "./test-support/ccb-client.js";

const START = Date.UTC(2026, 2, 2, 6, 0, 0); // 14:00 in Beijing
const SPECIAL = "上海𠮷祥贸易有限公司"; // 𠮷 (U+20BB7) is outside GB2312 and GBK; GB18030 writes it in four bytes.

interface World {
  clock: SimClock;
  ledger: Ledger;
  service: RunningService;
}

const running: RunningService[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

async function world(options: { faults?: FaultPlan; ccb?: CcbTcpOptions } = {}): Promise<World> {
  const clock = createSimClock({ startMs: START });
  const ledger = createLedger({ seed: "ccb-test", clock, historyDays: 40 });
  const payments = createPaymentEngine({ ledger, clock, random: createSeededRandom("pay") });
  const factory = options.ccb ? createCcbTcpService(options.ccb) : startCcbTcp;
  const service = await factory(
    {
      ledger,
      payments,
      clock,
      faults: options.faults ?? noFaults,
      random: createSeededRandom("ccb-test/service"),
      logger: { info() {}, warn() {} },
      host: "127.0.0.1",
    },
    { port: 0 },
  );
  running.push(service);
  return { clock, ledger, service };
}

function requestXml(w: World, txCode: string, txInfo: string, overrides: { CUST_ID?: string; PASSWORD?: string } = {}): string {
  const c = w.service.endpoint.credentials;
  return (
    `<?xml version="1.0" encoding="GB2312" standalone="yes"?><TX><REQUEST_SN>2026030214000100001</REQUEST_SN>` +
    `<CUST_ID>${overrides.CUST_ID ?? c.CUST_ID}</CUST_ID><USER_ID>${c.USER_ID}</USER_ID><PASSWORD>${overrides.PASSWORD ?? c.PASSWORD}</PASSWORD>` +
    `<TX_CODE>${txCode}</TX_CODE><LANGUAGE>CN</LANGUAGE><TX_INFO>${txInfo}</TX_INFO></TX>`
  );
}

async function send(w: World, xml: string): Promise<{ bytes: Buffer; tree: XmlElement; text: string }> {
  const reply = await rawExchange(w.service.endpoint.url, encodeGb2312(xml));
  const text = new TextDecoder("gb18030").decode(reply.bytes);
  return { bytes: reply.bytes, tree: parseXmlTree(text), text };
}

const returnCode = (tree: XmlElement): string => childText(tree, "RETURN_CODE");
const ymd = (iso: string): string => iso.replaceAll("-", "");

/** Is every byte sequence valid EUC-CN (GB2312): ASCII, or a lead 0xA1–0xF7 with a trail 0xA1–0xFE? Returns the first bad offset. */
function firstNonGb2312(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) continue;
    const t = bytes[i + 1] ?? 0;
    if (b < 0xa1 || b > 0xf7 || t < 0xa1 || t > 0xfe) return i;
    i++;
  }
  return -1;
}

function busiest(w: World): SandboxAccount {
  return [...w.ledger.accounts("ccb")].sort((a, b) => w.ledger.transactions(b.id).length - w.ledger.transactions(a.id).length)[0]!;
}

/** Reads every page by PAGE + POSTSTR; re-asks when the bank serves another page than asked. */
async function readAll(w: World, accNo: string, from: string, to: string, size: number) {
  const served: XmlElement[] = [];
  let page = 1;
  let postStr = "";
  let totalPages = 1;
  let totalCount = "";
  let asks = 0;
  while (page <= totalPages) {
    expect(++asks).toBeLessThan(100);
    const { tree } = await send(
      w,
      requestXml(
        w,
        "6WY101",
        `<ACCNO1>${accNo}</ACCNO1><STARTDATE>${ymd(from)}</STARTDATE><ENDDATE>${ymd(to)}</ENDDATE><PAGE>${page}</PAGE><POSTSTR>${postStr}</POSTSTR><TOTAL_RECORD>${size}</TOTAL_RECORD>`,
      ),
    );
    expect(returnCode(tree)).toBe("000000");
    const info = child(tree, "TX_INFO");
    totalPages = Number(childText(info, "TOTAL_PAGE"));
    totalCount = childText(info, "TOTAL_COUNT");
    if (childText(info, "PAGE") !== String(page)) continue; // out of order: ask again for the page we want
    served.push(...children(child(info, "DETAILLIST"), "DETAILINFO"));
    postStr = childText(info, "POSTSTR");
    page++;
  }
  return { served, totalCount, asks };
}

describe("CCB-like TCP front end", () => {
  it("takes GB2312 and answers GB18030 bytes that are not valid GB2312 where the special character is", async () => {
    const w = await world();
    const acc = w.ledger.accounts("ccb").find((a) => a.status === "A")!;
    w.ledger.post({
      accountId: acc.id,
      kind: "customerReceipt",
      amount: 8_888_00n,
      counterparty: { name: SPECIAL, account: "31001234567890" },
      summary: "货款",
    });
    const today = w.ledger.today("ccb");
    const request = encodeGb2312(
      requestXml(
        w,
        "6WY101",
        `<ACCNO1>${acc.id}</ACCNO1><STARTDATE>${ymd(today)}</STARTDATE><ENDDATE>${ymd(today)}</ENDDATE><PAGE>1</PAGE><POSTSTR></POSTSTR>`,
      ),
    );
    expect(firstNonGb2312(request)).toBe(-1);
    const reply = await rawExchange(w.service.endpoint.url, request);
    expect(reply.ending).toBe("end");
    const fourBytes = Buffer.from([0x95, 0x34, 0xb2, 0x35]); // 𠮷 in GB18030
    const at = reply.bytes.indexOf(fourBytes);
    expect(at).toBeGreaterThan(0);
    expect(firstNonGb2312(reply.bytes)).toBe(at);
    const text = new TextDecoder("gb18030").decode(reply.bytes);
    expect(text).toContain(SPECIAL);
    expect(text.startsWith('<?xml version="1.0" encoding="GB18030"')).toBe(true);
    // A GBK (or GB2312) decoder cannot read it back.
    expect(new TextDecoder("gbk").decode(reply.bytes)).not.toContain(SPECIAL);
    // The host's fixed-width fields keep their trailing spaces on the wire.
    expect(text).toMatch(new RegExp(`<ACC_NAME1>${SPECIAL} +</ACC_NAME1>`));
    expect(text).toMatch(/<MESSAGE>货款 +<\/MESSAGE>/);
    expect(text).toMatch(/<ACC_NAME>\S+ +<\/ACC_NAME>/);
    expect(text).toContain("<LANGUAGES>CN</LANGUAGES>");
  });

  it("pages 6WY101 by PAGE + POSTSTR and returns every booked transaction exactly once, yuan amounts and FLAG1 right", async () => {
    const w = await world();
    const acc = busiest(w);
    const today = w.ledger.today("ccb");
    const { served, totalCount } = await readAll(w, acc.id, acc.openedOn, today, 10);
    const expected = w.ledger.transactions(acc.id, { from: acc.openedOn, to: today });
    expect(expected.length).toBeGreaterThan(30);
    expect(Number(totalCount)).toBe(expected.length);
    expect(served.map((d) => childText(d, "TRAN_FLOW"))).toEqual(expected.map((t) => t.id));
    const yuan = (v: bigint): string =>
      `${v < 0n ? "-" : ""}${(v < 0n ? -v : v) / 100n}.${String((v < 0n ? -v : v) % 100n).padStart(2, "0")}`;
    for (const [i, tx] of expected.entries()) {
      const d = served[i]!;
      expect(childText(d, "AMT")).toBe(yuan(tx.amount < 0n ? -tx.amount : tx.amount));
      expect(childText(d, "FLAG1")).toBe(tx.amount < 0n ? "0" : "1");
      expect(childText(d, "AMT1")).toBe(yuan(tx.balanceAfter));
      expect(childText(d, "TRANDATE")).toBe(tx.bookingDate.replaceAll("-", "/"));
      expect(childText(d, "ACC_NAME1")).toBe(tx.counterparty.name);
    }
    // A POSTSTR from another query or page is refused.
    const bad = await send(
      w,
      requestXml(
        w,
        "6WY101",
        `<ACCNO1>${acc.id}</ACCNO1><STARTDATE>${ymd(acc.openedOn)}</STARTDATE><ENDDATE>${ymd(today)}</ENDDATE><PAGE>2</PAGE><POSTSTR>0000000000000000000010+2+10+</POSTSTR><TOTAL_RECORD>10</TOTAL_RECORD>`,
      ),
    );
    expect(returnCode(bad.tree)).toBe("200004");
  });

  it("answers 6W0100 with the ledger's balances in yuan", async () => {
    const w = await world();
    const acc = busiest(w);
    const { tree } = await send(w, requestXml(w, "6W0100", `<ACC_NO>${acc.id}</ACC_NO>`));
    expect(returnCode(tree)).toBe("000000");
    const b = w.ledger.balances(acc.id);
    const info = child(tree, "TX_INFO");
    expect(childText(info, "BALANCE")).toBe(`${b.online / 100n}.${String(b.online % 100n).padStart(2, "0")}`);
    expect(childText(info, "ACC_NAME")).toBe(acc.holderName);
  });

  it("answers bad XML, a wrong password, an unknown customer and an expired session with the bank's codes, and stays up", async () => {
    const w = await world();
    const acc = busiest(w);
    const info = `<ACC_NO>${acc.id}</ACC_NO>`;
    const broken = await rawExchange(w.service.endpoint.url, Buffer.from("<TX><TX_CODE>6W0100</TX_CODE><TX_INFO>"), { halfClose: true });
    expect(returnCode(parseXmlTree(new TextDecoder("gb18030").decode(broken.bytes)))).toBe("100001");
    const junk = await rawExchange(w.service.endpoint.url, Buffer.from([0xff, 0x00, 0x3c, 0x80, 0x81]), { halfClose: true });
    expect(returnCode(parseXmlTree(new TextDecoder("gb18030").decode(junk.bytes)))).toBe("100001");
    expect(returnCode((await send(w, requestXml(w, "6W0100", info, { PASSWORD: "000000" }))).tree)).toBe("100004");
    expect(returnCode((await send(w, requestXml(w, "6W0100", info, { CUST_ID: "SHP999999999#001" }))).tree)).toBe("100003");
    expect(returnCode((await send(w, requestXml(w, "6WXXXX", info))).tree)).toBe("100002");
    expect(returnCode((await send(w, requestXml(w, "6W0100", "<ACC_NO>1</ACC_NO>"))).tree)).toBe("200001");
    w.clock.advance(13 * 3_600_000);
    expect(returnCode((await send(w, requestXml(w, "6W0100", info))).tree)).toBe("100005");
    expect(returnCode((await send(w, requestXml(w, "6W0100", info))).tree)).toBe("000000");
  });

  it("survives out-of-order pages and duplicates across pages: a careful client still gets each record once", async () => {
    let outOfOrderServed = 0;
    const pageFaults = (_e: string, page: number): PageFaults => {
      const outOfOrder = page === 1 && outOfOrderServed++ === 0;
      return { duplicateFromPrevious: page === 2 ? 2 : 0, outOfOrder, changesBetweenReads: false, malformedRecords: [] };
    };
    const w = await world({ faults: { decide: noFaults.decide, pageFaults } });
    const acc = busiest(w);
    const today = w.ledger.today("ccb");
    const { served, asks } = await readAll(w, acc.id, acc.openedOn, today, 10);
    const ids = served.map((d) => childText(d, "TRAN_FLOW"));
    expect(asks).toBeGreaterThan(Math.ceil(new Set(ids).size / 10));
    expect(ids.length).toBe(new Set(ids).size + 2);
    expect([...new Set(ids)]).toEqual(w.ledger.transactions(acc.id, { from: acc.openedOn, to: today }).map((t) => t.id));
  });

  it("applies reset, timeout, garble, busy and down from the fault plan, then answers again", async () => {
    const actions: FaultAction[] = [
      { kind: "reset" },
      { kind: "timeout", holdMs: 150 },
      { kind: "garble" },
      { kind: "serverError", status: 500 },
      { kind: "down", untilMs: START + 1000 },
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
    const acc = busiest(w);
    const request = encodeGb2312(requestXml(w, "6W0100", `<ACC_NO>${acc.id}</ACC_NO>`));
    const url = w.service.endpoint.url;
    expect((await rawExchange(url, request)).ending).toBe("ECONNRESET");
    const held = await rawExchange(url, request);
    expect(held.bytes.length).toBe(0);
    const garbled = await rawExchange(url, request);
    expect(() => parseXmlTree(new TextDecoder("gb18030").decode(garbled.bytes))).toThrow();
    expect(returnCode(parseXmlTree(new TextDecoder("gb18030").decode((await rawExchange(url, request)).bytes)))).toBe("900001");
    expect(returnCode(parseXmlTree(new TextDecoder("gb18030").decode((await rawExchange(url, request)).bytes)))).toBe("900002");
    expect(returnCode((await send(w, requestXml(w, "6W0100", `<ACC_NO>${acc.id}</ACC_NO>`))).tree)).toBe("000000");
    expect(asked.every((e) => e === "ccb:6W0100")).toBe(true);
  });

  it("rewrites a record when a page that changes between reads is read again", async () => {
    const changing: PageFaults = { duplicateFromPrevious: 0, outOfOrder: false, changesBetweenReads: true, malformedRecords: [] };
    const w = await world({ faults: { decide: noFaults.decide, pageFaults: () => changing } });
    const acc = busiest(w);
    const today = w.ledger.today("ccb");
    const xml = requestXml(
      w,
      "6WY101",
      `<ACCNO1>${acc.id}</ACCNO1><STARTDATE>${ymd(acc.openedOn)}</STARTDATE><ENDDATE>${ymd(today)}</ENDDATE><PAGE>1</PAGE><POSTSTR></POSTSTR><TOTAL_RECORD>5</TOTAL_RECORD>`,
    );
    const message = async (): Promise<string> =>
      childText(children(child(child((await send(w, xml)).tree, "TX_INFO"), "DETAILLIST"), "DETAILINFO")[0], "MESSAGE");
    const first = await message();
    expect(first).not.toMatch(/更正/);
    expect(await message()).toBe(`${first}（更正）`);
  });

  it("under the real fault plan (resets, garbles, busy, duplicates, out-of-order, malformed), a careful client still gets everything once", async () => {
    const parsed = parseFaultScenario({
      endpoints: {
        "ccb:6WY101": {
          errors: { reset: 0.1, garble: 0.1, serverError: 0.1 },
          pages: { duplicateFromPrevious: 0.5, outOfOrder: 0.3, malformedRecords: 0.03 },
        },
      },
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const w = await world({ faults: createFaultPlan({ random: createSeededRandom("ccb-faults"), scenario: parsed.scenario }) });
    const acc = busiest(w);
    const today = w.ledger.today("ccb");
    const byFlow = new Map<string, XmlElement>();
    let page = 1;
    let postStr = "";
    let totalPages = 1;
    let attempts = 0;
    const seen = new Set<string>();
    while (page <= totalPages) {
      expect(++attempts).toBeLessThan(200);
      const xml = requestXml(
        w,
        "6WY101",
        `<ACCNO1>${acc.id}</ACCNO1><STARTDATE>${ymd(acc.openedOn)}</STARTDATE><ENDDATE>${ymd(today)}</ENDDATE><PAGE>${page}</PAGE><POSTSTR>${postStr}</POSTSTR><TOTAL_RECORD>10</TOTAL_RECORD>`,
      );
      const reply = await rawExchange(w.service.endpoint.url, encodeGb2312(xml));
      let tree: XmlElement;
      try {
        tree = parseXmlTree(new TextDecoder("gb18030").decode(reply.bytes));
      } catch {
        seen.add(reply.ending === "end" ? "garbled" : reply.ending);
        continue;
      }
      if (returnCode(tree) !== "000000") {
        seen.add(returnCode(tree));
        continue;
      }
      const info = child(tree, "TX_INFO");
      totalPages = Number(childText(info, "TOTAL_PAGE"));
      if (childText(info, "PAGE") !== String(page)) {
        seen.add("outOfOrder");
        continue;
      }
      const details = children(child(info, "DETAILLIST"), "DETAILINFO");
      if (details.some((d) => !/^\d+\.\d{2}$/.test(childText(d, "AMT")) || childText(d, "TRANDATE") === "")) {
        seen.add("malformed");
        continue; // read the page again
      }
      for (const d of details) {
        if (byFlow.has(childText(d, "TRAN_FLOW"))) seen.add("duplicate");
        else byFlow.set(childText(d, "TRAN_FLOW"), d);
      }
      postStr = childText(info, "POSTSTR");
      page++;
    }
    expect([...byFlow.keys()]).toEqual(w.ledger.transactions(acc.id, { from: acc.openedOn, to: today }).map((t) => t.id));
    // The seeded plan did inject faults of several kinds along the way.
    expect(seen.size).toBeGreaterThanOrEqual(4);
  });

  it("reads its own request envelope back (codec)", () => {
    const req = parseCcbRequest(
      `<TX><REQUEST_SN>1</REQUEST_SN><CUST_ID> A#001 </CUST_ID><TX_CODE>6WY101</TX_CODE><TX_INFO><PAGE>2</PAGE></TX_INFO></TX>`,
    );
    expect(req).toMatchObject({ REQUEST_SN: "1", CUST_ID: "A#001", TX_CODE: "6WY101", PASSWORD: "" });
    expect(childText(req.TX_INFO, "PAGE")).toBe("2");
  });
});

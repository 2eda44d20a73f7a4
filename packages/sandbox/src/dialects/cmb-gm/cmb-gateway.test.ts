import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { IsoDate } from "@bankbridge/hub/core";
import { addDays } from "@bankbridge/hub/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSimClock, type SimClock } from "../../clock/sim-clock.js";
import type { FaultAction, FaultPlan, PageFaults } from "../../faults/fault-types.js";
import { noFaults } from "../../faults/no-faults.js";
import { createLedger } from "../../ledger/create-ledger.js";
import type { Ledger } from "../../ledger/ledger-types.js";
import { createPaymentEngine } from "../../payments/create-payment-engine.js";
import { createSeededRandom } from "../../random/seeded-random.js";
import type { RunningService, ServiceContext } from "../../service.js";
import { createCmbGateway } from "./cmb-gateway.js";
import { type CmbCallResult, cmbClient, replySignedText } from "./test-support/cmb-test-client.js";

const START = Date.UTC(2026, 2, 2, 2, 0, 0); // 10:00 in Beijing
const DAY = 86_400_000;
const silent = { info: () => undefined, warn: () => undefined };

interface World {
  clock: SimClock;
  ledger: Ledger;
  service: RunningService;
  client: ReturnType<typeof cmbClient>;
}

async function startWorld(
  seed: string,
  faults: FaultPlan = noFaults,
  options: Parameters<typeof createCmbGateway>[0] = {},
): Promise<World> {
  const clock = createSimClock({ startMs: START });
  const ledger = createLedger({ seed, clock, historyDays: 20 });
  const random = createSeededRandom(seed);
  const payments = createPaymentEngine({ ledger, clock, random: random.fork("payments"), outcomes: { S: 1 } });
  const context: ServiceContext = { ledger, payments, clock, faults, random: random.fork("services"), logger: silent, host: "127.0.0.1" };
  const service = await createCmbGateway({ pageSize: 7, ...options })(context, { port: 0 });
  return { clock, ledger, service, client: cmbClient(service.endpoint) };
}

const compact = (d: IsoDate): string => d.replaceAll("-", "");
/** Yuan string → fen, exactly. */
const fen = (s: string): bigint => {
  const m = /^(-?)(\d+)\.(\d{2})$/.exec(s);
  if (m === null) throw new Error(`not an amount: ${s}`);
  return (m[1] === "-" ? -1n : 1n) * (BigInt(m[2] as string) * 100n + BigInt(m[3] as string));
};
const ok = (r: CmbCallResult) => {
  expect(r.status).toBe(200);
  expect(r.verified).toBe(true);
  expect(r.reply?.response.head.resultcode).toBe("SUC0000");
  return r.reply?.response.body as Record<string, unknown>;
};

/** DER `SEQUENCE { INTEGER r, INTEGER s }` from raw r‖s, for OpenSSL. */
function der(raw: Buffer): Buffer {
  const int = (part: Buffer): Buffer => {
    let b = part;
    while (b.length > 1 && b[0] === 0 && ((b[1] ?? 0) & 0x80) === 0) b = b.subarray(1);
    if (((b[0] ?? 0) & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([2, b.length]), b]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

/** Checks the PDF's structure: header, trailer, and every xref offset pointing at its `n 0 obj`. */
function checkPdf(pdf: Buffer): void {
  const text = pdf.toString("latin1");
  expect(text.startsWith("%PDF-1.")).toBe(true);
  expect(text.trimEnd().endsWith("%%EOF")).toBe(true);
  const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
  expect(text.slice(startxref, startxref + 4)).toBe("xref");
  const [, first, count] = /xref\n(\d+) (\d+)\n/.exec(text.slice(startxref)) ?? [];
  expect(first).toBe("0");
  const entries = text
    .slice(startxref)
    .split("\n")
    .slice(3, 2 + Number(count));
  for (const [i, e] of entries.entries()) {
    const offset = Number(e.slice(0, 10));
    expect(text.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true);
  }
  for (const m of text.matchAll(/<< \/Length (\d+) >>\nstream\n/g)) {
    const at = (m.index ?? 0) + m[0].length;
    expect(text.slice(at + Number(m[1]), at + Number(m[1]) + 9)).toBe("endstream");
  }
  const qpdf = (() => {
    try {
      execFileSync("qpdf", ["--version"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  if (qpdf) {
    const dir = mkdtempSync(join(tmpdir(), "cmb-pdf-"));
    try {
      writeFileSync(join(dir, "r.pdf"), pdf);
      expect(execFileSync("qpdf", ["--check", join(dir, "r.pdf")], { encoding: "utf8" })).toContain("No syntax or stream encoding errors");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

describe("CMB-like 国密 gateway", () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld("cmb-gateway");
  });
  afterAll(async () => {
    await w.service.close();
  });

  it("publishes its endpoint and credentials", () => {
    const e = w.service.endpoint;
    expect(e).toMatchObject({ id: "cmb", protocol: "cmb-gm" });
    expect(e.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cdcserver\/api\/v2$/);
    expect(e.credentials.uid).toMatch(/^N00\d{7}$/);
    expect(e.credentials.sm4Key).toHaveLength(16);
    expect(e.accounts).toEqual(w.ledger.accounts("cmb").map((a) => a.id));
    expect(e.accounts.length).toBeGreaterThan(0);
  });

  it("(a, e) answers NTQADINF matching ledger.balances, signed so that OpenSSL verifies with the published key", async () => {
    const accounts = w.ledger.accounts("cmb");
    const r = await w.client.call("NTQADINF", {
      ntqadinfx: [...accounts.map((a) => ({ bbknbr: "75", accnbr: a.id })), { bbknbr: "75", accnbr: "999" }],
    });
    const rows = ok(r).ntqadinfz as Record<string, string>[];
    expect(rows).toHaveLength(accounts.length + 1);
    for (const [i, a] of accounts.entries()) {
      const b = w.ledger.balances(a.id);
      expect(rows[i]).toMatchObject({ accnbr: a.id, errcod: "SUC0000", stscod: a.status, accnam: a.holderName });
      expect(fen(rows[i]?.onlblv ?? "")).toBe(b.online);
      expect(fen(rows[i]?.avlblv ?? "")).toBe(b.available);
      expect(fen(rows[i]?.hldblv ?? "")).toBe(b.frozen);
      expect(fen(rows[i]?.accblv ?? "")).toBe(b.previousDay);
      expect(fen(rows[i]?.lmtovr ?? "")).toBe(b.creditLine);
      expect(rows[i]?.ccynbr).toBe(a.currency === "CNY" ? "10" : rows[i]?.ccynbr);
    }
    expect(rows[accounts.length]).toMatchObject({ accnbr: "999", errcod: "DCR0003" });

    // Separate check with OpenSSL's SM2 (a second implementation), from the published PEM and id.
    const reply = r.reply;
    if (reply === undefined) throw new Error("no reply");
    const dir = mkdtempSync(join(tmpdir(), "cmb-sig-"));
    try {
      writeFileSync(join(dir, "bank.pem"), w.service.endpoint.credentials.bankPublicKeyPem ?? "");
      writeFileSync(join(dir, "msg.bin"), replySignedText(reply));
      writeFileSync(join(dir, "sig.der"), der(Buffer.from(reply.signature.sigdat, "base64")));
      const verify = (file: string) =>
        execFileSync(
          "openssl",
          [
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "bank.pem",
            "-rawin",
            "-digest",
            "sm3",
            "-in",
            file,
            "-sigfile",
            "sig.der",
            "-pkeyopt",
            `distid:${w.service.endpoint.credentials.sm2UserId}`,
          ],
          { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
        );
      expect(verify("msg.bin")).toContain("Signature Verified Successfully");
      writeFileSync(join(dir, "other.bin"), replySignedText(reply).replace("SUC0000", "SUC0001"));
      expect(() => verify("other.bin")).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("(b) refuses a request with a bad signature with CSAC005, in a signed reply", async () => {
    const r = await w.client.call("NTQADINF", { ntqadinfx: [{ accnbr: w.service.endpoint.accounts[0] }] }, { tamperSignature: true });
    expect(r.status).toBe(200);
    expect(r.verified).toBe(true);
    expect(r.reply?.response.head).toMatchObject({ resultcode: "CSAC005", resultmsg: "验签失败" });
    expect(r.reply?.response.body).toEqual({});
  });

  it("(c) executes a payment resent with the same yurRef once; BB1PAYQR follows it to FIN/S", async () => {
    const debtor = w.ledger.accounts("cmb").find((a) => a.currency === "CNY" && a.status === "A");
    if (debtor === undefined) throw new Error("no CNY account at cmb");
    const pay = {
      bb1paybmx1: [{ busMod: "S0000", busCod: "N02030" }],
      bb1payopx1: [
        {
          dbtAcc: debtor.id,
          bnkFlg: "N",
          ccyNbr: "10",
          crtAcc: "6222021001122334455",
          crtNam: "上海测试供应商有限公司",
          crtBnk: "中国工商银行上海分行",
          brdNbr: "102290000012",
          nusAge: "货款",
          busNar: "INV-2026-0042",
          stlChn: "G",
          trsAmt: "1234.56",
          yurRef: "YR202603020001",
        },
      ],
    };
    const first = (ok(await w.client.call("BB1PAYOP", pay)).bb1payopz1 as Record<string, string>[])[0];
    const again = (ok(await w.client.call("BB1PAYOP", pay)).bb1payopz1 as Record<string, string>[])[0];
    expect(first).toMatchObject({ errCod: "SUC0000", yurRef: "YR202603020001" });
    expect(first?.reqNbr).toMatch(/^\d{10}$/);
    expect(again?.reqNbr).toBe(first?.reqNbr);
    expect(again?.errTxt).toContain("重复");
    w.clock.advance(6 * 3_600_000);
    ok(await w.client.call("BB1PAYOP", pay));
    const status = (
      ok(await w.client.call("BB1PAYQR", { bb1payqrx1: [{ busCod: "N02030", yurRef: "YR202603020001" }] })).bb1payqrz1 as Record<
        string,
        string
      >[]
    )[0];
    expect(status).toMatchObject({ reqSts: "FIN", rtnFlg: "S", trsAmt: "1234.56", dbtAcc: debtor.id });
    const debits = w.ledger.transactions(debtor.id).filter((t) => t.clientReference === "YR202603020001");
    expect(debits).toHaveLength(1);
    expect(debits[0]?.amount).toBe(-123456n);
    // Per-record refusal under a SUC0000 envelope; unknown yurRef in BB1PAYQR.
    const broke = { ...pay, bb1payopx1: [{ ...pay.bb1payopx1[0], yurRef: "YR-BIG", trsAmt: "999999999999.00" }] };
    expect((ok(await w.client.call("BB1PAYOP", broke)).bb1payopz1 as Record<string, string>[])[0]?.errCod).toBe("BB10003");
    const none = await w.client.call("BB1PAYQR", { bb1payqrx1: [{ busCod: "N02030", yurRef: "NOPE" }] });
    expect(none.reply?.response.head.resultcode).toBe("BB10007");
  });

  it("(d) DCTRSINF resumed by trsseq returns every transaction of the day once, sums matching the ledger", async () => {
    // The busiest (account, day) in the history, so that it takes several pages of 7.
    let best: { id: string; date: IsoDate; n: number } = { id: "", date: "" as IsoDate, n: 0 };
    const today = w.ledger.today("cmb");
    for (const a of w.ledger.accounts("cmb"))
      for (let d = addDays(today, -15); d < today; d = addDays(d, 1)) {
        const n = w.ledger.transactions(a.id, { from: d, to: d }).length;
        if (n > best.n) best = { id: a.id, date: d, n };
      }
    expect(best.n).toBeGreaterThan(7);
    const seen: Record<string, string>[] = [];
    let trsseq = "0";
    let calls = 0;
    for (;;) {
      calls++;
      const body = ok(await w.client.call("DCTRSINF", { bbknbr: "75", accnbr: best.id, trsdat: compact(best.date), trsseq }));
      const head = (body.ntrbptrsz1 as Record<string, string>[])[0];
      seen.push(...(body.ntqactrsz2 as Record<string, string>[]));
      if (head?.cotflg !== "Y") break;
      trsseq = String(Number(head.trsseq) + 1);
      expect(calls).toBeLessThan(50);
    }
    expect(calls).toBeGreaterThan(1);
    const truth = w.ledger.transactions(best.id, { from: best.date, to: best.date });
    expect(seen.map((r) => r.refnbr)).toEqual(truth.map((t) => t.id));
    expect(new Set(seen.map((r) => r.refnbr)).size).toBe(seen.length);
    const [day] = w.ledger.dailyBalances(best.id, best.date, best.date);
    const sum = seen.reduce((s, r) => s + fen(r.trsamt ?? ""), 0n);
    expect((day?.previousDay ?? 0n) + sum).toBe(day?.closingBooked);
    expect(fen(seen[seen.length - 1]?.trsblv ?? "")).toBe(day?.closingBooked);
    for (const r of seen) expect(r.amtcdr).toBe(fen(r.trsamt ?? "") < 0n ? "D" : "C");
    // The day's history balance agrees, and a range beyond 31 days is refused.
    const hist = ok(
      await w.client.call("NTQABINF", {
        ntqabinfx: [{ bbknbr: "75", accnbr: best.id, bgndat: compact(best.date), enddat: compact(best.date) }],
      }),
    );
    expect(fen((hist.ntqabinfz as Record<string, string>[])[0]?.balamt ?? "")).toBe(day?.closingBooked);
    const tooLong = await w.client.call("NTQABINF", { ntqabinfx: [{ accnbr: best.id, bgndat: "20260101", enddat: "20260201" }] });
    expect(tooLong.reply?.response.head.resultcode).toBe("DCR0002");
  });

  it("(f) serves a receipt PDF synchronously and a batch file whose URL expires after 3 simulated days", async () => {
    const account = w.ledger.accounts("cmb")[0];
    if (account === undefined) throw new Error("no account");
    const tx = w.ledger.transactions(account.id).at(-1);
    if (tx === undefined) throw new Error("no transaction");
    const sync = ok(
      await w.client.call("DCSIGREC", { eacnbr: account.id, quedat: tx.bookingDate, trsseq: String(tx.daySequence), primod: "PDF" }),
    );
    expect(sync.istnbr).toMatch(/^\d{16}$/);
    expect(sync.checod).toMatch(/^[0-9A-F]{8}$/);
    const pdf = Buffer.from(String(sync.fildat), "base64");
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    checkPdf(pdf);
    expect(pdf.toString("latin1")).toContain(tx.id);

    const from = addDays(tx.bookingDate, -5);
    const task = ok(await w.client.call("ASYCALHD", { eacnbr: account.id, begdat: from, enddat: tx.bookingDate, primod: "PDF" }));
    const taskid = String(task.rtndat);
    const pending = ok(await w.client.call("DCTASKID", { taskid }));
    expect(pending.fileurl).toBe("");
    w.clock.advance(60_000);
    const done = ok(await w.client.call("DCTASKID", { taskid }));
    expect(String(done.fileurl)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/cdcserver\/file\/[0-9a-f]{32}$/);
    const file = await fetch(String(done.fileurl));
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    const batch = Buffer.from(await file.arrayBuffer());
    checkPdf(batch);
    const receipts = Math.min(50, w.ledger.transactions(account.id, { from, to: tx.bookingDate }).length);
    expect(batch.toString("latin1")).toContain(`/Count ${receipts}`);
    w.clock.advance(3 * DAY - 120_000);
    expect((await fetch(String(done.fileurl))).status).toBe(200);
    w.clock.advance(5 * 60_000);
    const gone = await fetch(String(done.fileurl));
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain("CSAC010");
    expect((await w.client.call("DCTASKID", { taskid: "T0" })).reply?.response.head.resultcode).toBe("DCR0005");
  });

  it("(g) answers undecryptable DATA, unknown UID, unknown FUNCODE and bad forms with the bank's codes and stays up", async () => {
    const garbage = await w.client.call("NTQADINF", {}, { data: "bm90IGEgY2lwaGVydGV4dA==" });
    expect(garbage.raw).toBe("CDCServer:CSAC003 ErrMsg:报文解密失败");
    const notB64 = await w.client.call("NTQADINF", {}, { data: "%%%%" });
    expect(notB64.raw).toContain("CSAC003");
    const uid = await w.client.call("NTQADINF", {}, { uid: "N009999999" });
    expect(uid.raw).toContain("CSAC001");
    const fn = await w.client.call("XXXXXXXX", {});
    expect(fn.reply?.response.head.resultcode).toBe("CSAC007");
    const mismatch = await w.client.call("NTQADINF", {}, { headFuncode: "DCTRSINF" });
    expect(mismatch.reply?.response.head.resultcode).toBe("CSAC007");
    const form = await fetch(w.service.endpoint.url, {
      method: "POST",
      body: "UID=x&ALG=RSA",
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    expect(form.status).toBe(400);
    expect(await form.text()).toContain("CSAC004");
    const notFound = await fetch(w.service.endpoint.url.replace("/api/v2", "/nope"));
    expect(notFound.status).toBe(404);
    // Still serving.
    ok(await w.client.call("NTQADINF", { ntqadinfx: [{ accnbr: w.service.endpoint.accounts[0] }] }));
  });
});

describe("CMB-like gateway: whitelist, certificate expiry and faults", () => {
  it("refuses a caller outside the IP whitelist with CSAC002", async () => {
    const w = await startWorld("cmb-ip", noFaults, { allowedAddresses: ["192.0.2.10"] });
    try {
      const r = await w.client.call("NTQADINF", { ntqadinfx: [{ accnbr: w.service.endpoint.accounts[0] }] });
      expect(r.status).toBe(403);
      expect(r.raw).toBe("CDCServer:CSAC002 ErrMsg:IP地址不在白名单内，拒绝访问");
    } finally {
      await w.service.close();
    }
  });

  it("answers CSAC006 once the client's certificate has expired", async () => {
    const w = await startWorld("cmb-cert", noFaults, { certificateValidDays: 1 });
    try {
      ok(await w.client.call("NTQADINF", { ntqadinfx: [{ accnbr: w.service.endpoint.accounts[0] }] }));
      w.clock.advance(DAY + 1000);
      const r = await w.client.call("NTQADINF", { ntqadinfx: [{ accnbr: w.service.endpoint.accounts[0] }] });
      expect(r.verified).toBe(true);
      expect(r.reply?.response.head.resultcode).toBe("CSAC006");
    } finally {
      await w.service.close();
    }
  });

  it("applies the fault plan's decisions per FUNCODE and page faults to DCTRSINF", async () => {
    const actions: Record<string, FaultAction> = {
      "cmb:NTQABINF": { kind: "serverError", status: 502 },
      "cmb:BB1PAYQR": { kind: "reset" },
      "cmb:DCSIGREC": { kind: "garble" },
      "cmb:ASYCALHD": { kind: "rateLimit", retryAfterSeconds: 7 },
      "cmb:DCTASKID": { kind: "down", untilMs: START + DAY },
      "cmb:BB1PAYOP": { kind: "timeout", holdMs: 150 },
    };
    const page: PageFaults = { duplicateFromPrevious: 2, outOfOrder: false, changesBetweenReads: false, malformedRecords: [0] };
    const plan: FaultPlan = {
      decide: (endpoint) => ({ latencyMs: endpoint === "cmb:NTQADINF" ? 30 : 0, action: actions[endpoint] ?? { kind: "none" } }),
      pageFaults: (endpoint, pageIndex) =>
        endpoint === "cmb:DCTRSINF" && pageIndex > 0
          ? page
          : { duplicateFromPrevious: 0, outOfOrder: false, changesBetweenReads: false, malformedRecords: [] },
    };
    const w = await startWorld("cmb-faults", plan, { pageSize: 3 });
    try {
      const account = w.service.endpoint.accounts[0] ?? "";
      const post = (funcode: string) =>
        fetch(w.service.endpoint.url, {
          method: "POST",
          body: new URLSearchParams({ UID: "x", FUNCODE: funcode, ALG: "SM", DATA: "AAAA" }),
        });
      const e502 = await post("NTQABINF");
      expect(e502.status).toBe(502);
      expect(await e502.text()).toContain("<html>");
      await expect(post("BB1PAYQR")).rejects.toThrow();
      const limited = await post("ASYCALHD");
      expect(limited.status).toBe(429);
      expect(limited.headers.get("retry-after")).toBe("7");
      const down = await post("DCTASKID");
      expect(down.status).toBe(503);
      expect(await down.text()).toContain("前置机不可用");
      const hung = fetch(w.service.endpoint.url, {
        method: "POST",
        body: new URLSearchParams({ UID: "x", FUNCODE: "BB1PAYOP", ALG: "SM", DATA: "AAAA" }),
      });
      await expect(hung).rejects.toThrow();
      await expect(w.client.call("DCSIGREC", { eacnbr: account })).rejects.toThrow();
      // Latency only: the answer still comes.
      ok(await w.client.call("NTQADINF", { ntqadinfx: [{ accnbr: account }] }));

      // Page faults on the second page (pages of 3 here): two records of page 1 repeated, the first malformed.
      const today = w.ledger.today("cmb");
      let target = { id: "", date: today, n: 0 };
      for (const a of w.ledger.accounts("cmb"))
        for (let d = addDays(today, -15); d < today; d = addDays(d, 1)) {
          const n = w.ledger.transactions(a.id, { from: d, to: d }).length;
          if (n > target.n) target = { id: a.id, date: d, n };
        }
      expect(target.n).toBeGreaterThan(4);
      const second = ok(await w.client.call("DCTRSINF", { accnbr: target.id, trsdat: compact(target.date), trsseq: "4" }));
      const records = second.ntqactrsz2 as Record<string, string>[];
      const truth = w.ledger.transactions(target.id, { from: target.date, to: target.date });
      expect(records.slice(0, 2).map((r) => r.refnbr)).toEqual(truth.slice(1, 3).map((t) => t.id));
      expect(records[2]?.trsamt).toBe("*.**");
      expect(records[2]?.refnbr).toBe(truth[3]?.id);
      expect((second.ntrbptrsz1 as Record<string, string>[])[0]?.trsseq).toBe(String(Math.min(6, truth.length)));
    } finally {
      await w.service.close();
    }
  });
});

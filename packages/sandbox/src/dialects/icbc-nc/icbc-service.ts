/**
 * The ICBC-NC-like front end: two HTTP listeners (the NC servlet and its signing service), the envelope
 * checks a real NC makes, fault injection, and dispatch to the transactions.
 *
 * @module
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { FaultAction } from "../../faults/fault-types.js";
import { garble } from "../../faults/garble.js";
import type { SandboxAccount } from "../../ledger/ledger-types.js";
import type { RunningService, ServiceContext, ServiceFactory } from "../../service.js";
import { ICBC_CODES, ICBC_TRANSPORT_CODES, type IcbcCodeName } from "./icbc-errors.js";
import { bankClock } from "./icbc-fields.js";
import {
  buildIcbcReplyXml,
  decodeGb,
  decodeGbkForm,
  encodeGbk,
  encodeIcbcReplyBody,
  type IcbcPub,
  parseIcbcRequest,
} from "./icbc-messages.js";
import {
  checkPackage,
  INFOSEC_SIGN,
  INFOSEC_SIGN_RESULT,
  INFOSEC_VERIFY_SIGN,
  INFOSEC_VERIFY_SIGN_RESULT,
  signingReplyHtml,
  signPackage,
} from "./icbc-signing.js";
import { createIcbcTestCa } from "./icbc-test-ca.js";
import {
  downEBill,
  type IcbcOutcome,
  type IcbcTransactionContext,
  payent,
  qaccbal,
  qhisd,
  qpayent,
  SIGNED_TRANSCODES,
} from "./icbc-transactions.js";

/** Options of {@link createIcbcNcService}. */
export interface IcbcNcOptions {
  /** Signing-service port; default: the main port + 1 when that is fixed (448/449 style), else any free port. */
  readonly signingPort?: number;
  /** The group's CIS number (集团CIS号). @default "120290000012345" */
  readonly groupCis?: string;
  /** The certificate id (证书ID) the ERP's NC logs in with. @default "bankbridge.y.1202" */
  readonly certId?: string;
  /** Records per QHISD/QPD page. @default 50 */
  readonly pageSize?: number;
  /** Longest QHISD range in days, both ends included. @default 31 */
  readonly maxRangeDays?: number;
  /**
   * Simulated idle time after which the NC's session with the bank has lapsed: the next request gets
   * `B0006` (session expired) and the session is re-established, so the request after it succeeds.
   * `Infinity` disables it. @default 12 hours
   */
  readonly sessionIdleMs?: number;
  /** Client addresses the bank has whitelisted. @default ["127.0.0.1", "::1", "::ffff:127.0.0.1"] */
  readonly allowedClientIps?: readonly string[];
  /**
   * The real clock: the test CA's certificates are valid from a day before it, and a package's signer
   * certificate is checked against it, because clients check certificates against real time, not the
   * simulated clock. @default Date.now
   */
  readonly realNow?: () => number;
}

/** The NC servlet path (the real one). */
export const ICBC_NC_PATH = "/servlet/ICBCCMPAPIReqServlet";
const SUPPORTED_VERSIONS = new Set(["0.0.0.1", "0.0.1.0"]);
const KNOWN_TRANSCODES = new Set(["QACCBAL", "QHISD", "QPD", "PAYENT", "QPAYENT", "DownEBill"]);
const MAX_BODY = 2 * 1024 * 1024;

/** A ServiceFactory for an ICBC-NC-like front end with these options. */
export function createIcbcNcService(options: IcbcNcOptions = {}): ServiceFactory {
  return (context, { port }) => startIcbc(context, port, options);
}

/** The ICBC-NC-like front end with default options (service id `icbc`, protocol `icbc-nc`). */
export const startIcbcNc: ServiceFactory = createIcbcNcService();

async function startIcbc(context: ServiceContext, port: number, options: IcbcNcOptions): Promise<RunningService> {
  const groupCis = options.groupCis ?? "120290000012345";
  const certId = options.certId ?? "bankbridge.y.1202";
  const pageSize = options.pageSize ?? 50;
  const maxRangeDays = options.maxRangeDays ?? 31;
  const sessionIdleMs = options.sessionIdleMs ?? 12 * 3_600_000;
  const allowed = new Set(options.allowedClientIps ?? ["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
  const realNow = options.realNow ?? Date.now;
  const ca = await createIcbcTestCa(context.random.fork("icbc-nc:test-ca"), { certId, realNow });
  const garbleRandom = context.random.fork("icbc-nc:garble");
  const bank = context.ledger.bank("icbc");
  const accountsOf = (): ReadonlyMap<string, SandboxAccount> => new Map(context.ledger.accounts("icbc").map((a) => [a.id, a]));
  let sessionSeenAt = context.clock.now();
  const pageReads = new Map<string, number>();
  const noteRead = (key: string): number => {
    const before = pageReads.get(key) ?? 0;
    // Bounded: a long-running sandbox forgets old pages rather than growing without end.
    if (pageReads.size > 10_000) pageReads.clear();
    pageReads.set(key, before + 1);
    return before;
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };

  const clientAllowed = (socket: Socket): boolean => allowed.has(socket.remoteAddress ?? "");

  /** Answers one servlet request (after faults): the reply XML, or a transport error line. */
  const answerServlet = (form: Map<string, string>, url: URL, socket: Socket): { xml: string } | { transport: string } => {
    const now = bankClock(context.clock.now(), bank.utcOffsetMinutes);
    const formPub: Partial<IcbcPub> = {
      TransCode: form.get("TransCode") ?? "",
      CIS: form.get("GroupCIS") ?? "",
      ID: form.get("ID") ?? "",
      fSeqno: form.get("PackageID") ?? "",
    };
    const reply = (pub: Partial<IcbcPub>, code: IcbcCodeName, message?: string, out?: string): { xml: string } => ({
      xml: buildIcbcReplyXml(pub, now, { RetCode: ICBC_CODES[code].code, RetMsg: message ?? ICBC_CODES[code].message }, out),
    });
    if (!clientAllowed(socket)) return reply(formPub, "IP_NOT_ALLOWED");
    const reqData = form.get("reqData");
    if (reqData === undefined || reqData.trim() === "") {
      const t = ICBC_TRANSPORT_CODES.NO_REQDATA;
      return { transport: `errorCode=${t.code}&errorMsg=${t.message}` };
    }
    // A signed transaction's reqData is the signing service's package; a query's is the XML itself.
    let xml: string;
    let signed = false;
    if (reqData.trimStart().startsWith("<")) xml = reqData;
    else {
      // The package must be signed for the certificate id the form logs in with (which must be ours, below).
      const check = checkPackage(ca, reqData, { certId: formPub.ID ?? "", realNowMs: realNow() });
      if (!check.ok) return reply(formPub, check.code);
      xml = decodeGb(check.pkg.content);
      signed = true;
    }
    let request: ReturnType<typeof parseIcbcRequest>;
    try {
      request = parseIcbcRequest(xml);
    } catch {
      return reply(formPub, "XML_MALFORMED");
    }
    const pub = request.pub;
    if (!SUPPORTED_VERSIONS.has(form.get("Version") ?? "")) return reply(pub, "VERSION_UNSUPPORTED");
    if (form.get("BankCode") !== "102" || pub.BankCode !== "102") return reply(pub, "BANKCODE_INVALID");
    if (formPub.CIS !== groupCis || pub.CIS !== groupCis) return reply(pub, "CIS_UNKNOWN");
    if (formPub.ID !== certId || pub.ID !== certId) return reply(pub, "CERT_UNKNOWN");
    // The certificate id and the package id must agree in the URL, the form and the XML.
    if (
      url.searchParams.get("userID") !== certId ||
      url.searchParams.get("PackageID") !== formPub.fSeqno ||
      formPub.fSeqno !== pub.fSeqno ||
      pub.fSeqno === ""
    ) {
      return reply(pub, "ID_MISMATCH");
    }
    if (formPub.TransCode !== pub.TransCode) return reply(pub, "FIELD_INVALID", "报文字段错误：表单与报文的TransCode不一致");
    if (!KNOWN_TRANSCODES.has(pub.TransCode)) return reply(pub, "TRANSCODE_UNKNOWN");
    if (SIGNED_TRANSCODES.has(pub.TransCode) && !signed) return reply(pub, "SIGN_REQUIRED");
    const nowMs = context.clock.now();
    if (nowMs - sessionSeenAt > sessionIdleMs) {
      sessionSeenAt = nowMs;
      return reply(pub, "SESSION_EXPIRED");
    }
    sessionSeenAt = nowMs;
    const ctx: IcbcTransactionContext = {
      ledger: context.ledger,
      payments: context.payments,
      faults: context.faults,
      accounts: accountsOf(),
      today: context.ledger.today("icbc"),
      nowTimestamp: now.timestamp,
      pageSize,
      maxRangeDays,
      noteRead,
    };
    let outcome: IcbcOutcome;
    switch (pub.TransCode) {
      case "QACCBAL":
        outcome = qaccbal(ctx, request);
        break;
      case "QHISD":
        outcome = qhisd(ctx, request, false);
        break;
      case "QPD":
        outcome = qhisd(ctx, request, true);
        break;
      case "PAYENT":
        outcome = payent(ctx, request);
        break;
      case "QPAYENT":
        outcome = qpayent(ctx, request);
        break;
      default:
        outcome = downEBill(ctx, request);
    }
    return reply(pub, outcome.status, outcome.message, outcome.status === "OK" ? outcome.out : undefined);
  };

  const servlet = createServer((req, res) => {
    handleSafely(req, res, context, async (body) => {
      const url = new URL(req.url ?? "/", "http://nc.invalid");
      if (req.method !== "POST" || url.pathname !== ICBC_NC_PATH) {
        const t = ICBC_TRANSPORT_CODES.BAD_PATH;
        send(res, 404, "text/plain; charset=GBK", encodeGbk(`errorCode=${t.code}&errorMsg=${t.message}`));
        return;
      }
      const form = decodeGbkForm(body);
      const transCode = form.get("TransCode") || "unknown";
      const acted = await applyFault(`icbc:${transCode}`, req, res);
      if (acted === "handled") return;
      const result = answerServlet(form, url, req.socket);
      const bytes = "xml" in result ? encodeIcbcReplyBody(result.xml) : encodeGbk(result.transport);
      send(res, 200, "text/xml; charset=GBK", acted === "garble" ? garble(bytes, garbleRandom) : bytes);
    });
  });

  const signing = createServer((req, res) => {
    handleSafely(req, res, context, async (body) => {
      const acted = await applyFault("icbc:sign", req, res);
      if (acted === "handled") return;
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]?.trim() ?? "";
      const answer = (resultType: string, result: number, inner: Parameters<typeof signingReplyHtml>[1]): void => {
        const bytes = encodeGbk(signingReplyHtml(result, inner));
        send(res, 200, resultType, acted === "garble" ? garble(bytes, garbleRandom) : bytes);
      };
      if (!clientAllowed(req.socket)) return answer(INFOSEC_SIGN_RESULT, 4, { error: ICBC_CODES.IP_NOT_ALLOWED.message });
      if (contentType === INFOSEC_SIGN) {
        let id: string;
        try {
          id = parseIcbcRequest(decodeGb(body)).pub.ID;
        } catch {
          return answer(INFOSEC_SIGN_RESULT, 2, { error: ICBC_CODES.XML_MALFORMED.message });
        }
        if (id !== certId) return answer(INFOSEC_SIGN_RESULT, 3, { error: ICBC_CODES.CERT_UNKNOWN.message });
        return answer(INFOSEC_SIGN_RESULT, 0, { sign: signPackage(ca, body, new Date(context.clock.now())) });
      }
      if (contentType === INFOSEC_VERIFY_SIGN) {
        const check = checkPackage(ca, Buffer.from(body).toString("latin1"), { realNowMs: realNow() });
        if (!check.ok) return answer(INFOSEC_VERIFY_SIGN_RESULT, 5, { error: ICBC_CODES[check.code].message });
        return answer(INFOSEC_VERIFY_SIGN_RESULT, 0, { sic: decodeGb(check.pkg.content) });
      }
      return answer(INFOSEC_SIGN_RESULT, 1, { error: `不支持的Content-Type: ${contentType}` });
    });
  });

  /** Applies the fault plan's decision; "handled" when the fault already answered (or dropped) the request. */
  const applyFault = async (endpoint: string, req: IncomingMessage, res: ServerResponse): Promise<"none" | "garble" | "handled"> => {
    const decision = context.faults.decide(endpoint, context.clock.now());
    if (decision.latencyMs > 0) await new Promise<void>((r) => later(decision.latencyMs, r));
    return actOn(decision.action, req, res);
  };

  const actOn = (action: FaultAction, req: IncomingMessage, res: ServerResponse): "none" | "garble" | "handled" => {
    switch (action.kind) {
      case "none":
        return "none";
      case "garble":
        return "garble";
      case "serverError":
        send(res, action.status, "text/html; charset=GBK", encodeGbk(errorPage(action.status, "服务器内部错误")));
        return "handled";
      case "down":
        // The NC process is up but its link to the bank is not: what the ERP sees is the NC's HTML error page.
        send(res, 503, "text/html; charset=GBK", encodeGbk(errorPage(503, "前置机不可用：NC与银行主机通讯中断")));
        return "handled";
      case "rateLimit": {
        const now = bankClock(context.clock.now(), bank.utcOffsetMinutes);
        const xml = buildIcbcReplyXml({}, now, {
          RetCode: ICBC_CODES.BUSY.code,
          RetMsg: `${ICBC_CODES.BUSY.message}（${action.retryAfterSeconds}秒后重试）`,
        });
        res.setHeader("Retry-After", String(action.retryAfterSeconds));
        send(res, 200, "text/xml; charset=GBK", encodeIcbcReplyBody(xml));
        return "handled";
      }
      case "reset":
        req.socket.resetAndDestroy();
        return "handled";
      case "timeout":
        later(action.holdMs, () => req.socket.destroy());
        return "handled";
    }
  };

  const servletPort = await listen(servlet, port, context.host);
  const signingPort = await listen(signing, options.signingPort ?? (port === 0 ? 0 : port + 1), context.host);
  const hostInUrl = context.host.includes(":") ? `[${context.host}]` : context.host;
  context.logger.info("icbc-nc front end listening", { port: servletPort, signingPort });
  return {
    endpoint: {
      id: "icbc",
      protocol: "icbc-nc",
      description:
        "ICBC-NC-like 银企直连: GBK XML form posts (QACCBAL, QHISD, QPD, PAYENT, QPAYENT, DownEBill); sign PAYENT/DownEBill on the signing port first",
      url: `http://${hostInUrl}:${servletPort}${ICBC_NC_PATH}`,
      urls: { signing: `http://${hostInUrl}:${signingPort}/` },
      credentials: {
        GroupCIS: groupCis,
        ID: certId,
        BankCode: "102",
        Version: "0.0.1.0",
        caCertPem: ca.caCertPem,
        signingCertPem: ca.signerCertPem,
      },
      accounts: context.ledger.accounts("icbc").map((a) => a.id),
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await Promise.all([closeServer(servlet), closeServer(signing)]);
    },
  };
}

/** Reads the body (bounded) and runs `handle`; any unexpected error becomes NC's internal-error line, never a crash. */
function handleSafely(req: IncomingMessage, res: ServerResponse, context: ServiceContext, handle: (body: Buffer) => Promise<void>): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on("error", () => req.socket.destroy());
  req.on("end", () => {
    if (tooLarge) {
      const t = ICBC_TRANSPORT_CODES.TOO_LARGE;
      send(res, 413, "text/plain; charset=GBK", encodeGbk(`errorCode=${t.code}&errorMsg=${t.message}`));
      return;
    }
    handle(Buffer.concat(chunks)).catch((error: unknown) => {
      context.logger.warn("icbc-nc request failed", { error: error instanceof Error ? error.message : String(error) });
      const t = ICBC_TRANSPORT_CODES.INTERNAL;
      if (!res.headersSent) send(res, 500, "text/plain; charset=GBK", encodeGbk(`errorCode=${t.code}&errorMsg=${t.message}`));
      else res.destroy();
    });
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: Buffer): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": body.length });
  res.end(body);
}

function errorPage(status: number, text: string): string {
  return `<html><head><title>${status}</title></head><body><h1>${status}</h1><p>${text}</p></body></html>`;
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

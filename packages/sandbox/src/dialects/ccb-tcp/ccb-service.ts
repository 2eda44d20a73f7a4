/**
 * The CCB-like 外联平台 front end over a raw TCP socket: framing, the customer/operator checks, session
 * lapse, fault injection, and dispatch to the transactions.
 *
 * @module
 */
import { type AddressInfo, createServer, type Server, type Socket } from "node:net";
import { garble } from "../../faults/garble.js";
import type { SandboxAccount } from "../../ledger/ledger-types.js";
import type { RunningService, ServiceContext, ServiceFactory } from "../../service.js";
import { CCB_CODES, type CcbCodeName } from "./ccb-errors.js";
import { buildCcbReplyXml, type CcbRequest, decodeCcbRequest, encodeGb18030, parseCcbRequest } from "./ccb-messages.js";
import { type CcbTransactionContext, tx6W0100, tx6WY101 } from "./ccb-transactions.js";

/** Options of {@link createCcbTcpService}. */
export interface CcbTcpOptions {
  /** 客户号 (customer id with its `#001` suffix). @default "SHP310105001#001" */
  readonly custId?: string;
  /** 操作员号. @default "WLPT01" */
  readonly userId?: string;
  /** 操作员密码. @default "111111" */
  readonly password?: string;
  /** 6WY101 page size when the request has no `TOTAL_RECORD`. @default 100 */
  readonly defaultPageSize?: number;
  /** Longest 6WY101 range in days, both ends included. @default 366 */
  readonly maxRangeDays?: number;
  /**
   * Simulated idle time after which the operator's session lapses: the next request gets `100005` and the
   * 前置机 signs on again, so the request after it succeeds. `Infinity` disables it. @default 12 hours
   */
  readonly sessionIdleMs?: number;
  /** Real milliseconds a client may take to send its whole request. @default 30000 */
  readonly readTimeoutMs?: number;
}

const END_TAG = Buffer.from("</TX>", "ascii");
const MAX_REQUEST = 1024 * 1024;

/** A ServiceFactory for a CCB-like front end with these options. */
export function createCcbTcpService(options: CcbTcpOptions = {}): ServiceFactory {
  return (context, { port }) => startCcb(context, port, options);
}

/** The CCB-like front end with default options (service id `ccb`, protocol `ccb-tcp`). */
export const startCcbTcp: ServiceFactory = createCcbTcpService();

async function startCcb(context: ServiceContext, port: number, options: CcbTcpOptions): Promise<RunningService> {
  const custId = options.custId ?? "SHP310105001#001";
  const userId = options.userId ?? "WLPT01";
  const password = options.password ?? "111111";
  const sessionIdleMs = options.sessionIdleMs ?? 12 * 3_600_000;
  const readTimeoutMs = options.readTimeoutMs ?? 30_000;
  const garbleRandom = context.random.fork("ccb-tcp:garble");
  let sessionSeenAt = context.clock.now();
  const pageReads = new Map<string, number>();
  const noteRead = (key: string): number => {
    const before = pageReads.get(key) ?? 0;
    // Bounded: a long-running sandbox forgets old pages rather than growing without end.
    if (pageReads.size > 10_000) pageReads.clear();
    pageReads.set(key, before + 1);
    return before;
  };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, f: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      f();
    }, ms);
    timers.add(t);
  };

  /** The reply XML for one request (after faults). */
  const answer = (bytes: Buffer): string => {
    if (bytes.length > MAX_REQUEST) return buildCcbReplyXml({}, CCB_CODES.REQUEST_TOO_LARGE);
    let request: CcbRequest;
    try {
      request = parseCcbRequest(decodeCcbRequest(bytes));
    } catch {
      return buildCcbReplyXml({}, CCB_CODES.XML_MALFORMED);
    }
    const reply = (status: CcbCodeName, txInfo?: string): string => buildCcbReplyXml(request, CCB_CODES[status], txInfo);
    if (request.CUST_ID !== custId || request.USER_ID !== userId) return reply("CUSTOMER_UNKNOWN");
    if (request.PASSWORD !== password) return reply("PASSWORD_WRONG");
    if (request.TX_CODE !== "6WY101" && request.TX_CODE !== "6W0100") return reply("TX_CODE_UNKNOWN");
    const nowMs = context.clock.now();
    if (nowMs - sessionSeenAt > sessionIdleMs) {
      sessionSeenAt = nowMs;
      return reply("SESSION_EXPIRED");
    }
    sessionSeenAt = nowMs;
    const accounts: ReadonlyMap<string, SandboxAccount> = new Map(context.ledger.accounts("ccb").map((a) => [a.id, a]));
    const ctx: CcbTransactionContext = {
      ledger: context.ledger,
      faults: context.faults,
      accounts,
      today: context.ledger.today("ccb"),
      defaultPageSize: options.defaultPageSize ?? 100,
      maxRangeDays: options.maxRangeDays ?? 366,
      noteRead,
    };
    const outcome = request.TX_CODE === "6WY101" ? tx6WY101(ctx, request.TX_INFO) : tx6W0100(ctx, request.TX_INFO);
    return reply(outcome.status, outcome.status === "OK" ? outcome.txInfo : undefined);
  };

  const respond = async (socket: Socket, bytes: Buffer): Promise<void> => {
    const txCode = /<TX_CODE>\s*([0-9A-Za-z]{1,16})\s*<\/TX_CODE>/.exec(bytes.toString("latin1"))?.[1] ?? "unknown";
    const decision = context.faults.decide(`ccb:${txCode}`, context.clock.now());
    if (decision.latencyMs > 0) await new Promise<void>((r) => later(decision.latencyMs, r));
    if (socket.destroyed) return;
    const action = decision.action;
    switch (action.kind) {
      case "reset":
        socket.resetAndDestroy();
        return;
      case "timeout":
        later(action.holdMs, () => socket.destroy());
        return;
      case "serverError":
      case "rateLimit":
        socket.end(encodeGb18030(buildCcbReplyXml({ TX_CODE: txCode }, CCB_CODES.BUSY)));
        return;
      case "down":
        socket.end(encodeGb18030(buildCcbReplyXml({ TX_CODE: txCode }, CCB_CODES.HOST_DOWN)));
        return;
      case "garble":
        socket.end(garble(encodeGb18030(answer(bytes)), garbleRandom));
        return;
      case "none":
        socket.end(encodeGb18030(answer(bytes)));
    }
  };

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => socket.destroy());
    socket.setTimeout(readTimeoutMs, () => socket.destroy());
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      socket.setTimeout(0);
      respond(socket, Buffer.concat(chunks)).catch((error: unknown) => {
        context.logger.warn("ccb-tcp request failed", { error: error instanceof Error ? error.message : String(error) });
        socket.destroy();
      });
    };
    socket.on("data", (chunk: Buffer) => {
      if (done) return;
      chunks.push(chunk);
      size += chunk.length;
      // One request per connection: it ends at </TX> or at the client's FIN. `<` never occurs inside a GBK or
      // GB18030 multi-byte character, so a byte search for the end tag cannot hit the middle of one.
      const tail = Buffer.concat(chunks.length > 1 ? [chunks[chunks.length - 2] ?? Buffer.alloc(0), chunk] : [chunk]);
      if (size > MAX_REQUEST || tail.includes(END_TAG)) finish();
    });
    socket.on("end", finish);
  });
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, context.host, () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
  const hostInUrl = context.host.includes(":") ? `[${context.host}]` : context.host;
  context.logger.info("ccb-tcp front end listening", { port: boundPort });
  return {
    endpoint: {
      id: "ccb",
      protocol: "ccb-tcp",
      description:
        "CCB-like 外联平台 over raw TCP: one GB2312 TX request per connection (ends at </TX>), GB18030 reply, then close (6WY101, 6W0100)",
      url: `tcp://${hostInUrl}:${boundPort}`,
      credentials: { CUST_ID: custId, USER_ID: userId, PASSWORD: password },
      accounts: context.ledger.accounts("ccb").map((a) => a.id),
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
  };
}

/**
 * The CMB-like 国密 gateway over node:http: form parsing, faults, the security checks in the order a real
 * gateway makes them (whitelist, UID, decryption, envelope, signature, certificate, FUNCODE), the signed
 * and encrypted reply, and the download of receipt task files.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { FaultAction } from "../../faults/fault-types.js";
import { sm2KeyPairFromRandom, sm2PublicKeyPem } from "../../gm-crypto/sm2.js";
import type { RunningService, ServiceFactory } from "../../service.js";
import { CMB_CODES, CMB_SUCCESS, type CmbErrorCode } from "./cmb-codes.js";
import { bankStamp } from "./cmb-format.js";
import { CMB_FUNCTIONS, type CmbFunctionContext, type CmbReply } from "./cmb-functions.js";
import { createReceiptTasks, RECEIPT_URL_VALIDITY_MS } from "./cmb-receipts.js";
import { openData, sealJson, signMessage, verifyMessage } from "./cmb-signature.js";

/** Options for {@link createCmbGateway}. */
export interface CmbGatewayOptions {
  /** Caller addresses on the client's whitelist (default: the loopback addresses). */
  readonly allowedAddresses?: readonly string[];
  /** Validity of the client's certificate from the gateway's start, simulated days (default 365). */
  readonly certificateValidDays?: number;
  /** DCTRSINF records per reply (default 30). */
  readonly pageSize?: number;
}

/** The gateway's API path (as CMB's `…/cdcserver/api/v2`). */
export const CMB_API_PATH = "/cdcserver/api/v2";
/** Where receipt task files are served. */
export const CMB_FILE_PATH = "/cdcserver/file/";

const LOOPBACK = ["127.0.0.1", "::1", "::ffff:127.0.0.1"];
const MAX_BODY = 1 << 20;
const DAY_MS = 86_400_000;

const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

/** `CDCServer:<code> ErrMsg:<text>`: the gateway's plain-text error, sent before anything can be encrypted. */
export function transportError(code: CmbErrorCode): string {
  return `CDCServer:${code} ErrMsg:${CMB_CODES[code]}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * A CMB-like gateway factory. `startCmbGateway` is this with the defaults.
 *
 * @example const cmb = await startCmbGateway(context, { port: 0 }); cmb.endpoint.credentials.uid;
 */
export function createCmbGateway(options: CmbGatewayOptions = {}): ServiceFactory {
  return async (context, { port }) => {
    const { ledger, clock, faults, logger } = context;
    const rng = context.random.fork("cmb-gm");
    const uid = `N00${rng.digits(7)}`;
    const sm4KeyText = Array.from({ length: 16 }, () => rng.pick([...ALNUM])).join("");
    const sm4Key = Buffer.from(sm4KeyText, "latin1");
    // CMB derives both the SM4 IV and the SM2 distinguishing id from the UID, right-padded with "0".
    const userId = `${uid}0000000000000000`.slice(0, 16);
    const iv = Buffer.from(userId, "latin1");
    const client = sm2KeyPairFromRandom(rng.fork("client-key"));
    const bankKey = sm2KeyPairFromRandom(rng.fork("bank-key"));
    const certNotAfterMs = clock.now() + (options.certificateValidDays ?? 365) * DAY_MS;
    const allowed = new Set(options.allowedAddresses ?? LOOPBACK);
    const bank = ledger.bank("cmb");
    const accounts = new Map(ledger.accounts("cmb").map((a) => [a.id, a]));
    let baseUrl = "";
    let replies = 0;

    const fnContext: CmbFunctionContext = {
      ledger,
      payments: context.payments,
      clock,
      faults,
      accounts,
      offsetMinutes: bank.utcOffsetMinutes,
      pageSize: options.pageSize ?? 30,
      tasks: createReceiptTasks(rng.fork("tasks")),
      fileBaseUrl: () => `${baseUrl}${CMB_FILE_PATH}`,
      pageReads: new Map(),
    };

    /** The sealed (signed, encrypted) reply for `reply`. */
    const seal = (funcode: string, reqid: string, reply: CmbReply): string => {
      const now = clock.now();
      replies++;
      const message = signMessage(
        {
          response: {
            head: {
              funcode,
              userid: uid,
              reqid,
              rspid: `${bankStamp(now, bank.utcOffsetMinutes, true)}${String(replies).padStart(5, "0")}`,
              resultcode: reply.code,
              resultmsg: reply.message ?? (reply.code === CMB_SUCCESS ? "成功" : CMB_CODES[reply.code]),
              bizcode: reply.bizcode,
            },
            body: reply.body,
          },
          signature: { sigtim: bankStamp(now, bank.utcOffsetMinutes) },
        },
        bankKey.privateKey,
        userId,
      );
      return sealJson(JSON.stringify(message), sm4Key, iv);
    };

    /** Answers one API request (after faults) with [status, body]. */
    const answer = (form: URLSearchParams, remote: string): [number, string] => {
      if (!allowed.has(remote)) return [403, transportError("CSAC002")];
      const formUid = form.get("UID") ?? "";
      const funcode = form.get("FUNCODE") ?? "";
      // Lenient about an unencoded "+" in DATA, which form decoding turns into a space.
      const data = (form.get("DATA") ?? "").replaceAll(" ", "+");
      if (formUid === "" || funcode === "" || data === "" || form.get("ALG") !== "SM") return [400, transportError("CSAC004")];
      if (formUid !== uid) return [200, transportError("CSAC001")];
      let message: unknown;
      try {
        message = JSON.parse(openData(data, sm4Key, iv));
      } catch {
        return [200, transportError("CSAC003")];
      }
      const request = isRecord(message) ? message.request : undefined;
      const head = isRecord(request) ? request.head : undefined;
      const reqid = isRecord(head) && typeof head.reqid === "string" ? head.reqid : "";
      const envelopeError = (code: CmbErrorCode): [number, string] => [200, seal(funcode, reqid, { code, bizcode: "", body: {} })];
      if (!isRecord(message) || !isRecord(request) || !isRecord(head) || head.userid !== uid) return envelopeError("CSAC008");
      if (!verifyMessage(message, client.publicKey, userId)) return envelopeError("CSAC005");
      if (clock.now() > certNotAfterMs) return envelopeError("CSAC006");
      const fn = CMB_FUNCTIONS[funcode];
      if (fn === undefined || head.funcode !== funcode) return envelopeError("CSAC007");
      const body = isRecord(request.body) ? request.body : {};
      try {
        return [200, seal(funcode, reqid, fn(body, fnContext))];
      } catch (error) {
        logger.warn("cmb gateway: function failed", { funcode, error: error instanceof Error ? error.message : String(error) });
        return envelopeError("CSAC009");
      }
    };

    const download = (token: string): [number, string | Buffer, string] => {
      const task = fnContext.tasks.byToken(token);
      const now = clock.now();
      if (task === undefined || now < task.readyAtMs) return [404, transportError("CSAC011"), "text/plain; charset=utf-8"];
      if (now > task.readyAtMs + RECEIPT_URL_VALIDITY_MS) return [410, transportError("CSAC010"), "text/plain; charset=utf-8"];
      return [200, task.file, "application/pdf"];
    };

    const timers = new Set<NodeJS.Timeout>();
    const later = (ms: number, fn: () => void): void => {
      const t = setTimeout(() => {
        timers.delete(t);
        fn();
      }, ms);
      timers.add(t);
    };

    const send = (
      res: ServerResponse,
      status: number,
      body: string | Buffer,
      type = "text/plain; charset=utf-8",
      headers: Record<string, string> = {},
    ): void => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body), ...headers });
      res.end(body);
    };

    /** Applies a non-`none` fault; the real answer is passed for `garble`. */
    const applyFault = (action: FaultAction, res: ServerResponse, socket: Socket, real: () => [number, string | Buffer, string]): void => {
      switch (action.kind) {
        case "serverError":
          send(
            res,
            action.status,
            `<html><head><title>${action.status}</title></head><body><h1>${action.status} 系统繁忙</h1></body></html>`,
            "text/html; charset=utf-8",
          );
          return;
        case "rateLimit":
          send(res, 429, transportError("CSAC012"), "text/plain; charset=utf-8", { "retry-after": String(action.retryAfterSeconds) });
          return;
        case "down":
          send(
            res,
            503,
            "<html><head><title>503</title></head><body><h1>前置机不可用</h1><p>CDCServer unavailable</p></body></html>",
            "text/html; charset=utf-8",
          );
          return;
        case "reset":
          socket.resetAndDestroy();
          return;
        case "timeout":
          later(action.holdMs, () => socket.destroy());
          return;
        case "garble": {
          const [status, body, type] = real();
          const bytes = Buffer.from(body);
          // Cut the body and flip bytes in what is left: neither base64 nor SM4 survives.
          const cut = bytes.subarray(0, Math.max(1, Math.floor(bytes.length * 0.6)));
          for (let i = 0; i < cut.length; i += 7) cut[i] = (cut[i] ?? 0) ^ 0x5a;
          send(res, status, cut, type);
          return;
        }
        case "none":
          return;
      }
    };

    const handle = (req: IncomingMessage, res: ServerResponse, raw: Buffer): void => {
      const path = (req.url ?? "/").split("?")[0] ?? "/";
      const socket = req.socket;
      let endpointKey: string;
      let real: () => [number, string | Buffer, string];
      if (req.method === "GET" && path.startsWith(CMB_FILE_PATH)) {
        endpointKey = "cmb:download";
        real = () => download(path.slice(CMB_FILE_PATH.length));
      } else if (req.method === "POST" && path === CMB_API_PATH) {
        const form = new URLSearchParams(raw.toString("utf8"));
        endpointKey = `cmb:${(form.get("FUNCODE") ?? "").slice(0, 16) || "unknown"}`;
        real = () => [...answer(form, socket.remoteAddress ?? ""), "text/plain; charset=utf-8"];
      } else {
        send(res, 404, transportError("CSAC004"));
        return;
      }
      const decision = faults.decide(endpointKey, clock.now());
      const act = (): void => {
        if (decision.action.kind !== "none") {
          applyFault(decision.action, res, socket, real);
          return;
        }
        const [status, body, type] = real();
        send(res, status, body, type);
      };
      if (decision.latencyMs > 0) later(decision.latencyMs, act);
      else act();
    };

    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let tooBig = false;
      req.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY) {
          tooBig = true;
          return;
        }
        chunks.push(chunk);
      });
      req.on("error", () => res.destroy());
      req.on("end", () => {
        if (tooBig) {
          send(res, 413, transportError("CSAC004"));
          return;
        }
        try {
          handle(req, res, Buffer.concat(chunks));
        } catch (error) {
          // Never let a request take the gateway down.
          logger.warn("cmb gateway: request failed", { error: error instanceof Error ? error.message : String(error) });
          if (!res.headersSent) send(res, 500, transportError("CSAC009"));
        }
      });
    });
    server.on("clientError", (_error, socket) => socket.destroy());

    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, context.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.address.includes(":") ? `[${address.address}]` : address.address;
    baseUrl = `http://${host}:${address.port}`;

    const service: RunningService = {
      endpoint: {
        id: "cmb",
        protocol: "cmb-gm",
        description: `${bank.name} (CMB-like 国密 gateway): form UID/FUNCODE/ALG=SM/DATA, SM4-CBC + SM2-with-SM3`,
        url: `${baseUrl}${CMB_API_PATH}`,
        urls: { files: `${baseUrl}${CMB_FILE_PATH}` },
        credentials: {
          uid,
          sm4Key: sm4KeyText,
          sm4Iv: userId,
          sm2UserId: userId,
          clientPrivateKey: Buffer.from(client.privateKey).toString("base64"),
          clientPublicKey: Buffer.from(client.publicKey).toString("base64"),
          bankPublicKey: Buffer.from(bankKey.publicKey).toString("base64"),
          bankPublicKeyPem: sm2PublicKeyPem(bankKey.publicKey),
          certificateNotAfter: new Date(certNotAfterMs).toISOString(),
        },
        accounts: [...accounts.keys()],
      },
      async close() {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
    logger.info("cmb gateway listening", { url: service.endpoint.url });
    return service;
  };
}

/** The CMB-like 国密 gateway with default options (service id `cmb`, protocol `cmb-gm`). */
export const startCmbGateway: ServiceFactory = createCmbGateway();

/**
 * The host-to-host SFTP front end: an SSH server (the `ssh2` package) that accepts one user with one public
 * key and serves the statement outbox read-only over the SFTP subsystem. The protocol summary is in
 * `index.ts`.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { Attributes, AuthContext, Connection, SFTPWrapper } from "ssh2";
import ssh2 from "ssh2";
import type { SandboxBankId } from "../ledger/ledger-types.js";
import type { RunningService, ServiceContext, ServiceFactory } from "../service.js";
import { createOutboxTree, normalizePath, type OutboxNode, type OutboxTree } from "./outbox-tree.js";
import { generateSshKeyPair } from "./ssh-key-pair.js";

const { Server, utils } = ssh2;
const { OPEN_MODE, STATUS_CODE } = utils.sftp;

/** Options for {@link createSftpService}. */
export interface SftpOptions {
  /** The one user name (default `bankbridge`). */
  readonly username?: string;
  /** The banks whose outboxes are served (default: every bank of the ledger). */
  readonly banks?: readonly SandboxBankId[];
  /** An OpenSSH private key for the server (default: a new ed25519 key at each start). */
  readonly hostKey?: string;
  /** The client's key pair in OpenSSH format (default: a new ed25519 pair at each start). */
  readonly clientKey?: { readonly private: string; readonly public: string };
}

/** Open handles a session may hold: a client that never closes must not grow the server without bound. */
const MAX_HANDLES = 256;
/** Largest READ answered at once (OpenSSH asks for 32 KiB; the SFTP draft's common limit). */
const MAX_READ = 256 * 1024;
const DIR_MODE = 0o040555;
const FILE_MODE = 0o100444;

/** `SHA256:…` as `ssh-keygen -lf` prints it, from an OpenSSH public key line. */
export function sshFingerprint(publicKeyLine: string): string {
  const blob = Buffer.from(publicKeyLine.trim().split(/\s+/)[1] ?? "", "base64");
  return `SHA256:${createHash("sha256").update(blob).digest("base64").replace(/=+$/, "")}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function attrsOf(node: OutboxNode): Attributes {
  const mtime = Math.floor(node.mtimeMs / 1000);
  return {
    mode: node.kind === "dir" ? DIR_MODE : FILE_MODE,
    uid: 0,
    gid: 0,
    size: node.kind === "dir" ? 0 : node.content().length,
    atime: mtime,
    mtime,
  };
}

/** An `ls -l` line, as OpenSSH's server writes `longname`. */
function longname(name: string, attrs: Attributes): string {
  const d = new Date(attrs.mtime * 1000);
  const when = `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, " ")} ${String(d.getUTCHours()).padStart(2, "0")}:${String(d.getUTCMinutes()).padStart(2, "0")}`;
  const perms = attrs.mode === DIR_MODE ? "dr-xr-xr-x" : "-r--r--r--";
  return `${perms}    1 bank     bank     ${String(attrs.size).padStart(8, " ")} ${when} ${name}`;
}

type Handle = { readonly kind: "file"; readonly bytes: Buffer } | { kind: "dir"; readonly path: string; sent: boolean };

/** What a fault decision does to one SFTP request: go on, answer with a failure, or drop the connection. */
type FaultOutcome = "go" | "fail" | "garble" | "dropped";

function serveSftp(
  sftp: SFTPWrapper,
  tree: OutboxTree,
  context: ServiceContext,
  connection: Connection,
  timers: Set<NodeJS.Timeout>,
): void {
  const handles = new Map<string, Handle>();
  let nextHandle = 0;

  const later = (ms: number, run: () => void): void => {
    const t = setTimeout(() => {
      timers.delete(t);
      run();
    }, ms);
    timers.add(t);
  };

  /** Asks the fault plan about operation `op`, then runs `handle` with the outcome (after any latency). */
  const withFaults = (op: string, reqId: number, handle: (outcome: FaultOutcome) => void): void => {
    const decision = context.faults.decide(`sftp:${op}`, context.clock.now());
    const act = (): void => {
      const a = decision.action;
      switch (a.kind) {
        case "none":
          handle("go");
          return;
        case "reset":
        case "down":
          connection.end();
          handle("dropped");
          return;
        case "timeout":
          later(a.holdMs, () => connection.end());
          return;
        case "garble":
          handle(op === "read" ? "garble" : "fail");
          return;
        default:
          sftp.status(reqId, STATUS_CODE.FAILURE, "system busy, try again later");
          return;
      }
    };
    if (decision.latencyMs > 0) later(decision.latencyMs, act);
    else act();
  };

  const handleOf = (buf: Buffer): Handle | undefined => handles.get(buf.toString("hex"));
  const newHandle = (h: Handle, reqId: number): void => {
    if (handles.size >= MAX_HANDLES) {
      sftp.status(reqId, STATUS_CODE.FAILURE, "too many open handles");
      return;
    }
    const id = Buffer.alloc(4);
    id.writeUInt32BE(nextHandle++ >>> 0);
    handles.set(id.toString("hex"), h);
    sftp.handle(reqId, id);
  };
  const denied = (reqId: number): void => {
    sftp.status(reqId, STATUS_CODE.PERMISSION_DENIED, "read-only outbox");
  };
  const noSuch = (reqId: number): void => {
    sftp.status(reqId, STATUS_CODE.NO_SUCH_FILE, "no such file or directory");
  };

  sftp.on("REALPATH", (reqId, path) =>
    withFaults("realpath", reqId, (o) => {
      if (o !== "go") return o === "fail" ? sftp.status(reqId, STATUS_CODE.FAILURE, "failure") : undefined;
      const abs = normalizePath(path);
      const node = tree.node(abs);
      sftp.name(reqId, [{ filename: abs, longname: abs, attrs: node === undefined ? ({} as Attributes) : attrsOf(node) }]);
    }),
  );
  const stat = (op: string) => (reqId: number, path: string) =>
    withFaults(op, reqId, (o) => {
      if (o !== "go") return o === "fail" ? sftp.status(reqId, STATUS_CODE.FAILURE, "failure") : undefined;
      const node = tree.node(path);
      if (node === undefined) noSuch(reqId);
      else sftp.attrs(reqId, attrsOf(node));
    });
  sftp.on("STAT", stat("stat"));
  sftp.on("LSTAT", stat("lstat"));
  sftp.on("FSTAT", (reqId, buf) => {
    const h = handleOf(buf);
    if (h === undefined) sftp.status(reqId, STATUS_CODE.FAILURE, "invalid handle");
    else if (h.kind === "file") sftp.attrs(reqId, { mode: FILE_MODE, uid: 0, gid: 0, size: h.bytes.length, atime: 0, mtime: 0 });
    else sftp.attrs(reqId, { mode: DIR_MODE, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 });
  });
  sftp.on("OPENDIR", (reqId, path) =>
    withFaults("opendir", reqId, (o) => {
      if (o !== "go") return o === "fail" ? sftp.status(reqId, STATUS_CODE.FAILURE, "failure") : undefined;
      const abs = normalizePath(path);
      if (tree.list(abs) === undefined) noSuch(reqId);
      else newHandle({ kind: "dir", path: abs, sent: false }, reqId);
    }),
  );
  sftp.on("READDIR", (reqId, buf) =>
    withFaults("readdir", reqId, (o) => {
      if (o !== "go") return o === "fail" ? sftp.status(reqId, STATUS_CODE.FAILURE, "failure") : undefined;
      const h = handleOf(buf);
      if (h === undefined || h.kind !== "dir") return sftp.status(reqId, STATUS_CODE.FAILURE, "invalid handle");
      if (h.sent) return sftp.status(reqId, STATUS_CODE.EOF);
      h.sent = true;
      const entries = tree.list(h.path) ?? [];
      if (entries.length === 0) return sftp.status(reqId, STATUS_CODE.EOF);
      sftp.name(
        reqId,
        entries.map((n) => {
          const attrs = attrsOf(n);
          return { filename: n.name, longname: longname(n.name, attrs), attrs };
        }),
      );
    }),
  );
  sftp.on("OPEN", (reqId, path, flags) =>
    withFaults("open", reqId, (o) => {
      if (o !== "go") return o === "fail" ? sftp.status(reqId, STATUS_CODE.FAILURE, "failure") : undefined;
      const writing = OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC | OPEN_MODE.EXCL;
      if ((flags & writing) !== 0) return denied(reqId);
      const node = tree.node(path);
      if (node === undefined) return noSuch(reqId);
      if (node.kind === "dir") return sftp.status(reqId, STATUS_CODE.FAILURE, "is a directory");
      newHandle({ kind: "file", bytes: node.content() }, reqId);
    }),
  );
  sftp.on("READ", (reqId, buf, offset, length) =>
    withFaults("read", reqId, (o) => {
      if (o === "dropped") return;
      if (o === "fail") return sftp.status(reqId, STATUS_CODE.FAILURE, "failure");
      const h = handleOf(buf);
      if (h === undefined || h.kind !== "file") return sftp.status(reqId, STATUS_CODE.FAILURE, "invalid handle");
      if (offset >= h.bytes.length) return sftp.status(reqId, STATUS_CODE.EOF);
      let chunk = h.bytes.subarray(offset, Math.min(h.bytes.length, offset + Math.min(length, MAX_READ)));
      if (o === "garble") {
        // A corrupted transfer: every byte of the chunk's first half flipped (a copy; the file stays intact).
        chunk = Buffer.from(chunk);
        for (let i = 0; i < Math.ceil(chunk.length / 2); i++) chunk[i] = (chunk[i] as number) ^ 0xff;
      }
      sftp.data(reqId, chunk);
    }),
  );
  sftp.on("CLOSE", (reqId, buf) => {
    if (handles.delete(buf.toString("hex"))) sftp.status(reqId, STATUS_CODE.OK);
    else sftp.status(reqId, STATUS_CODE.FAILURE, "invalid handle");
  });
  for (const op of ["WRITE", "FSETSTAT", "SETSTAT", "REMOVE", "RMDIR", "MKDIR", "RENAME", "SYMLINK"] as const) {
    sftp.on(op, (reqId: number) => denied(reqId));
  }
  sftp.on("READLINK", (reqId) => noSuch(reqId));
  // The client ends the subsystem when its batch is done; the channel closes only once we end our side too.
  sftp.on("end", () => sftp.end());
  sftp.on("EXTENDED", (reqId) => sftp.status(reqId, STATUS_CODE.OP_UNSUPPORTED, "not supported"));
}

/** Whether a public-key attempt is the client's key (and, when signed, signed by it). */
function keyMatches(ctx: AuthContext, allowed: ReturnType<typeof utils.parseKey>): boolean {
  if (ctx.method !== "publickey" || allowed instanceof Error) return false;
  const key = Array.isArray(allowed) ? allowed[0] : allowed;
  if (key === undefined || ctx.key.algo !== key.type || !ctx.key.data.equals(key.getPublicSSH())) return false;
  return ctx.signature === undefined || ctx.blob === undefined || key.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true;
}

/** The SFTP front end with `options`. */
export function createSftpService(options: SftpOptions = {}): ServiceFactory {
  return async (context, { port }): Promise<RunningService> => {
    const username = options.username ?? "bankbridge";
    const hostKey = options.hostKey ?? generateSshKeyPair().private;
    const client = options.clientKey ?? generateSshKeyPair();
    const parsedHost = utils.parseKey(hostKey);
    if (parsedHost instanceof Error) throw new RangeError(`SFTP host key: ${parsedHost.message}`);
    const hostPublic = (Array.isArray(parsedHost) ? parsedHost[0] : parsedHost)!;
    const hostPublicLine = `${hostPublic.type} ${hostPublic.getPublicSSH().toString("base64")}`;
    const allowed = utils.parseKey(client.public);
    const tree = createOutboxTree(context.ledger, context.clock, options.banks);
    const connections = new Set<Connection>();
    const timers = new Set<NodeJS.Timeout>();

    const server = new Server({ hostKeys: [hostKey], ident: "BankBridgeSandbox_1.0" }, (connection) => {
      // The front end being down, or resetting, refuses the SSH connection before the handshake completes.
      const decision = context.faults.decide("sftp:connect", context.clock.now());
      if (decision.action.kind === "down" || decision.action.kind === "reset") {
        connection.on("error", () => undefined);
        connection.end();
        return;
      }
      connections.add(connection);
      connection.on("close", () => connections.delete(connection));
      connection.on("error", (error) => context.logger.warn("sftp connection error", { error: error.message }));
      connection.on("authentication", (ctx) => {
        if (ctx.username === username && keyMatches(ctx, allowed)) ctx.accept();
        else ctx.reject(["publickey"]);
      });
      connection.on("ready", () => {
        connection.on("session", (accept) => {
          const session = accept();
          session.on("sftp", (acceptSftp) => serveSftp(acceptSftp(), tree, context, connection, timers));
        });
      });
    });
    server.on("connection", () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, context.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    server.on("error", (error: Error) => context.logger.warn("sftp server error", { error: error.message }));
    const address = server.address();
    const actualPort = typeof address === "object" && address !== null ? address.port : port;
    const base = `sftp://${username}@${context.host}:${actualPort}`;
    const accounts = context.ledger
      .accounts()
      .filter((a) => options.banks === undefined || options.banks.includes(a.bankId))
      .map((a) => a.id);
    context.logger.info("sftp listening", { url: base });
    return {
      endpoint: {
        id: "sftp",
        protocol: "sftp",
        description: "Host-to-host SFTP: daily camt.053/MT940/BAI2, intraday camt.052 and camt.054 notifications under /outbox",
        url: base,
        urls: { outbox: `${base}/outbox` },
        credentials: {
          username,
          privateKey: client.private,
          publicKey: client.public,
          hostKeyFingerprint: sshFingerprint(hostPublicLine),
          hostPublicKey: hostPublicLine,
        },
        accounts,
      },
      close: async () => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const c of connections) c.end();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
  };
}

/** The SFTP front end with default options (every bank, fresh keys, user `bankbridge`). */
export const startSftp: ServiceFactory = createSftpService();

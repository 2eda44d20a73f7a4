/** A raw `node:net` client for the CCB-like front end: sends bytes, returns every byte until the server closes. */
import { connect } from "node:net";

export interface RawReply {
  readonly bytes: Buffer;
  /** How the connection ended: `end` (FIN after the reply) or the socket error's code. */
  readonly ending: string;
}

export function rawExchange(url: string, request: Buffer, options: { halfClose?: boolean; timeoutMs?: number } = {}): Promise<RawReply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks: Buffer[] = [];
    let settled = false;
    const settle = (ending: string): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), ending });
    };
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("end", () => settle("end"));
    socket.on("error", (e: NodeJS.ErrnoException) => settle(e.code ?? e.message));
    socket.on("close", () => settle("close"));
    if (options.timeoutMs) socket.setTimeout(options.timeoutMs, () => settle("client-timeout"));
    socket.write(request);
    if (options.halfClose) socket.end();
  });
}

/**
 * A CMB 国密 client for the tests, written from the protocol description rather than from the gateway's
 * code: its own canonical JSON, Node's sm4-cbc, sm-crypto-v2 called directly, and fetch over real HTTP.
 *
 * @module
 */
import { createCipheriv, createDecipheriv } from "node:crypto";
import { sm2 } from "sm-crypto-v2";
import type { EndpointInfo } from "../../../service.js";

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${sortedJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What the client got back. */
export interface CmbCallResult {
  readonly status: number;
  /** The raw body text. */
  readonly raw: string;
  /** The decrypted reply, when the body was a sealed reply. */
  readonly reply?: {
    readonly response: { readonly head: Record<string, string>; readonly body: Record<string, unknown> };
    readonly signature: { readonly sigdat: string; readonly sigtim: string };
  };
  /** The decrypted reply text (what the bank signed, with the real sigdat). */
  readonly replyText?: string;
  /** Whether the reply's signature verified with the bank's published key (sm-crypto-v2). */
  readonly verified?: boolean;
}

/** Options to misbehave. */
export interface CallOptions {
  readonly tamperSignature?: boolean;
  readonly data?: string;
  readonly uid?: string;
  readonly headFuncode?: string;
}

/** The bytes the bank signed for a reply (sigdat set back to the placeholder). */
export function replySignedText(reply: NonNullable<CmbCallResult["reply"]>): string {
  return sortedJson({ ...reply, signature: { ...reply.signature, sigdat: "__signature_sigdat__" } });
}

/** A client for one gateway endpoint. */
export function cmbClient(endpoint: EndpointInfo) {
  const c = endpoint.credentials;
  const key = Buffer.from(c.sm4Key ?? "", "latin1");
  const iv = Buffer.from(c.sm4Iv ?? "", "latin1");
  const userId = c.sm2UserId ?? "";
  const priv = Buffer.from(c.clientPrivateKey ?? "", "base64").toString("hex");
  const bankPub = Buffer.from(c.bankPublicKey ?? "", "base64").toString("hex");
  let n = 0;

  const encrypt = (text: string): string => {
    const cipher = createCipheriv("sm4-cbc", key, iv);
    return Buffer.concat([cipher.update(text, "utf8"), cipher.final()]).toString("base64");
  };
  const decrypt = (b64: string): string => {
    const d = createDecipheriv("sm4-cbc", key, iv);
    return Buffer.concat([d.update(Buffer.from(b64, "base64")), d.final()]).toString("utf8");
  };

  return {
    async call(funcode: string, body: Record<string, unknown>, options: CallOptions = {}): Promise<CmbCallResult> {
      n++;
      const message = {
        request: {
          head: { funcode: options.headFuncode ?? funcode, userid: c.uid, reqid: `20260302100000000${String(n).padStart(5, "0")}` },
          body,
        },
        signature: { sigdat: "__signature_sigdat__", sigtim: "20260302100000" },
      };
      let sig = sm2.doSignature(Buffer.from(sortedJson(message), "utf8"), priv, { hash: true, userId });
      if (options.tamperSignature) sig = `${sig.slice(0, 10)}${sig[10] === "0" ? "1" : "0"}${sig.slice(11)}`;
      const signed = { ...message, signature: { ...message.signature, sigdat: Buffer.from(sig, "hex").toString("base64") } };
      const form = new URLSearchParams({
        UID: options.uid ?? c.uid ?? "",
        FUNCODE: funcode,
        ALG: "SM",
        DATA: options.data ?? encrypt(JSON.stringify(signed)),
      });
      const res = await fetch(endpoint.url, {
        method: "POST",
        body: form,
        headers: { "content-type": "application/x-www-form-urlencoded" },
      });
      const raw = await res.text();
      if (raw.startsWith("CDCServer:") || res.status !== 200) return { status: res.status, raw };
      const replyText = decrypt(raw);
      const reply = JSON.parse(replyText) as NonNullable<CmbCallResult["reply"]>;
      const verified = sm2.doVerifySignature(
        Buffer.from(replySignedText(reply), "utf8"),
        Buffer.from(reply.signature.sigdat, "base64").toString("hex"),
        bankPub,
        { hash: true, userId },
      );
      return { status: res.status, raw, reply, replyText, verified };
    },
  };
}

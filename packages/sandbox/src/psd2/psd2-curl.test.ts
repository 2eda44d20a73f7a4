import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { addDays } from "@bankbridge/hub/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AccountList, ConsentCreated, ConsentInfo, ConsentStatusBody, TransactionReport } from "./test-support/psd2-bodies.js";
import { HAVE_SPEC, type Psd2Fixture, specValidator, startPsd2Fixture } from "./test-support/psd2-fixture.js";

const CURL = "/usr/bin/curl";

/** `body` is the parsed JSON (undefined for HTML), typed `T` by the caller as in the fixture's `call`. */
interface CurlResponse<T = unknown> {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string;
  readonly body: T;
}

describe.skipIf(!HAVE_SPEC || !existsSync(CURL))("PSD2 consent flow with the real curl", () => {
  let f: Psd2Fixture;
  let dir: string;
  let caFile: string;
  beforeAll(async () => {
    f = await startPsd2Fixture({ historyDays: 30 });
    dir = await mkdtemp(join(tmpdir(), "psd2-curl-"));
    caFile = join(dir, "ca.pem");
    await writeFile(caFile, f.service.endpoint.credentials.caCertificatePem ?? "");
  });
  afterAll(async () => {
    await f?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  /**
   * Runs curl with -i; parses the answer; validates /v1 answers against the spec. `T` is the body schema
   * (`./test-support/psd2-bodies.ts`) of the status the test expects and asserts: the spec check has then
   * proven the body has that shape. Pages and other non-/v1 answers are not checked: leave `T` unknown.
   */
  function curl<T = unknown>(method: string, hrefOrPath: string, args: readonly string[] = []): Promise<CurlResponse<T>> {
    const url = new URL(hrefOrPath, f.origin);
    const requestId = randomUUID();
    const argv = ["-sS", "-i", "--cacert", caFile, "-X", method, "-H", `X-Request-ID: ${requestId}`, ...args, url.toString()];
    return new Promise((resolve, reject) => {
      execFile(CURL, argv, { timeout: 10_000, encoding: "utf8" }, (error, stdout, stderr) => {
        if (error !== null) {
          reject(new Error(`curl failed: ${stderr}`));
          return;
        }
        const split = stdout.indexOf("\r\n\r\n");
        const head = stdout.slice(0, split).split("\r\n");
        const text = stdout.slice(split + 4);
        const status = Number(head[0]?.split(" ")[1]);
        const headers: Record<string, string> = {};
        for (const line of head.slice(1)) {
          const i = line.indexOf(":");
          headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
        }
        if (url.pathname.startsWith("/v1/")) {
          const problems = specValidator().problems({
            method,
            path: url.pathname,
            status,
            headers,
            body: text,
            checkRequiredHeaders: true,
          });
          if (headers["x-request-id"] !== requestId) problems.push("X-Request-ID not echoed");
          if (problems.length > 0) {
            reject(new Error(`curl got a response that does not conform:\n${problems.join("\n")}`));
            return;
          }
        }
        const body: unknown = (headers["content-type"] ?? "").includes("json") ? JSON.parse(text) : undefined;
        // Sound because the OpenAPI check above accepted this body for this status (see above).
        resolve({ status, headers, text, body: body as T });
      });
    });
  }

  it("creates a consent, approves it on the scaRedirect page, and reads accounts and transactions", async () => {
    const today = f.ledger.today("eubank");
    const ibans = f.ledger.accounts("eubank").map((a) => ({ iban: a.iban ?? a.id }));
    const consentBody = JSON.stringify({
      access: { accounts: [], balances: [], transactions: [] },
      recurringIndicator: true,
      validUntil: "9999-12-31",
      frequencyPerDay: 4,
      combinedServiceIndicator: false,
    });
    const created = await curl<ConsentCreated>("POST", "/v1/consents", [
      "-H",
      "Content-Type: application/json",
      "--data-binary",
      consentBody,
    ]);
    expect(created.status).toBe(201);
    expect(created.body.consentStatus).toBe("received");
    const consentId = created.body.consentId;

    // The PSU's browser: the page, then the form post with the login and the OTP.
    const page = await curl("GET", created.body._links.scaRedirect.href);
    expect(page.status).toBe(200);
    expect(page.text).toContain("Authorise account access");
    const c = f.service.endpoint.credentials;
    const approved = await curl("POST", created.body._links.scaRedirect.href, [
      "--data-urlencode",
      `psuId=${c.psuId}`,
      "--data-urlencode",
      `password=${c.psuPassword}`,
      "--data-urlencode",
      `otp=${c.psuOtp}`,
      "--data-urlencode",
      "action=approve",
    ]);
    expect(approved.status).toBe(200);

    const status = await curl<ConsentStatusBody>("GET", created.body._links.status.href);
    expect(status.body).toEqual({ consentStatus: "valid" });
    const info = await curl<ConsentInfo>("GET", `/v1/consents/${consentId}`);
    expect(info.body.access.transactions).toEqual(ibans.map((r, i) => ({ ...r, currency: f.ledger.accounts("eubank")[i]?.currency })));

    const accounts = await curl<AccountList>("GET", "/v1/accounts?withBalance=true", ["-H", `Consent-ID: ${consentId}`]);
    expect(accounts.status).toBe(200);
    expect(accounts.body.accounts.length).toBe(ibans.length);
    const first = accounts.body.accounts[0];
    const tx = await curl<TransactionReport>(
      "GET",
      `${first?._links?.transactions?.href}?bookingStatus=both&dateFrom=${addDays(today, -20)}&itemsPerPage=10`,
      ["-H", `Consent-ID: ${consentId}`],
    );
    expect(tx.status).toBe(200);
    expect(tx.body.transactions.booked).toHaveLength(10);
    const next = await curl<TransactionReport>("GET", tx.body.transactions._links?.next?.href ?? "", ["-H", `Consent-ID: ${consentId}`]);
    expect(next.status).toBe(200);
    const firstIds = new Set(tx.body.transactions.booked?.map((t) => t.transactionId));
    for (const t of next.body.transactions.booked ?? []) expect(firstIds.has(t.transactionId)).toBe(false);
  });
});

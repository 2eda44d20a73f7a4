import { execFile } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { describe, expect, it } from "vitest";
import { createSandboxTls } from "./create-sandbox-tls.js";

const CURL = "/usr/bin/curl";

function run(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(file, [...args], { timeout: 10_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

describe("createSandboxTls", () => {
  it("issues a loopback server certificate signed by its own CA", async () => {
    const tls = await createSandboxTls({ realNow: () => Date.UTC(2030, 0, 1) });
    const ca = new X509Certificate(tls.ca);
    const cert = new X509Certificate(tls.cert);
    expect(ca.ca).toBe(true);
    expect(cert.ca).toBe(false);
    expect(cert.verify(ca.publicKey)).toBe(true);
    expect(cert.checkIssued(ca)).toBe(true);
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.fingerprint256).toBe(tls.fingerprint256);
    expect(ca.fingerprint256).toBe(tls.caFingerprint256);
    expect(new Date(cert.validFrom).getTime()).toBeLessThan(Date.UTC(2030, 0, 1));
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(Date.UTC(2030, 0, 30));
  });

  it("is trusted by Node's TLS client and by curl through the CA only", async () => {
    const tls = await createSandboxTls();
    const server = createServer({ key: tls.key, cert: tls.cert }, (_req, res) => res.end("ok"));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const dir = await mkdtemp(join(tmpdir(), "sandbox-tls-"));
    try {
      const authorized = await new Promise<boolean>((resolve, reject) => {
        const socket = connect({ host: "127.0.0.1", port, ca: tls.ca, servername: "localhost" }, () => {
          resolve(socket.authorized);
          socket.end();
        });
        socket.on("error", reject);
      });
      expect(authorized).toBe(true);

      const caFile = join(dir, "ca.pem");
      await writeFile(caFile, tls.ca);
      const ok = await run(CURL, ["-sS", "--cacert", caFile, `https://127.0.0.1:${port}/`]);
      expect(ok).toMatchObject({ code: 0, stdout: "ok" });
      const viaName = await run(CURL, ["-sS", "--cacert", caFile, `https://localhost:${port}/`]);
      expect(viaName.stdout).toBe("ok");
      // Without the CA curl must refuse (exit 60: peer certificate cannot be authenticated).
      const refused = await run(CURL, ["-sS", `https://127.0.0.1:${port}/`]);
      expect(refused.code).toBe(60);
    } finally {
      server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

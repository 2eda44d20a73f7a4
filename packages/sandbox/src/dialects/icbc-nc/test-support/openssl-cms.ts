/**
 * An independent check of the signing port's packages: the real OpenSSL CLI's `cms -verify`, so the tests
 * do not only trust the sandbox's own CMS code.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether an `openssl` binary is on the PATH (the check is skipped without one). */
export const hasOpenssl: boolean = spawnSync("openssl", ["version"], { stdio: "ignore" }).status === 0;

/** The outcome of `openssl cms -verify`: whether it verified, and the content it recovered. */
export interface OpensslVerdict {
  readonly verified: boolean;
  readonly content: Buffer;
  readonly stderr: string;
}

/** Verifies a base64 DER CMS SignedData against `caPem` with `openssl cms -verify`. */
export function opensslCmsVerify(packageBase64: string, caPem: string): OpensslVerdict {
  const dir = mkdtempSync(join(tmpdir(), "icbc-cms-"));
  try {
    const sig = join(dir, "sig.der");
    const ca = join(dir, "ca.pem");
    const out = join(dir, "content.bin");
    writeFileSync(sig, Buffer.from(packageBase64, "base64"));
    writeFileSync(ca, caPem);
    const run = spawnSync("openssl", ["cms", "-verify", "-inform", "DER", "-in", sig, "-CAfile", ca, "-out", out], { encoding: "utf8" });
    const verified = run.status === 0;
    return { verified, content: verified ? readFileSync(out) : Buffer.alloc(0), stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

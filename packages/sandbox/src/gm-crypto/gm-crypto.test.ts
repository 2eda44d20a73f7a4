import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSeededRandom } from "../random/seeded-random.js";
import { sm2KeyPairFromRandom, sm2PublicKeyPem, sm2Sign, sm2Verify } from "./sm2.js";
import { sm3 } from "./sm3.js";
import { sm4CbcDecrypt, sm4CbcEncrypt } from "./sm4.js";

/** DER `SEQUENCE { INTEGER r, INTEGER s }` from raw r‖s, as OpenSSL wants it. */
function derSignature(raw: Uint8Array): Buffer {
  const int = (part: Uint8Array): Buffer => {
    let b = Buffer.from(part);
    while (b.length > 1 && b[0] === 0 && ((b[1] ?? 0) & 0x80) === 0) b = b.subarray(1);
    if (((b[0] ?? 0) & 0x80) !== 0) b = Buffer.concat([Buffer.from([0]), b]);
    return Buffer.concat([Buffer.from([2, b.length]), b]);
  };
  const body = Buffer.concat([int(raw.subarray(0, 32)), int(raw.subarray(32))]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

describe("gm-crypto", () => {
  it("SM4 matches the GB/T 32907 test vector", () => {
    const key = Buffer.from("0123456789abcdeffedcba9876543210", "hex");
    const out = sm4CbcEncrypt(key, Buffer.alloc(16), key);
    // CBC with a zero IV: the first block is the standard's ECB example.
    expect(out.subarray(0, 16).toString("hex")).toBe("681edf34d206965e86b3e94f536e4246");
    expect(out.length).toBe(32);
    expect(sm4CbcDecrypt(key, Buffer.alloc(16), out).equals(key)).toBe(true);
  });

  it("SM4 decryption with the wrong key throws", () => {
    const key = Buffer.from("0123456789abcdeffedcba9876543210", "hex");
    const wrong = Buffer.from("00000000000000000000000000000001", "hex");
    const iv = Buffer.alloc(16, 7);
    const out = sm4CbcEncrypt(key, iv, Buffer.from("hello 招商 bank, a longer message"));
    expect(() => sm4CbcDecrypt(wrong, iv, out)).toThrow();
  });

  it("SM3 matches the GB/T 32905 'abc' vector", () => {
    expect(sm3("abc").toString("hex")).toBe("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  });

  it("SM2 keys are deterministic under the seed and signatures verify only with the right id and key", () => {
    const a = sm2KeyPairFromRandom(createSeededRandom("k"));
    const b = sm2KeyPairFromRandom(createSeededRandom("k"));
    const other = sm2KeyPairFromRandom(createSeededRandom("other"));
    expect(Buffer.from(a.privateKey).equals(Buffer.from(b.privateKey))).toBe(true);
    expect(a.publicKey.length).toBe(65);
    const msg = Buffer.from('{"a":"中文"}');
    const sig = sm2Sign(msg, a.privateKey, "N000000001000000");
    expect(sig.length).toBe(64);
    expect(sm2Verify(msg, sig, a.publicKey, "N000000001000000")).toBe(true);
    expect(sm2Verify(msg, sig, a.publicKey, "1234567812345678")).toBe(false);
    expect(sm2Verify(msg, sig, other.publicKey, "N000000001000000")).toBe(false);
    expect(sm2Verify(Buffer.from('{"a":"中文 "}'), sig, a.publicKey, "N000000001000000")).toBe(false);
    expect(sm2Verify(msg, Buffer.alloc(64), a.publicKey)).toBe(false);
  });

  it("SM2 signatures verify with OpenSSL's independent implementation", () => {
    const pair = sm2KeyPairFromRandom(createSeededRandom("openssl"));
    const dir = mkdtempSync(join(tmpdir(), "sm2-"));
    try {
      const msg = Buffer.from("报文 body to sign");
      writeFileSync(join(dir, "pub.pem"), sm2PublicKeyPem(pair.publicKey));
      writeFileSync(join(dir, "msg.bin"), msg);
      writeFileSync(join(dir, "sig.der"), derSignature(sm2Sign(msg, pair.privateKey)));
      const verify = (id: string): string =>
        execFileSync(
          "openssl",
          [
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "pub.pem",
            "-rawin",
            "-digest",
            "sm3",
            "-in",
            "msg.bin",
            "-sigfile",
            "sig.der",
            "-pkeyopt",
            `distid:${id}`,
          ],
          { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
        );
      expect(verify("1234567812345678")).toContain("Verified Successfully");
      expect(() => verify("8765432112345678")).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

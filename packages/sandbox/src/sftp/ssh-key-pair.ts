/**
 * Fresh ed25519 key pairs in OpenSSH format for the SFTP sandbox.
 *
 * @module
 */
import ssh2 from "ssh2";

const { utils } = ssh2;

/** Attempts before giving up; each fails with probability 1/256, so ten failures in a row do not happen in practice. */
const ATTEMPTS = 10;

/**
 * A new ed25519 key pair (`private` in OpenSSH's format, `public` as an `authorized_keys` line) that ssh2 and
 * OpenSSH both read.
 *
 * Why not `utils.generateKeyPairSync("ed25519")` alone: when the public key starts with a zero byte (1 key in
 * 256), ssh2 writes it 31 bytes long and then refuses its own private key as "Malformed OpenSSH private key"
 * (measured: 19 of 5,000 pairs). A sandbox start makes two pairs, so about one `bankbridge start` in 128 failed.
 * A pair is checked by parsing both halves, and a bad one is made again.
 */
export function generateSshKeyPair(): { readonly private: string; readonly public: string } {
  for (let i = 0; i < ATTEMPTS; i++) {
    const pair = utils.generateKeyPairSync("ed25519");
    if (!(utils.parseKey(pair.private) instanceof Error) && !(utils.parseKey(pair.public) instanceof Error)) return pair;
  }
  throw new Error(`could not make an ed25519 key pair that parses in ${ATTEMPTS} attempts`);
}

/**
 * Host-to-host SFTP statements: the simulated banks' outbox over a real SSH server (the `ssh2` package), as
 * corporate treasury systems collect statement files from their banks.
 *
 * **Login.** `sftp://bankbridge@127.0.0.1:PORT` (`EndpointInfo.url`). Public-key authentication only: the
 * sandbox makes an ed25519 client key pair at each start; `credentials.privateKey` is the private key in
 * OpenSSH format (save it with mode 600 and pass it to `sftp -i`), `credentials.publicKey` its public half,
 * `credentials.username` the user. The server's host key is fresh at each start too: `credentials.hostKeyFingerprint`
 * is its `SHA256:…` fingerprint as `ssh-keygen -lf` prints it (and `credentials.hostPublicKey` the key line for
 * `known_hosts`). Password, keyboard-interactive and any other key are refused. Only the SFTP subsystem is
 * served (no shell, no exec, no forwarding).
 *
 * ```
 * sftp -i key -P PORT -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null bankbridge@127.0.0.1
 * ```
 *
 * **Files** (read-only; everything follows from the ledger and the simulated clock):
 *
 * ```
 * /outbox/<bank>/<account>/<YYYY-MM-DD>/
 *   camt053_<account>_<date>.xml          end-of-day statement, ISO 20022 camt.053.001.08
 *   mt940_<account>_<date>.sta            end-of-day statement, SWIFT MT940
 *   bai2_<account>_<date>.bai             end-of-day statement, BAI2 (one group, control totals)
 *   camt052_<account>_<date>_<HHmm>.xml   intraday report at 10:00, 12:00, 14:00 and 16:00 bank time, camt.052.001.08
 *   camt054_<account>_<serial>.xml        debit/credit notification per booked transaction, camt.054.001.08
 * ```
 *
 * `<bank>` is `icbc`, `cmb`, `ccb`, `eubank`, `hkbank` (option `banks` narrows it), `<account>` the account
 * number (IBAN at the euro bank), `<date>` the bank's calendar day in its own zone (UTC+8 for the Chinese and
 * Hong Kong banks, UTC+1 for the euro bank), `<serial>` the bank serial number (流水号) of the transaction. A
 * day's folder exists from the account's first day to today. The end-of-day files appear once the day has ended
 * in the bank's zone, a snapshot once its hour has passed, a notification once its transaction booked, each with
 * that instant as its modification time; none changes afterwards (every read gives the same bytes). The files
 * are written with the hub's own writers; opening = the previous day's closing booked balance, closing = the
 * day's closing booked balance, closing available beside them, entries with the bank serial number as the
 * servicer reference, counterparty, remittance, ISO and bank transaction codes and reversal flags.
 *
 * **Operations.** REALPATH, STAT/LSTAT/FSTAT, OPENDIR/READDIR, OPEN (read)/READ/CLOSE. Writes (OPEN for
 * writing, WRITE, REMOVE, RENAME, MKDIR, RMDIR, SETSTAT, SYMLINK) get `SSH_FX_PERMISSION_DENIED`; a missing path
 * `SSH_FX_NO_SUCH_FILE`.
 *
 * **Faults.** `faults.decide("sftp:connect")` per connection (`down`/`reset`: the connection is dropped before
 * login) and `faults.decide("sftp:<op>")` per request, `<op>` one of `realpath`, `stat`, `lstat`, `opendir`,
 * `readdir`, `open`, `read`: latency delays the answer; `reset`/`down` disconnect; `timeout` never answers and
 * disconnects after `holdMs`; `serverError`/`rateLimit` answer `SSH_FX_FAILURE` "system busy"; `garble` corrupts
 * the bytes of a `read` (the file itself stays intact, so a re-read gets it right).
 *
 * @module
 */
export { createOutboxTree, INTRADAY_HOURS, normalizePath, type OutboxNode, type OutboxTree } from "./outbox-tree.js";
export { createSftpService, type SftpOptions, sshFingerprint, startSftp } from "./sftp-service.js";

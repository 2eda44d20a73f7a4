/**
 * The bank CSV push parser: bytes pushed in chunks cut anywhere, events out through a callback as they are read.
 * The encoding is read from the first 64 KiB (or the profile's or the caller's), the profile chosen from the same
 * head when none is given, then the bytes are decoded, split into rows and mapped in one pass, with memory bounded
 * by one chunk's rows (and, in a file of several accounts or currencies, the entries of the statements after the
 * first, held so that each statement's events come together: see `ProfileApplier`). `parseBankCsvStream` is the same
 * as an async iterator.
 *
 * @module
 */
import type { DocumentId, Issue } from "../../core/index.js";
import { type ChunkDecoder, createChunkDecoder, decodeDocument, MAX_LEADING_SPACE, normalizeEncoding } from "../encoding.js";
import { builtinProfiles } from "./builtin-profiles.js";
import { type CsvRowReader, createCsvRowReader } from "./csv-reader.js";
import type { MappingProfile } from "./mapping-profile.js";
import { matchProfile, profileHead } from "./match-profile.js";
import { type BankCsvEvent, ProfileApplier } from "./profile-applier.js";
import { profileOption } from "./profile-option.js";

/** Options of {@link createBankCsvParser} and `parseBankCsvStream`. */
export interface BankCsvStreamOptions {
  /** A mapping profile (validated here) or a built-in profile's id; detected from the content when absent. */
  readonly profile?: unknown;
  /** An encoding label, or `auto`. The profile's `encoding` applies when this is absent. @default "auto" */
  readonly encoding?: string;
  readonly documentId?: DocumentId;
  readonly filename?: string;
  /** The profiles detection chooses from. @default builtinProfiles */
  readonly profiles?: readonly MappingProfile[];
}

/** A push parser: feed it bytes, it calls back with the events. */
export interface BankCsvParser {
  /** Reads the next bytes (cut anywhere, even inside a character). */
  push(chunk: Uint8Array): void;
  /** The bytes have ended: delivers the last events, ending with `end`. */
  end(): void;
}

/**
 * Bytes looked at before the encoding and the profile are decided, after the white space the document starts with
 * (up to {@link MAX_LEADING_SPACE}, as the registry's detection skips it): blank lines before the table must not
 * leave a head of nothing but blank lines.
 */
const HEAD_BYTES = 64 * 1024;

/** A byte of white space before the table: space, tab, CR, LF, or one of a UTF-8 byte-order mark's (at its place). */
function isLeadingSpace(byte: number, at: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d || (at < 3 && byte === [0xef, 0xbb, 0xbf][at]);
}

/** The head cut after its last line end, so a character cut in two does not make UTF-8 look invalid. */
function wholeLines(head: Uint8Array): Uint8Array {
  const nl = head.lastIndexOf(0x0a);
  if (nl < 0) return head;
  // In UTF-16LE a line end is 0A 00: keep the 00.
  const end = head[nl + 1] === 0 ? nl + 2 : nl + 1;
  return head.subarray(0, Math.min(end, head.length));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A push parser for a bank CSV file, calling `onEvent` with the same events as the camt stream: `statement`,
 * `entry`, `statementEnd` (with the integrity findings), `issue`, `end`. Never throws for bad input: a refusal is
 * an `issue` event and the `end` event's `rejected`, after which further bytes are ignored.
 *
 * @example
 * const parser = createBankCsvParser({}, (event) => { if (event.type === "entry") store(event.entry); });
 * for await (const bytes of createReadStream("icbc.csv")) parser.push(bytes);
 * parser.end();
 */
export function createBankCsvParser(options: BankCsvStreamOptions, onEvent: (event: BankCsvEvent) => void): BankCsvParser {
  const head: Uint8Array[] = [];
  let headBytes = 0;
  // The white space the bytes start with, counted while it lasts.
  let leading = 0;
  let inLeading = true;
  let decoder: ChunkDecoder | undefined;
  let reader: CsvRowReader | undefined;
  let applier: ProfileApplier | undefined;
  let done = false;

  const refuse = (issue: Issue) => {
    done = true;
    onEvent({ type: "issue", issue });
    onEvent({ type: "end", statements: 0, entries: 0, rejected: issue });
  };

  /** Decides encoding and profile from the head, then reads the head. */
  const start = () => {
    const bytes = concat(head);
    head.length = 0;
    const option = profileOption(options.profile === undefined ? undefined : { profile: options.profile });
    if (option.issues.length > 0) {
      const first = option.issues[0] as Issue;
      for (const issue of option.issues.slice(1)) onEvent({ type: "issue", issue });
      refuse({ ...first, message: `the mapping profile is not valid: ${first.message}` });
      return;
    }
    const label = options.encoding ?? option.profile?.encoding;
    const forced = label === undefined || label === "auto" ? undefined : normalizeEncoding(label);
    if (label !== undefined && label !== "auto" && forced === undefined) {
      refuse({ severity: "error", code: "ENCODING_UNSUPPORTED", message: `unknown encoding "${label.slice(0, 40)}"` });
      return;
    }
    const probe = decodeDocument(wholeLines(bytes), forced);
    let profile = option.profile;
    if (profile === undefined) {
      const match = matchProfile(profileHead(probe.text), options.profiles ?? builtinProfiles);
      if (match === undefined || match.score < 0.5) {
        refuse({
          severity: "error",
          code: "BANK_CSV_PROFILE_UNKNOWN",
          message: "no built-in profile recognises this table; write a mapping profile (docs/profiles.md) and pass it",
        });
        return;
      }
      profile = match.profile;
    }
    decoder = createChunkDecoder(probe.encoding);
    const a = new ProfileApplier(
      profile,
      {
        ...(options.documentId === undefined ? {} : { documentId: options.documentId }),
        ...(options.filename === undefined ? {} : { filename: options.filename }),
      },
      (event) => {
        if (event.type === "end") done = true;
        onEvent(event);
      },
    );
    applier = a;
    reader = createCsvRowReader({ delimiter: profile.delimiter ?? ",", quote: profile.quote ?? '"', trim: profile.trim ?? true }, (row) =>
      a.push(row),
    );
    // A byte-order mark decodes to U+FEFF, which the row reader drops.
    reader.push(decoder.decode(bytes, { stream: true }));
  };

  return {
    push(chunk) {
      if (done) return;
      if (reader === undefined || decoder === undefined) {
        head.push(chunk);
        if (inLeading) {
          let i = 0;
          while (i < chunk.length && isLeadingSpace(chunk[i] as number, headBytes + i)) i++;
          leading += i;
          inLeading = i === chunk.length && leading <= MAX_LEADING_SPACE;
        }
        headBytes += chunk.length;
        if (headBytes - leading >= HEAD_BYTES) start();
        return;
      }
      reader.push(decoder.decode(chunk, { stream: true }));
    },
    end() {
      if (done) return;
      if (reader === undefined) {
        if (headBytes === 0) {
          refuse({ severity: "error", code: "FILE_EMPTY", message: "the document is empty" });
          return;
        }
        start();
        if (done) return;
      }
      reader?.push(decoder?.decode() ?? "");
      reader?.end();
      applier?.end();
      done = true;
    },
  };
}

/**
 * Streaming a camt document from bytes: a file path, a `Readable` or any async iterable of byte chunks,
 * decoded chunk by chunk (`createChunkDecoder`) in the encoding the document starts with (byte-order mark or UTF-16
 * without one, else its XML declaration unless that names an 8-bit code page over UTF-8 bytes, else UTF-8) and
 * parsed with {@link parseCamtStream}. Memory stays bounded whatever the file's size: no chunk is kept after it has
 * been read.
 *
 * @module
 */

import { isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";
import { HubError, isHubError } from "../../core/index.js";
import { byteOrderMark, type ChunkDecoder, createChunkDecoder, declaredEncoding, isLenient, normalizeEncoding } from "../encoding.js";
import { DEFAULT_MAX_TEXT_LENGTH } from "../xml/index.js";
import { type CamtEvent, type CamtStreamContext, parseCamtStream } from "./camt-stream.js";

/** Options of {@link parseCamtFile} and {@link decodeCamtBytes}. */
export interface CamtFileOptions extends CamtStreamContext {
  /**
   * Read the bytes in this encoding (a WHATWG label: `utf-8`, `iso-8859-1`, `utf-16le`…, or `cp852`) instead of the
   * one the document declares. @default the byte-order mark, else the XML declaration, else UTF-8
   */
  readonly encoding?: string;
}

/**
 * Bytes looked at to choose the encoding, after any white space before the document: the XML declaration is within
 * the first few dozen.
 */
const HEAD = 1024;

/** Whether byte `b` is XML white space, which the camt reader skips before the XML declaration. */
function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}
/** Bytes from the first non-ASCII one that decide a declared 8-bit code page against UTF-8. */
const JUDGED = 1024;

/**
 * Whether bytes that start at the document's first non-ASCII byte are UTF-8: then a declared 8-bit code page, which
 * would decode them too, is a template's leftover. A character cut at their end (a lead byte without all the bytes it
 * needs) does not count against it.
 */
function utf8Head(b: Uint8Array): boolean {
  let end = b.length;
  let k = end - 1;
  while (k >= 0 && end - k <= 3 && ((b[k] as number) & 0xc0) === 0x80) k--;
  const lead = k >= 0 ? (b[k] as number) : 0;
  if (lead >= 0xc2 && lead <= 0xf4 && end - k < (lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2)) end = k;
  const head = b.subarray(0, end);
  return head.some((x) => x >= 0x80) && isUtf8(head);
}

/** The encoding that `<` as the first UTF-16 code unit shows (a document without a byte-order mark). */
function markless16(b: Uint8Array): string | undefined {
  if (b[0] === 0x3c && b[1] === 0x00) return "utf-16le";
  if (b[0] === 0x00 && b[1] === 0x3c) return "utf-16be";
  return undefined;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/**
 * Decodes byte chunks to text chunks. The encoding is chosen from the first bytes (see
 * {@link CamtFileOptions.encoding}); bytes that are not valid in it end the stream with `FILE_UNREADABLE`
 * (with the byte offset), never with replacement characters in an amount or a name.
 */
export async function* decodeCamtBytes(
  bytes: AsyncIterable<Uint8Array>,
  options: Pick<CamtFileOptions, "encoding"> = {},
): AsyncGenerator<string> {
  const head: Uint8Array[] = [];
  let headLength = 0;
  // The white space the head starts with, while it has nothing else: the choice waits for HEAD bytes after it, so a
  // declaration after blank lines of any length the reader accepts (DEFAULT_MAX_TEXT_LENGTH) is seen, as
  // `declaredEncoding` sees it in the whole document.
  let space = 0;
  let spaceEnded = false;
  let decoder: ChunkDecoder | undefined;
  let label = "";
  let offset = 0;
  // A declared 8-bit code page not yet believed: ASCII reads alike in it and in UTF-8, so the choice waits for the
  // first byte that is not ASCII, and is then the same whatever the chunks' sizes (and the registry's on the bytes).
  let pending: string | undefined;
  let carry: Uint8Array | undefined;
  const decode = (chunk: Uint8Array, stream: boolean): string => {
    try {
      const text = (decoder as ChunkDecoder).decode(chunk, { stream });
      offset += chunk.byteLength;
      return text;
    } catch (error) {
      throw new HubError("FILE_UNREADABLE", `the document is not valid ${label} (after byte ${offset}); give its encoding to read it`, {
        details: { encoding: label, offset },
        cause: error,
      });
    }
  };
  /** Decodes `chunk`, first settling a {@link pending} choice at its first byte that is not ASCII. */
  const read = (bytes: Uint8Array, last: boolean): string => {
    if (pending === undefined) return decode(bytes, !last);
    const chunk = carry === undefined ? bytes : concat([carry, bytes]);
    carry = undefined;
    let k = 0;
    while (k < chunk.length && (chunk[k] as number) < 0x80) k++;
    const ascii = Buffer.from(chunk.buffer, chunk.byteOffset, k).toString("latin1");
    offset += k;
    if (k === chunk.length) return ascii;
    // The same window is judged however the chunks are cut: the KiB from the first byte that is not ASCII.
    if (chunk.length - k < JUDGED && !last) {
      carry = chunk.slice(k);
      return ascii;
    }
    label = utf8Head(chunk.subarray(k, k + JUDGED)) ? "utf-8" : pending;
    pending = undefined;
    decoder = createChunkDecoder(label, { fatal: true });
    return ascii + decode(chunk.subarray(k), !last);
  };
  /** Chooses the decoder from the document's first bytes; returns how many bytes of byte-order mark to skip. */
  const start = (first: Uint8Array): number => {
    const forced = options.encoding === undefined ? undefined : normalizeEncoding(options.encoding);
    if (options.encoding !== undefined && forced === undefined) {
      throw new HubError("FILE_UNREADABLE", `unknown encoding "${options.encoding.slice(0, 40)}"`, {
        details: { encoding: options.encoding },
      });
    }
    const declared = declaredEncoding(first);
    const mark = byteOrderMark(first);
    const named = declared === undefined ? undefined : normalizeEncoding(declared);
    label = forced ?? mark?.encoding ?? markless16(first) ?? named ?? "utf-8";
    decoder = createChunkDecoder(label, { fatal: true });
    if (forced === undefined && mark === undefined && label === named && isLenient(named)) pending = named;
    // The mark (a UTF-8 one written twice counts as one) is not text; a forced encoding keeps a mark of another.
    return mark !== undefined && mark.encoding === label ? mark.length : 0;
  };
  for await (const chunk of bytes) {
    if (decoder === undefined) {
      head.push(chunk);
      headLength += chunk.byteLength;
      if (!spaceEnded) {
        let k = 0;
        while (k < chunk.length && isSpace(chunk[k] as number)) k++;
        space += k;
        spaceEnded = k < chunk.length;
      }
      if (headLength - space < HEAD && space <= DEFAULT_MAX_TEXT_LENGTH) continue;
      const first = concat(head);
      head.length = 0;
      const skip = start(first);
      offset = skip;
      const text = read(first.subarray(skip), false);
      if (text.length > 0) yield text;
      continue;
    }
    const text = read(chunk, false);
    if (text.length > 0) yield text;
  }
  if (decoder === undefined) {
    const first = concat(head);
    const skip = start(first);
    offset = skip;
    const text = read(first.subarray(skip), false);
    if (text.length > 0) yield text;
  }
  const rest = read(new Uint8Array(0), true);
  if (rest.length > 0) yield rest;
}

/** A file's bytes, with a missing file as `FILE_NOT_FOUND` and other read errors as `FILE_UNREADABLE`. */
async function* fileBytes(path: string): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 })) {
      const bytes: Buffer = chunk;
      yield bytes;
    }
  } catch (error) {
    if (isHubError(error)) throw error;
    const code = typeof error === "object" && error !== null && "code" in error ? error.code : undefined;
    const message = error instanceof Error ? error.message : String(error);
    throw new HubError(code === "ENOENT" ? "FILE_NOT_FOUND" : "FILE_UNREADABLE", `cannot read ${path}: ${message}`, { cause: error });
  }
}

/**
 * Streams the camt document at `source` (a file path, a `Readable` of bytes, or any async iterable of byte
 * chunks) through {@link parseCamtStream}.
 *
 * @example
 * for await (const event of parseCamtFile("statement.xml")) if (event.type === "entry") count++;
 */
export function parseCamtFile(
  source: string | Readable | AsyncIterable<Uint8Array>,
  options: CamtFileOptions = {},
): AsyncIterableIterator<CamtEvent> {
  const bytes: AsyncIterable<Uint8Array> = typeof source === "string" ? fileBytes(source) : source;
  return parseCamtStream(decodeCamtBytes(bytes, options), options);
}

/**
 * The record layer of a BIFF workbook stream ([MS-XLS] 2.1.4): records of a 2-byte type and a 2-byte length,
 * and the strings in them, which may continue into CONTINUE records, where a character run resumes after a
 * fresh option byte saying whether it goes on in one or two bytes per character.
 *
 * @module
 */
import { ExcelReadError } from "./excel-limits.js";

/** Record types this reader knows ([MS-XLS] 2.3). */
export const R = {
  FORMULA: 0x0006,
  EOF: 0x000a,
  FORMAT_BIFF5: 0x001e,
  DATEMODE: 0x0022,
  FILEPASS: 0x002f,
  CONTINUE: 0x003c,
  CODEPAGE: 0x0042,
  BOUNDSHEET: 0x0085,
  MULRK: 0x00bd,
  RSTRING: 0x00d6,
  XF: 0x00e0,
  SST: 0x00fc,
  LABELSST: 0x00fd,
  NUMBER: 0x0203,
  LABEL: 0x0204,
  BOOLERR: 0x0205,
  STRING: 0x0207,
  RK: 0x027e,
  FORMAT: 0x041e,
  BOF: 0x0809,
} as const;

/** One record: its type and its data (the bytes after the 4-byte header, a view into the stream). */
export interface BiffRecord {
  readonly type: number;
  readonly data: Uint8Array;
  /** Offset of the record's header in the stream. */
  readonly offset: number;
}

function damaged(message: string): ExcelReadError {
  return new ExcelReadError("EXCEL_DAMAGED", `the .xls workbook stream is damaged: ${message}`, { container: "biff" });
}

/** The records from `offset` on, each with its CONTINUE records (which are not yielded on their own). */
export function* records(stream: Uint8Array, offset: number): Generator<{ record: BiffRecord; continues: Uint8Array[] }> {
  let at = offset;
  let pending: { record: BiffRecord; continues: Uint8Array[] } | undefined;
  while (at + 4 <= stream.length) {
    const type = stream[at]! | (stream[at + 1]! << 8);
    const length = stream[at + 2]! | (stream[at + 3]! << 8);
    if (at + 4 + length > stream.length) throw damaged(`record 0x${type.toString(16)} at offset ${at} runs past the end of the stream`);
    const data = stream.subarray(at + 4, at + 4 + length);
    if (type === R.CONTINUE && pending !== undefined) pending.continues.push(data);
    else {
      if (pending !== undefined) yield pending;
      pending = { record: { type, data, offset: at }, continues: [] };
    }
    at += 4 + length;
  }
  if (pending !== undefined) yield pending;
}

/**
 * Reads across a record and its CONTINUE records. Plain bytes (counts, run tables) continue where they left
 * off; a character run that reaches a record boundary resumes after the option byte the next record starts with.
 */
export class ContinuedReader {
  readonly #segments: readonly Uint8Array[];
  #segment = 0;
  #at = 0;

  constructor(first: Uint8Array, continues: readonly Uint8Array[]) {
    this.#segments = [first, ...continues];
  }

  get done(): boolean {
    this.#skipEmpty();
    return this.#segment >= this.#segments.length;
  }

  #skipEmpty(): void {
    while (this.#segment < this.#segments.length && this.#at >= this.#segments[this.#segment]!.length) {
      this.#segment++;
      this.#at = 0;
    }
  }

  byte(): number {
    this.#skipEmpty();
    const seg = this.#segments[this.#segment];
    if (seg === undefined) throw damaged("a record ends in the middle of a value");
    return seg[this.#at++]!;
  }

  u16(): number {
    return this.byte() | (this.byte() << 8);
  }

  u32(): number {
    return (this.u16() | (this.u16() << 16)) >>> 0;
  }

  /** Skips `n` plain bytes (rich-text runs, phonetic data). */
  skip(n: number): void {
    let left = n;
    while (left > 0) {
      this.#skipEmpty();
      const seg = this.#segments[this.#segment];
      if (seg === undefined) throw damaged("a record ends in the middle of a string's formatting");
      const take = Math.min(left, seg.length - this.#at);
      this.#at += take;
      left -= take;
    }
  }

  /**
   * `count` characters, one byte each (Latin-1, BIFF8's "compressed" form) or two (UTF-16LE) as `highByte`
   * says; at a record boundary, the next record's first byte says it afresh.
   */
  chars(count: number, highByte: boolean): string {
    const parts: string[] = [];
    let left = count;
    let wide = highByte;
    while (left > 0) {
      const seg = this.#segments[this.#segment];
      if (seg === undefined) throw damaged("a string runs past the end of its record");
      const width = wide ? 2 : 1;
      const fit = Math.min(left, Math.floor((seg.length - this.#at) / width));
      if (fit > 0) {
        const slice = seg.subarray(this.#at, this.#at + fit * width);
        parts.push(wide ? new TextDecoder("utf-16le").decode(slice) : latin1(slice));
        this.#at += fit * width;
        left -= fit;
      }
      if (left === 0) break;
      // The run goes on in the next record, which starts with its own option byte.
      this.#segment++;
      const next = this.#segments[this.#segment];
      if (next === undefined || next.length === 0) throw damaged("a string continues into a record that is not there");
      wide = (next[0]! & 1) === 1;
      this.#at = 1;
    }
    return parts.join("");
  }
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) s += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return s;
}

/** An 8-byte IEEE double at `at` in `data` (little-endian). */
export function readDouble(data: Uint8Array, at: number): number {
  return new DataView(data.buffer, data.byteOffset, data.byteLength).getFloat64(at, true);
}

/**
 * An RK number ([MS-XLS] 2.5.217): 30 bits that are either a signed integer or the top of a double, and a flag
 * to divide by 100.
 */
export function rkValue(rk: number): number {
  let v: number;
  if ((rk & 2) !== 0) v = rk >> 2;
  else {
    const buf = new DataView(new ArrayBuffer(8));
    buf.setUint32(4, (rk & 0xfffffffc) >>> 0, true);
    v = buf.getFloat64(0, true);
  }
  return (rk & 1) !== 0 ? v / 100 : v;
}

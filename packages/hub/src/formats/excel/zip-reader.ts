/**
 * The ZIP container of an .xlsx, read from its central directory, one part at a time. Inflating is Node's
 * zlib (`inflateRawSync` with `maxOutputLength`), so a part stops inflating at its limit however small its
 * compressed form is: a zip bomb costs at most {@link ExcelLimits.maxPartBytes} and the CRC of every part is
 * checked. Only what OOXML needs is supported: stored and deflated entries, ZIP64 sizes; not encryption,
 * multi-disk archives or other methods.
 *
 * @module
 */
import { crc32, inflateRawSync } from "node:zlib";
import { type ExcelLimits, ExcelReadError } from "./excel-limits.js";

/** One file in the archive, as its central directory describes it. */
export interface ZipEntry {
  /** The name as stored, `/`-separated, without a leading `/`. */
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly crc: number;
  readonly localOffset: number;
  readonly encrypted: boolean;
}

/** An archive whose directory has been read; parts are inflated on request. */
export interface ZipArchive {
  /** Entries by lower-cased name (OPC part names compare without case). */
  readonly entries: ReadonlyMap<string, ZipEntry>;
  /** The part's bytes, or `undefined` when there is no such entry. Throws {@link ExcelReadError}. */
  read(name: string): Uint8Array | undefined;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function damaged(message: string): ExcelReadError {
  return new ExcelReadError("EXCEL_DAMAGED", `the .xlsx ZIP container is damaged: ${message}`, { container: "zip" });
}

/** Opens the archive in `bytes`: finds and reads the central directory. Throws {@link ExcelReadError}. */
export function openZip(bytes: Uint8Array, limits: ExcelLimits): ZipArchive {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfDirectory(bytes, view);
  let count = view.getUint16(eocd + 10, true);
  let directorySize = view.getUint32(eocd + 12, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  if (view.getUint16(eocd + 4, true) !== 0 || view.getUint16(eocd + 6, true) !== 0) {
    throw new ExcelReadError("EXCEL_UNSUPPORTED", "the .xlsx is a multi-disk ZIP archive", { container: "zip" });
  }
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const zip64 = readZip64End(view, eocd);
    count = zip64.count;
    directorySize = zip64.size;
    directoryOffset = zip64.offset;
  }
  if (count > limits.maxZipEntries) {
    throw new ExcelReadError("EXCEL_TOO_LARGE", `the .xlsx has ${count} ZIP entries; at most ${limits.maxZipEntries} are read`);
  }
  if (directoryOffset + directorySize > bytes.length) throw damaged("the central directory lies beyond the end of the file");

  const entries = new Map<string, ZipEntry>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL)
      throw damaged(`central directory entry ${i + 1} is not where the directory says`);
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    let compressedSize = view.getUint32(at + 20, true);
    let size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    let localOffset = view.getUint32(at + 42, true);
    const end = at + 46 + nameLength + extraLength + commentLength;
    if (end > bytes.length) throw damaged(`central directory entry ${i + 1} runs past the end of the file`);
    const rawName = new TextDecoder("utf-8").decode(bytes.subarray(at + 46, at + 46 + nameLength));
    // ZIP64: the real sizes and offset are in extra field 0x0001, in this order, for those set to all ones.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      const z = zip64Extra(view, at + 46 + nameLength, extraLength);
      let k = 0;
      const next = () => {
        const v = z[k++];
        if (v === undefined) throw damaged(`entry "${rawName.slice(0, 80)}" lacks its ZIP64 sizes`);
        return v;
      };
      if (size === 0xffffffff) size = next();
      if (compressedSize === 0xffffffff) compressedSize = next();
      if (localOffset === 0xffffffff) localOffset = next();
    }
    const name = rawName.replace(/\\/g, "/").replace(/^\/+/, "");
    const key = name.toLowerCase();
    // OPC forbids two parts with one name; the first one is the one Excel reads.
    if (!entries.has(key)) entries.set(key, { name, method, compressedSize, size, crc, localOffset, encrypted: (flags & 1) !== 0 });
    at = end;
  }

  let inflated = 0;
  return {
    entries,
    read(name) {
      const entry = entries.get(name.replace(/^\/+/, "").toLowerCase());
      if (entry === undefined) return undefined;
      const data = readEntry(bytes, view, entry, limits, limits.maxInflatedBytes - inflated);
      inflated += data.length;
      return data;
    },
  };
}

function findEndOfDirectory(bytes: Uint8Array, view: DataView): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
  const lowest = Math.max(0, bytes.length - 22 - 0xffff);
  for (let at = bytes.length - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD && at + 22 + view.getUint16(at + 20, true) <= bytes.length) return at;
  }
  throw damaged("it has no end-of-central-directory record (truncated, or not a ZIP file)");
}

function readZip64End(view: DataView, eocd: number): { count: number; size: number; offset: number } {
  const locator = eocd - 20;
  if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw damaged("the ZIP64 end-of-directory locator is missing");
  const at = safeNumber(view.getBigUint64(locator + 8, true));
  if (at + 56 > view.byteLength || view.getUint32(at, true) !== ZIP64_EOCD) throw damaged("the ZIP64 end-of-directory record is missing");
  return {
    count: safeNumber(view.getBigUint64(at + 32, true)),
    size: safeNumber(view.getBigUint64(at + 40, true)),
    offset: safeNumber(view.getBigUint64(at + 48, true)),
  };
}

function zip64Extra(view: DataView, start: number, length: number): number[] {
  let at = start;
  const end = start + length;
  while (at + 4 <= end) {
    const id = view.getUint16(at, true);
    const size = view.getUint16(at + 2, true);
    if (id === 0x0001) {
      const values: number[] = [];
      for (let k = at + 4; k + 8 <= Math.min(at + 4 + size, end); k += 8) values.push(safeNumber(view.getBigUint64(k, true)));
      return values;
    }
    at += 4 + size;
  }
  return [];
}

function safeNumber(value: bigint): number {
  // Offsets and sizes beyond 2^53 cannot be in a file we hold in memory; they mark a damaged directory.
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged("a ZIP64 size or offset is impossibly large");
  return Number(value);
}

function readEntry(bytes: Uint8Array, view: DataView, entry: ZipEntry, limits: ExcelLimits, budget: number): Uint8Array {
  const label = `"${entry.name.slice(0, 80)}"`;
  if (entry.encrypted) throw new ExcelReadError("EXCEL_ENCRYPTED", `the .xlsx part ${label} is encrypted`);
  const cap = Math.min(limits.maxPartBytes, budget);
  if (entry.size > cap) throw tooLarge(entry, cap === limits.maxPartBytes ? "part" : "workbook", limits);
  const at = entry.localOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL) throw damaged(`the local header of ${label} is missing`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged(`${label} runs past the end of the file`);
  const raw = bytes.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === 0) data = raw;
  else if (entry.method === 8) {
    try {
      // The declared size is only a claim: inflating stops one byte past it, so a part that lies about its size
      // (the zip bomb's trick) costs no more than one that tells the truth, and that is at most `cap`.
      data = inflateRawSync(raw, { maxOutputLength: entry.size + 1 });
    } catch (e) {
      if ((e as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") {
        throw damaged(`${label} inflates to more than the ${entry.size} bytes its directory entry declares (a zip bomb?)`);
      }
      throw damaged(`${label} does not inflate (${e instanceof Error ? e.message : String(e)})`);
    }
  } else {
    throw new ExcelReadError(
      "EXCEL_UNSUPPORTED",
      `the .xlsx part ${label} uses ZIP compression method ${entry.method}; only stored and deflated parts are read`,
    );
  }
  if (data.length !== entry.size)
    throw damaged(`${label} inflates to ${data.length} bytes, not the ${entry.size} its directory entry says`);
  if (crc32(data) !== entry.crc) throw damaged(`${label} fails its CRC check`);
  return data;
}

function tooLarge(entry: ZipEntry, what: "part" | "workbook", limits: ExcelLimits): ExcelReadError {
  const limit = what === "part" ? limits.maxPartBytes : limits.maxInflatedBytes;
  return new ExcelReadError(
    "EXCEL_TOO_LARGE",
    `the .xlsx part "${entry.name.slice(0, 80)}" inflates beyond the ${what} limit of ${limit} bytes (a zip bomb, or a sheet too large to read)`,
    { part: entry.name.slice(0, 200), limit },
  );
}

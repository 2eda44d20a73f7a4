/**
 * The OLE compound file ([MS-CFB]) around a legacy .xls: a little FAT file system in 512- or 4096-byte
 * sectors. Only what is needed to get one stream out of the root storage is read, and every step is bounded
 * by the file: each sector chain may visit a sector once (a chain that loops is damage, not an endless read),
 * the directory tree is walked without recursion and without revisiting an entry, and no stream is longer
 * than the sectors that hold it.
 *
 * @module
 */
import { ExcelReadError } from "./excel-limits.js";

/** The first 8 bytes of every compound file. */
export const CFB_SIGNATURE = Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);

const END_OF_CHAIN = 0xfffffffe;
const FREE = 0xffffffff;
const NO_STREAM = 0xffffffff;
const MAX_REGULAR_SECTOR = 0xfffffffa;

/** A compound file's root storage: the streams directly in it, by name. */
export interface CompoundFile {
  /** Names of the streams in the root storage, as stored. */
  readonly streams: readonly string[];
  /** The stream named `name` (compared without case), or `undefined`. Throws {@link ExcelReadError}. */
  read(name: string): Uint8Array | undefined;
}

interface DirectoryEntry {
  readonly name: string;
  readonly type: number;
  readonly left: number;
  readonly right: number;
  readonly child: number;
  readonly start: number;
  readonly size: number;
}

function damaged(message: string): ExcelReadError {
  return new ExcelReadError("EXCEL_DAMAGED", `the .xls compound file is damaged: ${message}`, { container: "ole" });
}

/** Whether `bytes` starts with the compound-file signature. */
export function isCompoundFile(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && CFB_SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Opens the compound file in `bytes`. Throws {@link ExcelReadError}. */
export function openCompoundFile(bytes: Uint8Array): CompoundFile {
  if (!isCompoundFile(bytes)) throw damaged("it does not start with the OLE signature");
  if (bytes.length < 512) throw damaged("it is shorter than its 512-byte header");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => view.getUint32(at, true);
  const major = view.getUint16(26, true);
  const sectorShift = view.getUint16(30, true);
  if (!((major === 3 && sectorShift === 9) || (major === 4 && sectorShift === 12))) {
    throw damaged(`version ${major} with ${2 ** Math.min(sectorShift, 31)}-byte sectors is not a valid combination`);
  }
  const miniShift = view.getUint16(32, true);
  if (miniShift !== 6) throw damaged(`mini sectors of ${2 ** Math.min(miniShift, 31)} bytes (must be 64)`);
  const sectorSize = 1 << sectorShift;
  const sectorCount = Math.floor((bytes.length - sectorSize) / sectorSize) + (bytes.length % sectorSize === 0 ? 0 : 1);
  const perSector = sectorSize / 4;

  const sectorAt = (n: number): number => {
    if (n > MAX_REGULAR_SECTOR || n >= sectorCount) throw damaged(`sector ${n} lies beyond the end of the file`);
    return (n + 1) * sectorSize;
  };

  // The FAT's own sectors: 109 in the header, then DIFAT sectors chained by their last slot.
  const fatSectors: number[] = [];
  const numFat = u32(44);
  if (numFat > sectorCount) throw damaged(`it claims ${numFat} FAT sectors in a file of ${sectorCount}`);
  for (let k = 0; k < 109 && fatSectors.length < numFat; k++) fatSectors.push(u32(76 + k * 4));
  let difat = u32(68);
  const seenDifat = new Set<number>();
  while (fatSectors.length < numFat && difat !== END_OF_CHAIN && difat !== FREE) {
    if (seenDifat.has(difat)) throw damaged("the DIFAT chain loops");
    seenDifat.add(difat);
    const at = sectorAt(difat);
    for (let k = 0; k < perSector - 1 && fatSectors.length < numFat; k++) fatSectors.push(readU32(bytes, view, at + k * 4));
    difat = readU32(bytes, view, at + (perSector - 1) * 4);
  }
  if (fatSectors.length < numFat) throw damaged("the DIFAT lists fewer FAT sectors than the header says");
  const fat = new Uint32Array(fatSectors.length * perSector);
  fatSectors.forEach((sector, i) => {
    const at = sectorAt(sector);
    for (let k = 0; k < perSector; k++) fat[i * perSector + k] = readU32(bytes, view, at + k * 4);
  });

  /** The sectors of the chain from `start`, each at most once. */
  const chain = (start: number, table: Uint32Array, limit: number, what: string): number[] => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let n = start; n !== END_OF_CHAIN; ) {
      if (n >= table.length || n > MAX_REGULAR_SECTOR) throw damaged(`the ${what} chain points to sector ${n}, which does not exist`);
      if (seen.has(n)) throw damaged(`the ${what} chain loops`);
      if (out.length >= limit) break;
      seen.add(n);
      out.push(n);
      n = table[n] ?? END_OF_CHAIN;
    }
    return out;
  };
  const regular = (start: number, size: number, what: string): Uint8Array => {
    const sectors = chain(start, fat, Math.ceil(size / sectorSize), what);
    const out = new Uint8Array(Math.min(size, sectors.length * sectorSize));
    sectors.forEach((s, i) => {
      const at = sectorAt(s);
      const piece = bytes.subarray(at, Math.min(at + sectorSize, bytes.length));
      out.set(piece.subarray(0, Math.min(piece.length, out.length - i * sectorSize)), i * sectorSize);
    });
    if (out.length < size) throw damaged(`the ${what} is ${size} bytes but its sectors hold ${out.length}`);
    return out;
  };

  // The directory: 128-byte entries in the chain from the header's first directory sector.
  const dirStart = u32(48);
  const dirSectors = chain(dirStart, fat, sectorCount, "directory");
  const entries: DirectoryEntry[] = [];
  for (const s of dirSectors) {
    const at = sectorAt(s);
    for (let k = 0; k < sectorSize / 128; k++) {
      const e = at + k * 128;
      if (e + 128 > bytes.length) break;
      const nameBytes = Math.min(view.getUint16(e + 64, true), 64);
      const name = new TextDecoder("utf-16le").decode(bytes.subarray(e, e + Math.max(0, nameBytes - 2)));
      // Version 3 files may leave garbage in the size's high half ([MS-CFB] 2.6.3): only the low half counts.
      const high = major === 3 ? 0 : u32(e + 124);
      entries.push({
        name,
        type: bytes[e + 66] ?? 0,
        left: u32(e + 68),
        right: u32(e + 72),
        child: u32(e + 76),
        start: u32(e + 116),
        size: high * 2 ** 32 + u32(e + 120),
      });
    }
  }
  const root = entries[0];
  if (root === undefined || root.type !== 5) throw damaged("its first directory entry is not the root storage");

  // The root storage's children: a red-black tree of siblings under root.child, walked with a stack.
  const children: DirectoryEntry[] = [];
  const seen = new Set<number>();
  const stack = [root.child];
  while (stack.length > 0) {
    const id = stack.pop() ?? NO_STREAM;
    if (id === NO_STREAM) continue;
    const entry = entries[id];
    if (entry === undefined || seen.has(id)) throw damaged("the directory tree points outside itself or loops");
    seen.add(id);
    children.push(entry);
    stack.push(entry.left, entry.right);
  }
  const streams = children.filter((e) => e.type === 2);

  const cutoff = u32(56);
  let miniStream: Uint8Array | undefined;
  let miniFat: Uint32Array | undefined;
  const mini = (start: number, size: number, what: string): Uint8Array => {
    miniStream ??= regular(root.start, root.size, "mini stream");
    if (miniFat === undefined) {
      const table = regular(u32(60), u32(64) * sectorSize, "mini FAT");
      miniFat = new Uint32Array(table.length / 4);
      for (let k = 0; k < miniFat.length; k++)
        miniFat[k] = readU32(table, new DataView(table.buffer, table.byteOffset, table.byteLength), k * 4);
    }
    const sectors = chain(start, miniFat, Math.ceil(size / 64), what);
    const out = new Uint8Array(Math.min(size, sectors.length * 64));
    const source = miniStream;
    sectors.forEach((s, i) => {
      if ((s + 1) * 64 > source.length) throw damaged(`the ${what} points past the end of the mini stream`);
      out.set(source.subarray(s * 64, s * 64 + Math.min(64, out.length - i * 64)), i * 64);
    });
    if (out.length < size) throw damaged(`the ${what} is ${size} bytes but its mini sectors hold ${out.length}`);
    return out;
  };

  return {
    streams: streams.map((s) => s.name),
    read(name) {
      const entry = streams.find((s) => s.name.toLowerCase() === name.toLowerCase());
      if (entry === undefined) return undefined;
      // A stream is never longer than the file that holds it; a larger size is damage, not a reason to allocate.
      if (entry.size > bytes.length) throw damaged(`the stream "${entry.name}" claims ${entry.size} bytes in a file of ${bytes.length}`);
      const what = `"${entry.name}" stream`;
      return entry.size < cutoff ? mini(entry.start, entry.size, what) : regular(entry.start, entry.size, what);
    },
  };
}

function readU32(bytes: Uint8Array, view: DataView, at: number): number {
  return at + 4 <= bytes.length ? view.getUint32(at, true) : FREE;
}

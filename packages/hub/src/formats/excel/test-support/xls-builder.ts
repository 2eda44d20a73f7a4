/**
 * Writes OLE compound files and BIFF8 workbooks for tests: small enough to read, exact enough that the .xls
 * reader treats them as Excel's own, and open to every kind of damage a test wants to make afterwards.
 */
import { concat } from "./zip-builder.js";

const SECTOR = 512;
const END = 0xfffffffe;
const FREE = 0xffffffff;
const FATSECT = 0xfffffffd;
const NOSTREAM = 0xffffffff;

/** Where the writer put things, for tests that damage them. */
export interface CfbLayout {
  readonly fatSectors: number[];
  readonly directorySector: number;
  /** Regular streams: first sector; mini streams: first mini sector (with `mini: true`). */
  readonly streams: { name: string; start: number; mini: boolean }[];
}

/** A version 3 compound file holding `streams` in its root storage (under 4,096 bytes in the mini stream). */
export function buildCfb(streams: readonly { name: string; data: Uint8Array }[]): { bytes: Uint8Array; layout: CfbLayout } {
  const small = streams.filter((s) => s.data.length < 4096);
  const large = streams.filter((s) => s.data.length >= 4096);
  const miniStarts = new Map<string, number>();
  const miniFat: number[] = [];
  const miniChunks: Uint8Array[] = [];
  for (const s of small) {
    const n = Math.ceil(s.data.length / 64);
    miniStarts.set(s.name, n === 0 ? END : miniFat.length);
    for (let k = 0; k < n; k++) miniFat.push(k === n - 1 ? END : miniFat.length + 1);
    const padded = new Uint8Array(n * 64);
    padded.set(s.data);
    miniChunks.push(padded);
  }
  const miniStream = concat(miniChunks);
  const sectorsOf = (len: number) => Math.ceil(len / SECTOR);
  const dirSectors = sectorsOf((streams.length + 1) * 128);
  const miniFatSectors = sectorsOf(miniFat.length * 4);
  const miniStreamSectors = sectorsOf(miniStream.length);
  const largeSectors = large.map((s) => sectorsOf(s.data.length));
  const others = dirSectors + miniFatSectors + miniStreamSectors + largeSectors.reduce((a, b) => a + b, 0);
  let fatCount = 1;
  while (fatCount * 128 < fatCount + others) fatCount++;
  const total = fatCount + others;
  const fat = new Array<number>(fatCount * 128).fill(FREE);
  let next = 0;
  const allocate = (n: number, mark?: number): number => {
    if (n === 0) return END;
    const start = next;
    for (let k = 0; k < n; k++) fat[next + k] = mark ?? (k === n - 1 ? END : next + k + 1);
    next += n;
    return start;
  };
  const fatSectors = Array.from({ length: fatCount }, (_, k) => k);
  allocate(fatCount, FATSECT);
  const dirStart = allocate(dirSectors);
  const miniFatStart = allocate(miniFatSectors);
  const miniStreamStart = allocate(miniStreamSectors);
  const largeStarts = largeSectors.map((n) => allocate(n));

  const out = new Uint8Array((1 + total) * SECTOR);
  const v = new DataView(out.buffer);
  out.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], 0);
  v.setUint16(24, 0x3e, true);
  v.setUint16(26, 3, true);
  v.setUint16(28, 0xfffe, true);
  v.setUint16(30, 9, true);
  v.setUint16(32, 6, true);
  v.setUint32(44, fatCount, true);
  v.setUint32(48, dirStart, true);
  v.setUint32(56, 4096, true);
  v.setUint32(60, miniFatSectors === 0 ? END : miniFatStart, true);
  v.setUint32(64, miniFatSectors, true);
  v.setUint32(68, END, true);
  for (let k = 0; k < 109; k++) v.setUint32(76 + k * 4, k < fatCount ? k : FREE, true);
  const at = (sector: number) => (sector + 1) * SECTOR;
  fat.forEach((value, i) => {
    v.setUint32(at(Math.floor(i / 128)) + (i % 128) * 4, value, true);
  });
  // Directory: the root, then each stream as the right sibling of the one before.
  const entry = (index: number, name: string, type: number, right: number, child: number, start: number, size: number) => {
    const e = at(dirStart) + index * 128;
    for (let k = 0; k < name.length; k++) v.setUint16(e + k * 2, name.charCodeAt(k), true);
    v.setUint16(e + 64, (name.length + 1) * 2, true);
    out[e + 66] = type;
    out[e + 67] = 1;
    v.setUint32(e + 68, NOSTREAM, true);
    v.setUint32(e + 72, right, true);
    v.setUint32(e + 76, child, true);
    v.setUint32(e + 116, start, true);
    v.setUint32(e + 120, size, true);
  };
  entry(
    0,
    "Root Entry",
    5,
    NOSTREAM,
    streams.length > 0 ? 1 : NOSTREAM,
    miniStream.length === 0 ? END : miniStreamStart,
    miniStream.length,
  );
  const layoutStreams: CfbLayout["streams"] = [];
  streams.forEach((s, i) => {
    const li = large.indexOf(s);
    const start = li >= 0 ? (largeStarts[li] ?? END) : (miniStarts.get(s.name) ?? END);
    layoutStreams.push({ name: s.name, start, mini: li < 0 });
    entry(i + 1, s.name, 2, i + 2 <= streams.length ? i + 2 : NOSTREAM, NOSTREAM, start, s.data.length);
  });
  for (let k = 0; k < Math.ceil((streams.length + 1) / 4) * 4 - streams.length - 1; k++) {
    const e = at(dirStart) + (streams.length + 1 + k) * 128;
    v.setUint32(e + 68, NOSTREAM, true);
    v.setUint32(e + 72, NOSTREAM, true);
    v.setUint32(e + 76, NOSTREAM, true);
  }
  miniFat.forEach((value, i) => {
    v.setUint32(at(miniFatStart) + i * 4, value, true);
  });
  for (let i = miniFat.length; i < miniFatSectors * 128; i++) v.setUint32(at(miniFatStart) + i * 4, FREE, true);
  if (miniStream.length > 0) out.set(miniStream, at(miniStreamStart));
  large.forEach((s, i) => {
    out.set(s.data, at(largeStarts[i] ?? 0));
  });
  return { bytes: out, layout: { fatSectors, directorySector: dirStart, streams: layoutStreams } };
}

/** One BIFF record. */
export function rec(type: number, data: Uint8Array | readonly number[] = []): Uint8Array {
  const d = data instanceof Uint8Array ? data : Uint8Array.from(data);
  const out = new Uint8Array(4 + d.length);
  out[0] = type & 0xff;
  out[1] = type >> 8;
  out[2] = d.length & 0xff;
  out[3] = d.length >> 8;
  out.set(d, 4);
  return out;
}

const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const f64 = (x: number) => {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, x, true);
  return [...b];
};
const isWide = (text: string) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i)).some((c) => c > 0xff);

/** An XLUnicodeString body: count, option byte, characters (one byte each when all are Latin-1). */
function xlString(text: string, countBytes: 1 | 2 = 2): number[] {
  const wide = isWide(text);
  const body: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (wide) body.push(c & 0xff, c >> 8);
    else body.push(c);
  }
  return [...(countBytes === 2 ? u16(text.length) : [text.length]), wide ? 1 : 0, ...body];
}

/** Records of a worksheet's cells. */
export const cell = {
  number: (r: number, c: number, xf: number, x: number) => rec(0x0203, [...u16(r), ...u16(c), ...u16(xf), ...f64(x)]),
  rk: (r: number, c: number, xf: number, rk: number) => rec(0x027e, [...u16(r), ...u16(c), ...u16(xf), ...u32(rk)]),
  mulrk: (r: number, c: number, items: readonly [xf: number, rk: number][]) =>
    rec(0x00bd, [...u16(r), ...u16(c), ...items.flatMap(([xf, rk]) => [...u16(xf), ...u32(rk)]), ...u16(c + items.length - 1)]),
  labelSst: (r: number, c: number, xf: number, i: number) => rec(0x00fd, [...u16(r), ...u16(c), ...u16(xf), ...u32(i)]),
  label: (r: number, c: number, xf: number, text: string) => rec(0x0204, [...u16(r), ...u16(c), ...u16(xf), ...xlString(text)]),
  boolErr: (r: number, c: number, value: number, isError: boolean) =>
    rec(0x0205, [...u16(r), ...u16(c), ...u16(0), value, isError ? 1 : 0]),
  formulaNumber: (r: number, c: number, xf: number, x: number) =>
    rec(0x0006, [...u16(r), ...u16(c), ...u16(xf), ...f64(x), 0, 0, 0, 0, 0, 0, 0, 0]),
  formulaString: (r: number, c: number, text: string) => [
    rec(0x0006, [...u16(r), ...u16(c), ...u16(0), 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0]),
    rec(0x0207, xlString(text)),
  ],
};

/** Options of {@link buildXls}. */
export interface XlsInput {
  readonly sheets: readonly { readonly name: string; readonly cells: readonly Uint8Array[]; readonly hidden?: boolean }[];
  readonly sst?: readonly string[];
  /** Largest record data for the SST, to make it continue into CONTINUE records. @default 8224 */
  readonly sstRecordSize?: number;
  /** Each XF's number format id. @default [0] */
  readonly xfs?: readonly number[];
  readonly formats?: Readonly<Record<number, string>>;
  readonly date1904?: boolean;
  /** Records added to the globals before its EOF (FILEPASS, …). */
  readonly globals?: readonly Uint8Array[];
}

const bof = (dt: number) => rec(0x0809, [...u16(0x0600), ...u16(dt), ...u16(0x0dbb), ...u16(0x07cc), ...u32(0), ...u32(0x0006)]);
const eof = () => rec(0x000a);

/** The SST record and its CONTINUE records, split as Excel splits them. */
function sstRecords(strings: readonly string[], max: number): Uint8Array[] {
  const records: number[][] = [[...u32(strings.length), ...u32(strings.length)]];
  let current = records[0]!;
  const room = () => max - current.length;
  const fresh = () => {
    current = [];
    records.push(current);
  };
  for (const s of strings) {
    const wide = isWide(s);
    if (room() < 3) fresh();
    current.push(...u16(s.length), wide ? 1 : 0);
    const width = wide ? 2 : 1;
    let k = 0;
    while (k < s.length) {
      let fit = Math.floor(room() / width);
      if (fit === 0) {
        fresh();
        current.push(wide ? 1 : 0);
        fit = Math.floor(room() / width);
      }
      for (let i = k; i < Math.min(s.length, k + fit); i++) current.push(...(wide ? u16(s.charCodeAt(i)) : [s.charCodeAt(i)]));
      k += fit;
    }
  }
  return records.map((data, i) => rec(i === 0 ? 0x00fc : 0x003c, data));
}

/** A BIFF8 workbook stream (globals, then each sheet), in a compound file as `Workbook`. */
export function buildXlsStream(input: XlsInput): Uint8Array {
  const sheetStreams = input.sheets.map((s) => concat([bof(0x0010), ...s.cells, eof()]));
  const head = [
    bof(0x0005),
    ...(input.globals ?? []),
    rec(0x0042, u16(1200)),
    ...(input.date1904 === true ? [rec(0x0022, u16(1))] : []),
    ...Object.entries(input.formats ?? {}).map(([id, code]) => rec(0x041e, [...u16(Number(id)), ...xlString(code)])),
    ...(input.xfs ?? [0]).map((ifmt) => rec(0x00e0, [...u16(0), ...u16(ifmt), ...new Array<number>(16).fill(0)])),
  ];
  const sst = input.sst === undefined ? [] : sstRecords(input.sst, input.sstRecordSize ?? 8224);
  const sheetRecord = (offset: number, s: XlsInput["sheets"][number]) =>
    rec(0x0085, [...u32(offset), s.hidden === true ? 1 : 0, 0, ...xlString(s.name, 1)]);
  // Sheet offsets depend on the globals' length, which the sheet records are part of: measure with zeros first.
  const globalsLength = concat([...head, ...input.sheets.map((s) => sheetRecord(0, s)), ...sst, eof()]).length;
  let offset = globalsLength;
  const boundSheets = input.sheets.map((s, i) => {
    const r = sheetRecord(offset, s);
    offset += sheetStreams[i]!.length;
    return r;
  });
  return concat([...head, ...boundSheets, ...sst, eof(), ...sheetStreams]);
}

/** A complete .xls file. */
export function buildXls(input: XlsInput): Uint8Array {
  return buildCfb([{ name: "Workbook", data: buildXlsStream(input) }]).bytes;
}

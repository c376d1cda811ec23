/**
 * A zip archive of files stored as they are (no compression: weights and PNGs barely shrink),
 * so an export of several files downloads in one go. Readable by unzip, Python's zipfile,
 * Windows and macOS; names are marked UTF-8.
 */

/** A file to put in the archive. */
export interface ZipEntry {
  name: string;
  bytes: Uint8Array;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE), as zip, gzip and PNG use it. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** MS-DOS time and date fields of `date` (local time, 2-second resolution, from 1980). */
function dosDateTime(date: Date): { time: number; date: number } {
  const year = Math.max(1980, date.getFullYear());
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    date: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  };
}

const UTF8_NAMES = 0x0800;
const VERSION = 20;

/** The archive's bytes. Throws for archives past zip's 4 GB limit. */
export function zip(entries: readonly ZipEntry[], modified = new Date()): Uint8Array {
  const encoder = new TextEncoder();
  const { time, date } = dosDateTime(modified);
  const names = entries.map((e) => encoder.encode(e.name));
  const total = entries.reduce((sum, e, i) => sum + 30 + names[i]!.length + e.bytes.length + 46 + names[i]!.length, 22);
  if (total > 0xffffffff || entries.length > 0xffff) throw new Error('The export is too large for one zip archive; download its files one by one.');
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  const u16 = (v: number) => {
    view.setUint16(at, v, true);
    at += 2;
  };
  const u32 = (v: number) => {
    view.setUint32(at, v, true);
    at += 4;
  };
  const put = (bytes: Uint8Array) => {
    out.set(bytes, at);
    at += bytes.length;
  };
  const offsets: number[] = [];
  const crcs = entries.map((e) => crc32(e.bytes));
  entries.forEach((entry, i) => {
    offsets.push(at);
    u32(0x04034b50);
    u16(VERSION);
    u16(UTF8_NAMES);
    u16(0); // stored
    u16(time);
    u16(date);
    u32(crcs[i]!);
    u32(entry.bytes.length);
    u32(entry.bytes.length);
    u16(names[i]!.length);
    u16(0);
    put(names[i]!);
    put(entry.bytes);
  });
  const directory = at;
  entries.forEach((entry, i) => {
    u32(0x02014b50);
    u16(VERSION);
    u16(VERSION);
    u16(UTF8_NAMES);
    u16(0);
    u16(time);
    u16(date);
    u32(crcs[i]!);
    u32(entry.bytes.length);
    u32(entry.bytes.length);
    u16(names[i]!.length);
    u16(0); // extra
    u16(0); // comment
    u16(0); // disk
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]!);
    put(names[i]!);
  });
  const directorySize = at - directory;
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(entries.length);
  u16(entries.length);
  u32(directorySize);
  u32(directory);
  u16(0);
  return out;
}

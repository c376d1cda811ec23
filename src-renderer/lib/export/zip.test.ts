import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 as nodeCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, zip } from './zip';

const files = [
  { name: 'model.json', bytes: new TextEncoder().encode('{"format":"layers-model"}') },
  { name: 'group1-shard1of1.bin', bytes: Uint8Array.from({ length: 5000 }, (_, i) => (i * 37) % 256) },
  { name: 'empty.txt', bytes: new Uint8Array(0) },
];

/** Reads the central directory back: name, offset and CRC of each entry. */
function centralDirectory(archive: Uint8Array): { name: string; crc: number; size: number; offset: number }[] {
  const view = new DataView(archive.buffer, archive.byteOffset, archive.byteLength);
  const end = archive.length - 22;
  expect(view.getUint32(end, true)).toBe(0x06054b50);
  let at = view.getUint32(end + 16, true);
  return Array.from({ length: view.getUint16(end + 10, true) }, () => {
    expect(view.getUint32(at, true)).toBe(0x02014b50);
    const length = view.getUint16(at + 28, true);
    const entry = { crc: view.getUint32(at + 16, true), size: view.getUint32(at + 24, true), offset: view.getUint32(at + 42, true), name: new TextDecoder().decode(archive.subarray(at + 46, at + 46 + length)) };
    at += 46 + length;
    return entry;
  });
}

describe('zip', () => {
  it('crc32 agrees with zlib', () => {
    for (const { bytes } of files) expect(crc32(bytes)).toBe(nodeCrc32(bytes));
  });

  it('lists every file with its size and CRC, each local header pointing at the stored bytes', () => {
    const archive = zip(files, new Date(2026, 0, 2, 3, 4, 6));
    const entries = centralDirectory(archive);
    expect(entries.map((e) => e.name)).toEqual(files.map((f) => f.name));
    entries.forEach((entry, i) => {
      expect(entry.size).toBe(files[i]!.bytes.length);
      expect(entry.crc).toBe(nodeCrc32(files[i]!.bytes));
      const nameLength = new DataView(archive.buffer).getUint16(entry.offset + 26, true);
      const start = entry.offset + 30 + nameLength;
      expect(archive.subarray(start, start + entry.size)).toEqual(files[i]!.bytes);
    });
  });

  it.skipIf(spawnSync('unzip', ['-v']).status !== 0)('passes unzip -t', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'latent-zip-')), 'export.zip');
    writeFileSync(path, zip(files));
    const result = spawnSync('unzip', ['-t', path], { encoding: 'utf8' });
    expect(result.stdout).toContain('No errors detected');
  });
});

import { describe, expect, it } from 'vitest';
import { decodePng, encodeNpyFloat32, encodePng } from './image-files';

describe('encodePng / decodePng', () => {
  it('round-trips grey and RGB images byte for byte', () => {
    const grey = Uint8Array.from({ length: 5 * 3 }, (_, i) => (i * 37) % 256);
    expect(decodePng(encodePng(grey, 5, 3, 1))).toEqual({ width: 5, height: 3, channels: 1, bytes: grey });
    const rgb = Uint8Array.from({ length: 2 * 4 * 3 }, (_, i) => (i * 11) % 256);
    expect(decodePng(encodePng(rgb, 2, 4, 3))).toEqual({ width: 2, height: 4, channels: 3, bytes: rgb });
  });

  it('refuses a length that does not fit the shape', () => {
    expect(() => encodePng(new Uint8Array(10), 3, 3, 1)).toThrow(/Expected 9 bytes/);
  });
});

describe('encodeNpyFloat32', () => {
  it('writes an aligned v1.0 header and little-endian float32 data', () => {
    const values = Float32Array.from([0, 0.25, 0.5, 1, 0.125, 0.75]);
    const file = encodeNpyFloat32(values, [1, 2, 3, 1]);
    expect(file.subarray(0, 8).toString('latin1')).toBe('\x93NUMPY\x01\x00');
    const headerLength = file.readUInt16LE(8);
    expect((10 + headerLength) % 64).toBe(0);
    const header = file.subarray(10, 10 + headerLength).toString('latin1');
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(1, 2, 3, 1\), \} *\n$/);
    const data = new Float32Array(file.buffer.slice(file.byteOffset + 10 + headerLength, file.byteOffset + file.length));
    expect(data).toEqual(values);
  });

  it('writes a one-element shape tuple with its comma', () => {
    expect(encodeNpyFloat32(new Float32Array(3), [3]).toString('latin1')).toContain("'shape': (3,)");
  });
});

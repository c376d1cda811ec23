import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from './wire';

describe('WebSocket frames', () => {
  it('sends plain messages as JSON text', () => {
    const frame = encodeFrame({ type: 'request', id: 1, method: 'getInfo', params: {} });
    expect(typeof frame).toBe('string');
    expect(decodeFrame(frame)).toEqual({ type: 'request', id: 1, method: 'getInfo', params: {} });
  });

  it('sends typed arrays as binary, not as JSON numbers, and restores them', () => {
    const originals = new Float32Array([0, 0.25, 0.5, 1]);
    const labels = new Uint8Array([3, 1, 4]);
    const frame = encodeFrame({ payload: { originals, nested: [labels] } });
    expect(frame).toBeInstanceOf(Uint8Array);
    // the JSON header holds a placeholder, not the numbers
    expect(new TextDecoder().decode(frame as Uint8Array)).not.toContain('0.25');
    const decoded = decodeFrame(frame) as { payload: { originals: Float32Array; nested: Uint8Array[] } };
    expect(decoded.payload.originals).toBeInstanceOf(Float32Array);
    expect(Array.from(decoded.payload.originals)).toEqual([0, 0.25, 0.5, 1]);
    expect(Array.from(decoded.payload.nested[0]!)).toEqual([3, 1, 4]);
  });

  it('handles a typed array that is a view into a larger buffer', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const decoded = decodeFrame(encodeFrame({ a: big.subarray(1, 3) })) as { a: Float32Array };
    expect(Array.from(decoded.a)).toEqual([1, 2]);
  });

  it('throws readable errors on hostile binary frames', () => {
    expect(() => decodeFrame(new Uint8Array([1, 2]))).toThrow(/too short/);
    const lying = new Uint8Array(8);
    new DataView(lying.buffer).setUint32(0, 1000, true);
    expect(() => decodeFrame(lying)).toThrow(/past the frame/);
    const header = new TextEncoder().encode(JSON.stringify({ a: { $typed: 'Float32Array', offset: 0, length: 1_000_000 } }));
    const frame = new Uint8Array(8 + header.length);
    new DataView(frame.buffer).setUint32(0, header.length, true);
    frame.set(header, 4);
    expect(() => decodeFrame(frame)).toThrow(/outside the frame/);
    expect(() => decodeFrame('{not json')).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { DIGIT_SIZE, mnistPreprocess, rawDownsample } from './mnist-preprocess';

const S = 100;

/** A pad with ink 1 wherever `inked(x, y)` holds (pixel centres). */
function pad(inked: (x: number, y: number) => boolean, size = S): Float32Array {
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) if (inked(x + 0.5, y + 0.5)) out[y * size + x] = 1;
  return out;
}

/** Centre of mass of a 28x28 image, pixel centres at i + 0.5. */
function centreOfMass(img: Float32Array): { x: number; y: number } {
  let m = 0;
  let x = 0;
  let y = 0;
  for (let i = 0; i < img.length; i++) {
    const v = img[i]!;
    m += v;
    x += v * ((i % DIGIT_SIZE) + 0.5);
    y += v * (Math.floor(i / DIGIT_SIZE) + 0.5);
  }
  return { x: x / m, y: y / m };
}

/** Bounding box of pixels above `t`, as width and height. */
function inkSize(img: Float32Array, t = 0.05): { w: number; h: number } {
  let minX = DIGIT_SIZE;
  let minY = DIGIT_SIZE;
  let maxX = -1;
  let maxY = -1;
  img.forEach((v, i) => {
    if (v <= t) return;
    const x = i % DIGIT_SIZE;
    const y = Math.floor(i / DIGIT_SIZE);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  });
  return { w: maxX - minX + 1, h: maxY - minY + 1 };
}

describe('mnistPreprocess', () => {
  it('keeps a centred square centred, fitted to 20x20', () => {
    const out = mnistPreprocess(pad((x, y) => x > 30 && x < 70 && y > 30 && y < 70), S);
    expect(out.length).toBe(784);
    const com = centreOfMass(out);
    expect(com.x).toBeCloseTo(14, 5);
    expect(com.y).toBeCloseTo(14, 5);
    expect(inkSize(out)).toEqual({ w: 20, h: 20 });
  });

  it('moves an off-centre blob to the centre', () => {
    const out = mnistPreprocess(pad((x, y) => (x - 18) ** 2 + (y - 75) ** 2 < 64), S);
    const com = centreOfMass(out);
    expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('keeps the aspect of a tall thin stroke: 20 px tall, narrow', () => {
    const out = mnistPreprocess(pad((x, y) => x > 45 && x < 55 && y > 10 && y < 90), S);
    const size = inkSize(out);
    expect(size.h).toBe(20);
    expect(size.w).toBeLessThanOrEqual(3);
    expect(Math.abs(centreOfMass(out).x - 14)).toBeLessThanOrEqual(0.5);
  });

  it('keeps values in [0, 1] for noisy and byte input', () => {
    const noisy = Float32Array.from({ length: S * S }, (_, i) => Math.sin(i) * 3);
    for (const v of mnistPreprocess(noisy, S)) expect(v >= 0 && v <= 1).toBe(true);
    const bytes = new Uint8ClampedArray(S * S);
    bytes.fill(255, 40 * S, 60 * S);
    const out = mnistPreprocess(bytes, S);
    expect(Math.max(...out)).toBe(1);
    for (const v of out) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('gives all zeros for an empty pad or ink below the threshold', () => {
    expect(mnistPreprocess(new Float32Array(S * S), S).every((v) => v === 0)).toBe(true);
    expect(mnistPreprocess(new Float32Array(S * S).fill(0.01), S).every((v) => v === 0)).toBe(true);
  });

  it('rejects pixels that are not size x size', () => {
    expect(() => mnistPreprocess(new Float32Array(10), S)).toThrow(/10000 pad pixels/);
  });
});

describe('rawDownsample', () => {
  it('area-averages the whole pad without moving the ink', () => {
    const size = 280;
    const out = rawDownsample(pad((x, y) => x < 10 && y < 15, size), size);
    expect(out[0]).toBe(1);
    expect(out[DIGIT_SIZE]).toBeCloseTo(0.5, 6);
    expect(out[1]).toBe(0);
    expect(rawDownsample(new Float32Array(size * size), size).every((v) => v === 0)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { DrawingFormatError, drawingToJson, grayToRgba, padFromDrawing, parseDrawingJson, rgbaToDrawing } from './drawing-io';
import { rawDownsample } from './mnist-preprocess';

/** A digit-like fixture: varied ink inside, paper at the border. */
const drawing = () =>
  Float32Array.from({ length: 784 }, (_, i) => {
    const x = i % 28;
    const y = Math.floor(i / 28);
    return x > 3 && x < 24 && y > 3 && y < 24 ? ((x * y) % 11) / 10 : 0;
  });

/** RGBA bytes of a w x h picture from a per-pixel [r, g, b, a]. */
function picture(w: number, h: number, at: (x: number, y: number) => [number, number, number, number]): Uint8ClampedArray {
  const out = new Uint8ClampedArray(w * h * 4);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out.set(at(x, y), (y * w + x) * 4);
  return out;
}

describe('drawing JSON', () => {
  it('round-trips a drawing to 4 decimals', () => {
    const original = drawing();
    const text = drawingToJson(original);
    expect(JSON.parse(text)).toMatchObject({ width: 28, height: 28 });
    const back = parseDrawingJson(text);
    back.forEach((v, i) => expect(v).toBeCloseTo(original[i]!, 4));
  });

  it('explains what is wrong with a bad file', () => {
    const reject = (text: string) => () => parseDrawingJson(text);
    expect(reject('{"width": 28,')).toThrow(/not valid JSON/);
    expect(reject('[1, 2]')).toThrow(/Expected a JSON object/);
    expect(reject(JSON.stringify({ width: 32, height: 32, pixels: [] }))).toThrow(/Expected a 28×28 drawing, got width 32 and height 32/);
    expect(reject(JSON.stringify({ width: 28, height: 28, pixels: 'x' }))).toThrow(/must be an array/);
    expect(reject(JSON.stringify({ width: 28, height: 28, pixels: [0, 1] }))).toThrow(/Expected 784 pixels \(28×28\), got 2/);
    const pixels = Array.from(drawing());
    pixels[17] = 1.5;
    expect(reject(JSON.stringify({ width: 28, height: 28, pixels }))).toThrow(/Pixel 17 is 1.5; pixel values must be numbers from 0 to 1/);
    pixels[17] = '0.5' as unknown as number;
    expect(reject(JSON.stringify({ width: 28, height: 28, pixels }))).toThrow(DrawingFormatError);
  });
});

describe('pixel conversions', () => {
  it('turns grayscale into opaque gray RGBA', () => {
    const rgba = grayToRgba(Float32Array.of(0, 0.5, 1));
    expect(Array.from(rgba)).toEqual([0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255]);
  });

  it('reads back a saved 28x28 PNG unchanged', () => {
    const original = drawing();
    const back = rgbaToDrawing(grayToRgba(original), 28, 28);
    back.forEach((v, i) => expect(v).toBeCloseTo(original[i]!, 2));
  });

  it('inverts dark ink on light paper', () => {
    const rgba = picture(28, 28, (x) => (x === 14 ? [0, 0, 0, 255] : [255, 255, 255, 255]));
    const out = rgbaToDrawing(rgba, 28, 28);
    expect(out[14]).toBe(1);
    expect(out[0]).toBe(0);
  });

  it('uses alpha as ink when the picture has transparency', () => {
    const rgba = picture(28, 28, (x) => (x === 3 ? [0, 0, 0, 255] : [0, 0, 0, 0]));
    const out = rgbaToDrawing(rgba, 28, 28);
    expect(out[3]).toBe(1);
    expect(out[4]).toBe(0);
  });

  it('area-averages other sizes, padding non-square pictures to keep the aspect', () => {
    const big = rgbaToDrawing(
      picture(56, 56, (x, y) => (x < 2 && y < 2 ? [255, 255, 255, 255] : x < 1 && y < 4 ? [255, 255, 255, 255] : [0, 0, 0, 255])),
      56,
      56,
    );
    expect(big[0]).toBe(1);
    expect(big[28]).toBeCloseTo(0.5, 6);
    // 56 wide, 28 tall, ink in rows 1..26: padded to 56x56 with 14 rows above, the ink
    // spans rows 15..40, which is 7.5..20.5 at 28x28
    const wide = rgbaToDrawing(picture(56, 28, (_x, y) => (y >= 1 && y <= 26 ? [255, 255, 255, 255] : [0, 0, 0, 255])), 56, 28);
    expect(wide[6 * 28 + 10]).toBe(0);
    expect(wide[7 * 28 + 10]).toBeCloseTo(0.5, 6);
    expect(wide[10 * 28 + 10]).toBe(1);
    expect(wide[20 * 28 + 10]).toBeCloseTo(0.5, 6);
    expect(wide[21 * 28 + 10]).toBe(0);
  });

  it('rejects data that does not match the size', () => {
    expect(() => rgbaToDrawing(new Uint8ClampedArray(10), 28, 28)).toThrow(DrawingFormatError);
  });
});

describe('padFromDrawing', () => {
  it('blows each pixel up to a block, so the raw downsample gives it back', () => {
    const original = drawing();
    const pad = padFromDrawing(original, 280);
    expect(pad[0]).toBe(original[0]);
    expect(pad[9 * 280 + 9]).toBe(original[0]);
    expect(pad[10]).toBe(original[1]);
    rawDownsample(pad, 280).forEach((v, i) => expect(v).toBeCloseTo(original[i]!, 5));
  });
});

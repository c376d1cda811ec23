import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, addMark, clearMarks, paintMark, rasterise, redo, undo } from './stroke-history';
import type { Stroke, StrokeHistory } from './stroke-history';

const stroke = (x0: number, y0: number, x1: number, y1: number, eraser = false, size = 6): Stroke => ({
  kind: 'stroke',
  points: [
    { x: x0, y: y0, pressure: 0.5 },
    { x: x1, y: y1, pressure: 0.5 },
  ],
  size,
  eraser,
});

const a = stroke(0, 0, 1, 1);
const b = stroke(2, 2, 3, 3);
const c = stroke(4, 4, 5, 5);
const marks = (h: StrokeHistory) => h.marks;

describe('stroke history', () => {
  it('undoes and redoes strokes in order', () => {
    let h = addMark(addMark(EMPTY_HISTORY, a), b);
    expect(marks(h)).toEqual([a, b]);
    h = undo(h);
    expect(marks(h)).toEqual([a]);
    h = undo(h);
    expect(marks(h)).toEqual([]);
    expect(undo(h)).toBe(h);
    h = redo(redo(h));
    expect(marks(h)).toEqual([a, b]);
    expect(redo(h)).toBe(h);
  });

  it('drops the redo stack when a stroke follows an undo', () => {
    let h = undo(addMark(addMark(EMPTY_HISTORY, a), b));
    h = addMark(h, c);
    expect(marks(h)).toEqual([a, c]);
    expect(h.future).toEqual([]);
    expect(marks(redo(h))).toEqual([a, c]);
  });

  it('makes clear undoable and ignores clearing a blank pad', () => {
    let h = clearMarks(addMark(addMark(EMPTY_HISTORY, a), b));
    expect(marks(h)).toEqual([]);
    expect(clearMarks(h)).toBe(h);
    h = undo(h);
    expect(marks(h)).toEqual([a, b]);
    expect(marks(redo(h))).toEqual([]);
  });
});

describe('rasterise', () => {
  const S = 64;
  const at = (px: Float32Array, x: number, y: number) => px[y * S + x]!;

  it('covers the stroke path with a round brush and soft edges', () => {
    const px = rasterise([stroke(10.5, 20.5, 50.5, 20.5)], S);
    for (let x = 8; x <= 52; x++) expect(at(px, x, 20)).toBe(1);
    expect(at(px, 30, 22)).toBe(1);
    expect(at(px, 30, 30)).toBe(0);
    expect(at(px, 56, 20)).toBe(0);
    // the brush edge falls half way through a pixel: partial coverage there
    const edge = rasterise([stroke(10, 20.5, 50, 20.5)], S);
    expect(at(edge, 30, 23)).toBeGreaterThan(0);
    expect(at(edge, 30, 23)).toBeLessThan(1);
  });

  it('paints a dot for a single point and widens with pressure', () => {
    const dot = (pressure: number) =>
      rasterise([{ kind: 'stroke', points: [{ x: 32, y: 32, pressure }], size: 10, eraser: false }], S).reduce((s, v) => s + v, 0);
    expect(dot(0.5)).toBeCloseTo(Math.PI * 25, -1);
    expect(dot(1)).toBeGreaterThan(dot(0.5));
    expect(dot(0)).toBeLessThan(dot(0.5));
  });

  it('lets the eraser remove ink under it only', () => {
    const px = rasterise([stroke(10.5, 20.5, 50.5, 20.5), stroke(30.5, 5.5, 30.5, 40.5, true, 8)], S);
    expect(at(px, 30, 20)).toBe(0);
    expect(at(px, 12, 20)).toBe(1);
    expect(at(px, 48, 20)).toBe(1);
  });

  it('gives the same pixels painted segment by segment', () => {
    const points = [
      { x: 5, y: 5, pressure: 0.2 },
      { x: 20, y: 30, pressure: 0.9 },
      { x: 40, y: 12, pressure: 0.5 },
      { x: 60, y: 50, pressure: 0.7 },
    ];
    const whole = rasterise([{ kind: 'stroke', points, size: 7, eraser: false }], S);
    const live = new Float32Array(S * S);
    const growing: Stroke = { kind: 'stroke', points: [], size: 7, eraser: false };
    for (let i = 0; i < points.length; i++) paintMark(live, S, { ...growing, points: points.slice(0, i + 1) }, i);
    expect(live).toEqual(whole);
  });

  it('lets a loaded image replace what was drawn before it', () => {
    const image = new Float32Array(S * S).fill(0.25);
    const px = rasterise([stroke(10, 10, 50, 50), { kind: 'image', pixels: image }, stroke(0.5, 0.5, 0.5, 0.5)], S);
    expect(at(px, 30, 30)).toBe(0.25);
    expect(at(px, 0, 0)).toBe(1);
  });
});

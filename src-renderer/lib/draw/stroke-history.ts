/**
 * What is on the drawing pad, as an immutable list of marks with undo/redo, and how to
 * rasterise it. Kept pure (no canvas) so the pixels the model sees are testable and the
 * same whether painted live, one segment at a time, or redrawn after an undo.
 */

/** Side of the pad's raster in pixels: 10 per model-input pixel, so blocks map exactly. */
export const PAD_SIZE = 280;

/** A sampled pointer position in pad pixels (0..size), pressure in [0, 1] with 0.5 as normal. */
export interface StrokePoint {
  x: number;
  y: number;
  pressure: number;
}

/** A pen or eraser stroke. */
export interface Stroke {
  kind: 'stroke';
  points: readonly StrokePoint[];
  /** brush diameter in pad pixels at normal pressure */
  size: number;
  /** removes ink instead of adding it */
  eraser: boolean;
}

/** A loaded picture (pad-sized, [0, 1]) that replaces everything drawn before it. */
export interface PadImage {
  kind: 'image';
  pixels: Float32Array;
}

/** Anything that changes the pad. */
export type PadMark = Stroke | PadImage;

/** The pad's marks with the states to go back and forward to. */
export interface StrokeHistory {
  readonly marks: readonly PadMark[];
  readonly past: readonly (readonly PadMark[])[];
  readonly future: readonly (readonly PadMark[])[];
}

/** A blank pad with nothing to undo. */
export const EMPTY_HISTORY: StrokeHistory = { marks: [], past: [], future: [] };

function record(history: StrokeHistory, marks: readonly PadMark[]): StrokeHistory {
  // a new action after an undo abandons the undone branch, as editors do
  return { marks, past: [...history.past, history.marks], future: [] };
}

/** Adds a finished stroke or a loaded image. */
export function addMark(history: StrokeHistory, mark: PadMark): StrokeHistory {
  return record(history, [...history.marks, mark]);
}

/** Empties the pad; undoable. A blank pad stays as it is, with no extra undo step. */
export function clearMarks(history: StrokeHistory): StrokeHistory {
  return history.marks.length === 0 ? history : record(history, []);
}

/** Goes back one action, if there is one. */
export function undo(history: StrokeHistory): StrokeHistory {
  const previous = history.past.at(-1);
  if (!previous) return history;
  return { marks: previous, past: history.past.slice(0, -1), future: [...history.future, history.marks] };
}

/** Repeats the last undone action, if there is one. */
export function redo(history: StrokeHistory): StrokeHistory {
  const next = history.future.at(-1);
  if (!next) return history;
  return { marks: next, past: [...history.past, history.marks], future: history.future.slice(0, -1) };
}

/** Brush radius at a point: pressure 0 halves it, 1 makes it 1.5 times as wide. */
export function brushRadius(size: number, pressure: number): number {
  return (size / 2) * (0.5 + Math.min(1, Math.max(0, pressure)));
}

/**
 * Paints `mark` onto a `size` x `size` pad, in place. For a stroke being drawn, `from` paints
 * only the segments ending at points `from` onwards: ink takes the maximum and the eraser the
 * minimum coverage, so painting piecewise gives the same pixels as painting at once.
 */
export function paintMark(target: Float32Array, size: number, mark: PadMark, from = 0): void {
  if (mark.kind === 'image') {
    target.set(mark.pixels);
    return;
  }
  const { points } = mark;
  const first = points[0];
  if (from === 0 && first) paintSegment(target, size, first, first, mark);
  for (let i = Math.max(1, from); i < points.length; i++) paintSegment(target, size, points[i - 1]!, points[i]!, mark);
}

/** A round-capped segment whose radius follows the pressure, with a one-pixel soft edge. */
function paintSegment(target: Float32Array, size: number, a: StrokePoint, b: StrokePoint, stroke: Stroke): void {
  const ra = brushRadius(stroke.size, a.pressure);
  const rb = brushRadius(stroke.size, b.pressure);
  const reach = Math.max(ra, rb) + 1;
  const x0 = Math.max(0, Math.floor(Math.min(a.x, b.x) - reach));
  const x1 = Math.min(size - 1, Math.ceil(Math.max(a.x, b.x) + reach));
  const y0 = Math.max(0, Math.floor(Math.min(a.y, b.y) - reach));
  const y1 = Math.min(size - 1, Math.ceil(Math.max(a.y, b.y) + reach));
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const length2 = dx * dx + dy * dy;
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const px = x + 0.5 - a.x;
      const py = y + 0.5 - a.y;
      const t = length2 > 0 ? Math.min(1, Math.max(0, (px * dx + py * dy) / length2)) : 0;
      const distance = Math.hypot(px - t * dx, py - t * dy);
      const coverage = Math.min(1, Math.max(0, ra + t * (rb - ra) - distance + 0.5));
      if (coverage === 0) continue;
      const i = y * size + x;
      target[i] = stroke.eraser ? Math.min(target[i]!, 1 - coverage) : Math.max(target[i]!, coverage);
    }
  }
}

/** The pad's pixels for `marks`: `size` x `size`, row-major, ink 1 and paper 0. */
export function rasterise(marks: readonly PadMark[], size: number): Float32Array {
  const target = new Float32Array(size * size);
  for (const mark of marks) paintMark(target, size, mark);
  return target;
}

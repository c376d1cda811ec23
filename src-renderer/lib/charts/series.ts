/**
 * Append-only numeric series in growable typed arrays. Each append returns a new small view
 * object (so reactive state sees a change) over shared buffers (so nothing is copied per
 * point); values below a view's length never change, so old views stay valid.
 */

/** A read-only view of the first `length` points of a series. */
export interface SeriesView {
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly length: number;
}

/** One point of a short series, e.g. a value per epoch. */
export interface Point {
  x: number;
  y: number;
}

/** The series with no points. */
export const EMPTY_SERIES: SeriesView = Object.freeze({ x: new Float64Array(0), y: new Float64Array(0), length: 0 });

/** A series holding `points` (copied), for data that arrives whole rather than point by point. */
export function seriesOf(points: readonly Point[]): SeriesView {
  if (points.length === 0) return EMPTY_SERIES;
  return { x: Float64Array.from(points, (p) => p.x), y: Float64Array.from(points, (p) => p.y), length: points.length };
}

/** Owns the buffers of one series; hand out its views, keep the buffer private. */
export class SeriesBuffer {
  #x = new Float64Array(256);
  #y = new Float64Array(256);
  #length = 0;

  /** Adds one point and returns a view that includes it. */
  append(x: number, y: number): SeriesView {
    if (this.#length === this.#x.length) {
      // new arrays rather than in-place growth: views handed out earlier keep theirs
      const grownX = new Float64Array(this.#x.length * 2);
      const grownY = new Float64Array(this.#y.length * 2);
      grownX.set(this.#x);
      grownY.set(this.#y);
      this.#x = grownX;
      this.#y = grownY;
    }
    this.#x[this.#length] = x;
    this.#y[this.#length] = y;
    this.#length += 1;
    return { x: this.#x, y: this.#y, length: this.#length };
  }
}

/**
 * What the user has done to the map of one projection: colouring, point size, opacity,
 * density contours, hidden classes, filters (error range, indices), pinned points (two at
 * most: A and B, for the interpolation strip) and the brushed or lassoed selection.
 * Positions index the projection's points.
 */
import type { ProjectionPoints } from '../../../src-main/protocol';
import type { ColorMode } from './point-colors';
import type { PointFilter } from './point-filter';
import { pointsInPolygon, pointsInRect } from './selection';
import type { DataRect } from './selection';

/** Pins kept at once: A and B. */
export const MAX_PINS = 2;

export class MapState {
  colorMode = $state.raw<ColorMode>({ kind: 'label' });
  pointSize = $state(3);
  opacity = $state(0.75);
  contours = $state(false);
  /** draw images instead of dots once few points are in view */
  thumbnails = $state(false);
  hidden = $state.raw<ReadonlySet<number>>(new Set());
  pinned = $state.raw<readonly number[]>([]);
  /** positions inside the brushed rectangle or lasso; null when nothing is selected */
  selection = $state.raw<Int32Array | null>(null);
  /** error range and index filter */
  filter = $state.raw<PointFilter>({ minError: null, maxError: null, indices: '' });
  /** the points the pins and selection refer to */
  private of: ProjectionPoints | null = null;

  /** Follows `points`; new points (a new projection) reset pins, selection and hidden
   * classes and return true, the same points again (the view reopened) keep them. */
  follow(points: ProjectionPoints | null): boolean {
    if (points === this.of) return false;
    this.of = points;
    this.reset();
    return true;
  }

  /** The selection as a mask the renderer reads, null without one. */
  selectionMask(count: number): Uint8Array | null {
    if (!this.selection) return null;
    const mask = new Uint8Array(count);
    for (const p of this.selection) mask[p] = 1;
    return mask;
  }

  /** Shows or hides one class. */
  toggleClass(label: number): void {
    const next = new Set(this.hidden);
    if (!next.delete(label)) next.add(label);
    this.hidden = next;
  }

  /** Shows every class, or only `label` (a legend's double click). */
  showOnly(label: number | null, labels: readonly number[]): void {
    this.hidden = label === null ? new Set() : new Set(labels.filter((l) => l !== label));
  }

  /** Pins a point (unpins it when pinned); a third pin drops the oldest. */
  pick(position: number): void {
    if (this.pinned.includes(position)) this.pinned = this.pinned.filter((p) => p !== position);
    else this.pinned = [...this.pinned, position].slice(-MAX_PINS);
  }

  unpin(position: number): void {
    this.pinned = this.pinned.filter((p) => p !== position);
  }

  /** Selects the visible points inside `rect`; null clears the selection. */
  brush(rect: DataRect | null, coords: Float32Array | null, visible: Uint8Array | null): void {
    this.selection = rect && coords ? pointsInRect(coords, visible, rect) : null;
  }

  /** Selects the visible points inside the lasso `polygon` ([x0, y0, x1, y1, …], layout units). */
  lasso(polygon: readonly number[], coords: Float32Array | null, visible: Uint8Array | null): void {
    this.selection = coords ? pointsInPolygon(coords, visible, polygon) : null;
  }

  /** Forgets pins, selection, filters and hidden classes (a new projection). */
  reset(): void {
    this.pinned = [];
    this.selection = null;
    this.hidden = new Set();
    this.filter = { minError: null, maxError: null, indices: '' };
  }
}

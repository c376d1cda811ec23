/**
 * Which point is under the pointer: a d3 quadtree over the visible points' layout
 * coordinates, built once per layout and searched within a radius given in data units.
 */
import { quadtree } from 'd3';
import type { Quadtree } from 'd3';

/** What is under the pointer: a point (position >= 0) or empty space (-1). */
export interface MapHover {
  position: number;
  /** CSS pixels within the plot */
  x: number;
  y: number;
  /** layout coordinates */
  dataX: number;
  dataY: number;
}

/** Finds the visible point nearest to a position. */
export class PointFinder {
  private readonly tree: Quadtree<number>;

  /** `coords`: x, y per point; `visible`: 1 for points that can be found, null for all. */
  constructor(coords: Float32Array, visible: Uint8Array | null) {
    const positions: number[] = [];
    for (let i = 0; i < coords.length / 2; i++) if (!visible || visible[i]) positions.push(i);
    this.tree = quadtree<number>()
      .x((i) => coords[2 * i]!)
      .y((i) => coords[2 * i + 1]!)
      .addAll(positions);
  }

  /** The nearest point's position within `radius` of (x, y), or -1. */
  find(x: number, y: number, radius: number): number {
    return this.tree.find(x, y, radius) ?? -1;
  }
}

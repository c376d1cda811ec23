/** A brushed rectangle of the map: the points inside it and how many of each label. */

/** A rectangle in layout (data) units; corners in any order. */
export interface DataRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Positions of the visible points inside `rect`, in position order. */
export function pointsInRect(coords: Float32Array, visible: Uint8Array | null, rect: DataRect): Int32Array {
  const [left, right] = rect.x0 <= rect.x1 ? [rect.x0, rect.x1] : [rect.x1, rect.x0];
  const [bottom, top] = rect.y0 <= rect.y1 ? [rect.y0, rect.y1] : [rect.y1, rect.y0];
  const inside: number[] = [];
  for (let i = 0; i < coords.length / 2; i++) {
    if (visible && !visible[i]) continue;
    const x = coords[2 * i]!;
    const y = coords[2 * i + 1]!;
    if (x >= left && x <= right && y >= bottom && y <= top) inside.push(i);
  }
  return Int32Array.from(inside);
}

/** How many selected points carry each label, most frequent first (ties by label). */
export function labelCounts(positions: Int32Array, labels: Uint8Array | null): Array<{ label: number; count: number }> {
  if (!labels) return [];
  const counts = new Map<number, number>();
  for (const p of positions) counts.set(labels[p]!, (counts.get(labels[p]!) ?? 0) + 1);
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label - b.label);
}

/** Positions of the visible points inside the closed polygon `polygon` ([x0, y0, x1, y1, …] in
 * layout units), in position order: a lasso. Even-odd rule, tested only inside its bounds. */
export function pointsInPolygon(coords: Float32Array, visible: Uint8Array | null, polygon: readonly number[]): Int32Array {
  const corners = polygon.length / 2;
  if (corners < 3) return new Int32Array(0);
  let left = Infinity;
  let right = -Infinity;
  let bottom = Infinity;
  let top = -Infinity;
  for (let c = 0; c < corners; c++) {
    left = Math.min(left, polygon[2 * c]!);
    right = Math.max(right, polygon[2 * c]!);
    bottom = Math.min(bottom, polygon[2 * c + 1]!);
    top = Math.max(top, polygon[2 * c + 1]!);
  }
  const inside: number[] = [];
  for (let i = 0; i < coords.length / 2; i++) {
    if (visible && !visible[i]) continue;
    const x = coords[2 * i]!;
    const y = coords[2 * i + 1]!;
    if (x < left || x > right || y < bottom || y > top) continue;
    let odd = false;
    for (let c = 0, p = corners - 1; c < corners; p = c++) {
      const xc = polygon[2 * c]!;
      const yc = polygon[2 * c + 1]!;
      const xp = polygon[2 * p]!;
      const yp = polygon[2 * p + 1]!;
      if (yc > y !== yp > y && x < ((xp - xc) * (y - yc)) / (yp - yc) + xc) odd = !odd;
    }
    if (odd) inside.push(i);
  }
  return Int32Array.from(inside);
}

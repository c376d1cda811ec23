/**
 * What the Explore view's side panels list about the map: the pinned points, A's nearest
 * neighbours in latent space, and the selection's points per label with their colours.
 */
import type { ProjectionPoints } from '../../../src-main/protocol';
import { labelName } from './explore-format';
import type { PointImages } from './image-bank';
import type { ColorMode } from './point-colors';
import { labelCounts } from './selection';
import { shownPoint } from './shown-point';
import type { ShownPoint } from './shown-point';

type Points = Pick<ProjectionPoints, 'indices' | 'labels' | 'errors'>;

/** The pinned positions as shown points, with their images once loaded (by dataset index). */
export function pinnedPoints(points: Points, pinned: readonly number[], images: ReadonlyMap<number, PointImages>, classNames: readonly string[] | null): ShownPoint[] {
  return pinned.map((p) => shownPoint(points, p, images.get(points.indices[p]!) ?? null, classNames));
}

/** Nearest neighbours as shown points, each with its latent distance. */
export function neighbourPoints(
  points: Points,
  neighbours: readonly { position: number; distance: number }[],
  images: ReadonlyMap<number, PointImages>,
  classNames: readonly string[] | null,
): Array<ShownPoint & { distance: number }> {
  return neighbours.map((n) => ({ ...shownPoint(points, n.position, images.get(points.indices[n.position]!) ?? null, classNames), distance: n.distance }));
}

/** How many selected points carry each label, named, in the colour the map gives the label
 * (neutral when the map is coloured by something else). */
export function selectionCounts(
  selection: Int32Array,
  labels: Uint8Array | null,
  classNames: readonly string[] | null,
  colorMode: ColorMode,
  palette: readonly string[],
): Array<{ name: string; count: number; color: string }> {
  return labelCounts(selection, labels).map(({ label, count }) => ({
    name: labelName(label, classNames),
    count,
    color: colorMode.kind === 'label' ? (palette[label] ?? '#888') : 'var(--muted)',
  }));
}

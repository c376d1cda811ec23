/** A projected point as the side panels and tooltip show it: dataset index, label, error. */
import type { ProjectionPoints } from '../../../src-main/protocol';
import { formatError, labelName } from './explore-format';
import type { PointImages } from './image-bank';

/** A point with its words and (once loaded) images. */
export interface ShownPoint {
  /** position in the projection's arrays */
  position: number;
  /** index in the dataset */
  index: number;
  label: string;
  error: string;
  images: PointImages | null;
}

/** Describes the point at `position`. */
export function shownPoint(
  points: Pick<ProjectionPoints, 'indices' | 'labels' | 'errors'>,
  position: number,
  images: PointImages | null,
  classNames: readonly string[] | null,
): ShownPoint {
  return {
    position,
    index: points.indices[position]!,
    label: labelName(points.labels ? points.labels[position]! : null, classNames),
    error: formatError(points.errors[position]!),
    images,
  };
}

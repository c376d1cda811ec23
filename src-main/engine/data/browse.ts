/**
 * What the dataset browser reads: pages of images (optionally of one label) and aggregate
 * statistics. Label filters and statistics are computed once per loaded dataset and kept.
 */
import type { DatasetPage, DatasetStats } from '../../protocol/datasets';
import { MAX_PAGE_BYTES } from '../../protocol/datasets';
import { WorkbenchError } from '../../protocol';
import type { ImageSet } from './image-set';

const byLabel = new WeakMap<ImageSet, Map<number, Int32Array>>();
const statsOf = new WeakMap<ImageSet, DatasetStats>();

/** Indices of the images with `label`, ascending. */
function labelIndices(set: ImageSet, label: number): Int32Array {
  let perLabel = byLabel.get(set);
  if (!perLabel) byLabel.set(set, (perLabel = new Map()));
  let found = perLabel.get(label);
  if (!found) {
    const labels = set.labels ?? new Uint8Array(0);
    let n = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) n++;
    found = new Int32Array(n);
    n = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === label) found[n++] = i;
    perLabel.set(label, found);
  }
  return found;
}

/** `limit` images from `offset` of the dataset (or of its images labelled `label`). */
export function datasetPage(set: ImageSet, label: number | null, offset: number, limit: number): DatasetPage {
  const { id, width, height, channels, count: size } = set.summary;
  const imageBytes = width * height * channels;
  if (limit * imageBytes > MAX_PAGE_BYTES) {
    throw new WorkbenchError('bad-request', `A page of ${limit} images of ${width}x${height}x${channels} is too large; ask for at most ${Math.floor(MAX_PAGE_BYTES / imageBytes)}.`);
  }
  if (label !== null && set.labels === null) throw new WorkbenchError('bad-request', `${set.summary.name} has no labels to filter by.`);
  const filtered = label === null ? null : labelIndices(set, label);
  const total = filtered ? filtered.length : size;
  const count = Math.max(0, Math.min(limit, total - offset));
  const indices = new Int32Array(count);
  for (let i = 0; i < count; i++) indices[i] = filtered ? filtered[offset + i]! : offset + i;
  const images = new Uint8Array(count * imageBytes);
  for (let i = 0; i < count; i++) images.set(set.images.subarray(indices[i]! * imageBytes, (indices[i]! + 1) * imageBytes), i * imageBytes);
  const labels = set.labels ? Uint8Array.from(indices, (i) => set.labels![i]!) : null;
  return { datasetId: id, label, total, offset, count, width, height, channels, indices, labels, images };
}

function countLabels(labels: Uint8Array, indices: ArrayLike<number> | null, classes: number): Int32Array {
  const counts = new Int32Array(classes);
  const n = indices ? indices.length : labels.length;
  for (let i = 0; i < n; i++) counts[labels[indices ? indices[i]! : i]!]!++;
  return counts;
}

/** Per-class counts (whole set, train, validation) and the per-pixel mean and variance. */
export function datasetStats(set: ImageSet): DatasetStats {
  const cached = statsOf.get(set);
  if (cached) return cached;
  const { id, width, height, channels, count } = set.summary;
  const size = width * height * channels;
  // sums over bytes stay exact in float64 up to far beyond 70,000 images
  const sum = new Float64Array(size);
  const squares = new Float64Array(size);
  const { images } = set;
  for (let i = 0; i < count; i++) {
    const base = i * size;
    for (let k = 0; k < size; k++) {
      const v = images[base + k]!;
      sum[k]! += v;
      squares[k]! += v * v;
    }
  }
  const mean = new Float32Array(size);
  const variance = new Float32Array(size);
  for (let k = 0; k < size; k++) {
    const m = count > 0 ? sum[k]! / count / 255 : 0;
    mean[k] = m;
    variance[k] = count > 0 ? Math.min(1, Math.max(0, squares[k]! / count / 65025 - m * m)) : 0;
  }
  let classCounts: Int32Array | null = null;
  let trainClassCounts: Int32Array | null = null;
  let valClassCounts: Int32Array | null = null;
  if (set.labels) {
    let max = -1;
    for (const v of set.labels) if (v > max) max = v;
    const classes = Math.max(max + 1, set.summary.classNames?.length ?? 0);
    classCounts = countLabels(set.labels, null, classes);
    trainClassCounts = countLabels(set.labels, set.trainIndices, classes);
    valClassCounts = countLabels(set.labels, set.valIndices, classes);
  }
  const stats: DatasetStats = { datasetId: id, count, width, height, channels, classCounts, trainClassCounts, valClassCounts, mean, variance };
  statsOf.set(set, stats);
  return stats;
}

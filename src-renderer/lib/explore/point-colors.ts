/**
 * How the map colours its points: by label (one colour per class, toggled in the legend), by
 * reconstruction error or by one latent dimension (a continuous scale, quantised into a few
 * dozen colours so the canvas batches its fills by colour).
 */
import { interpolateViridis, quantize, interpolateRainbow, scaleLinear, schemeTableau10 } from 'd3';

/** What decides a point's colour. */
export type ColorMode = { kind: 'label' } | { kind: 'error' } | { kind: 'dimension'; dimension: number };

/** A legend entry per class. */
export interface CategoricalLegend {
  kind: 'categorical';
  entries: Array<{ label: number; name: string; color: string; count: number }>;
}

/** A colour ramp from `domain[0]` to `domain[1]`. */
export interface ContinuousLegend {
  kind: 'continuous';
  title: string;
  domain: readonly [number, number];
  /** the ramp's colours, low to high */
  stops: string[];
}

/** Each point's colour as an index into `palette`, and the legend that explains them. */
export interface PointColors {
  bins: Uint8Array;
  palette: string[];
  legend: CategoricalLegend | ContinuousLegend | null;
}

/** Colours of a continuous ramp: enough that neighbours look smooth, few enough to batch. */
export const CONTINUOUS_BINS = 48;
const UNLABELLED = '#6b7280';

/** One colour per class: Tableau10 for up to ten, an even rainbow beyond. */
export function classPalette(classes: number): string[] {
  if (classes <= schemeTableau10.length) return schemeTableau10.slice(0, Math.max(1, classes));
  return quantize((t) => interpolateRainbow(t * 0.9), classes);
}

/** Colours by label; classes are 0..max label, named by `classNames` when given. */
export function labelColors(labels: Uint8Array | null, count: number, classNames: readonly string[] | null): PointColors {
  if (!labels) return { bins: new Uint8Array(count), palette: [UNLABELLED], legend: null };
  let classes = classNames?.length ?? 0;
  const counts = new Array<number>(256).fill(0);
  for (let i = 0; i < labels.length; i++) {
    counts[labels[i]!]!++;
    classes = Math.max(classes, labels[i]! + 1);
  }
  const palette = classPalette(classes);
  const entries = palette.map((color, label) => ({ label, name: classNames?.[label] ?? String(label), color, count: counts[label]! }));
  return { bins: labels, palette, legend: { kind: 'categorical', entries: entries.filter((e) => e.count > 0) } };
}

/** The `q` quantile (0..1) of `values`, by sorting a copy. */
function quantile(sorted: Float32Array, q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

/** Colours along viridis; the domain spans the 1st to 99th percentile so a few outliers do
 * not wash out the rest (they take the end colours). */
export function continuousColors(values: Float32Array, title: string): PointColors {
  const sorted = values.slice().sort();
  const lo = sorted.length ? quantile(sorted, 0.01) : 0;
  const hi = sorted.length ? quantile(sorted, 0.99) : 1;
  const toBin = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1])
    .range([0, CONTINUOUS_BINS - 1])
    .clamp(true);
  const bins = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) bins[i] = Math.round(toBin(values[i]!));
  const palette = quantize(interpolateViridis, CONTINUOUS_BINS);
  return { bins, palette, legend: { kind: 'continuous', title, domain: [lo, hi], stops: quantize(interpolateViridis, 8) } };
}

/** Column `dimension` of row-major codes. */
export function dimensionValues(codes: Float32Array, dim: number, dimension: number): Float32Array {
  const count = codes.length / dim;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = codes[i * dim + dimension]!;
  return out;
}

/** The colours for `mode`. */
export function pointColors(
  mode: ColorMode,
  points: { labels: Uint8Array | null; errors: Float32Array; codes: Float32Array; dim: number; count: number },
  classNames: readonly string[] | null,
): PointColors {
  switch (mode.kind) {
    case 'label':
      return labelColors(points.labels, points.count, classNames);
    case 'error':
      return continuousColors(points.errors, 'Reconstruction error (BCE)');
    case 'dimension': {
      const dimension = Math.min(points.dim - 1, Math.max(0, mode.dimension));
      return continuousColors(dimensionValues(points.codes, points.dim, dimension), `Latent dimension z${dimension + 1}`);
    }
  }
}

/** 1 for points shown, 0 for points of hidden classes; null when nothing is hidden. */
export function visibleMask(labels: Uint8Array | null, hidden: ReadonlySet<number>): Uint8Array | null {
  if (!labels || hidden.size === 0) return null;
  const mask = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) mask[i] = hidden.has(labels[i]!) ? 0 : 1;
  return mask;
}

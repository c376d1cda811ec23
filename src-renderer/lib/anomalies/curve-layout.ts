/** ROC and precision-recall curves as SVG paths on unit axes, laid out by d3. */
import { line, scaleLinear } from 'd3';

export interface CurveLayout {
  plot: { left: number; top: number; width: number; height: number };
  path: string;
  /** the chance line: the ROC diagonal, or the PR baseline at the anomalies' share */
  chance: { x1: number; y1: number; x2: number; y2: number };
  ticks: Array<{ value: number; x: number; y: number; label: string }>;
}

const MARGIN = { left: 40, right: 10, top: 8, bottom: 34 };

/** The curve through (xs[i], ys[i]) and its chance line; `baseline` is the PR chance
 * precision (anomalies / all), null for a ROC curve's diagonal. */
export function layoutCurve(xs: Float32Array, ys: Float32Array, baseline: number | null, size: number): CurveLayout {
  const plot = { left: MARGIN.left, top: MARGIN.top, width: size - MARGIN.left - MARGIN.right, height: size - MARGIN.top - MARGIN.bottom };
  const x = scaleLinear().domain([0, 1]).range([0, plot.width]);
  const y = scaleLinear().domain([0, 1]).range([plot.height, 0]);
  const points = Array.from(xs, (v, i): [number, number] => [x(v), y(ys[i]!)]);
  const chance = baseline === null ? { x1: x(0), y1: y(0), x2: x(1), y2: y(1) } : { x1: x(0), y1: y(baseline), x2: x(1), y2: y(baseline) };
  return {
    plot,
    path: line()(points) ?? '',
    chance,
    ticks: [0, 0.25, 0.5, 0.75, 1].map((value) => ({ value, x: x(value), y: y(value), label: String(value) })),
  };
}

/**
 * Curves thinned for the wire: a ROC or PR curve has a point per distinct score (70,000 for
 * Fashion-MNIST), far more than a 300-pixel chart shows. The figures are computed on the
 * full curve; only what is drawn is thinned.
 */

/** At most `max` (>= 2) points of the curve (xs[i], ys[i]), evenly spaced by position,
 * always keeping the first and the last. Shorter curves come back as they are. */
export function thinCurve(xs: Float32Array, ys: Float32Array, max: number): { xs: Float32Array; ys: Float32Array } {
  if (xs.length !== ys.length) throw new RangeError(`A curve needs as many x as y values, not ${xs.length} and ${ys.length}.`);
  if (xs.length <= max) return { xs, ys };
  const outX = new Float32Array(max);
  const outY = new Float32Array(max);
  const step = (xs.length - 1) / (max - 1);
  for (let k = 0; k < max; k++) {
    const i = Math.round(k * step);
    outX[k] = xs[i]!;
    outY[k] = ys[i]!;
  }
  return { xs: outX, ys: outY };
}

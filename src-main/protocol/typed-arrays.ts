/**
 * Plain-loop validators for large numeric payloads. Schema libraries cost ~40 µs per 784
 * numbers; a loop costs well under a microsecond, so pixel batches are checked here.
 */

/** True when every value is finite and within [min, max]. */
export function allFiniteInRange(values: ArrayLike<number>, min: number, max: number): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    // NaN fails both comparisons, infinities fail the range
    if (!(v >= min && v <= max)) return false;
  }
  return true;
}

/** A Float32Array of pixel intensities in [0, 1] (an image batch, row-major). */
export function isUnitPixels(value: unknown): value is Float32Array {
  return value instanceof Float32Array && allFiniteInRange(value, 0, 1);
}

/** A Float32Array of finite values (latent codes). */
export function isFiniteFloats(value: unknown): value is Float32Array {
  return value instanceof Float32Array && allFiniteInRange(value, -Number.MAX_VALUE, Number.MAX_VALUE);
}

/** True when `value` holds exactly `count` images of `width` x `height` x `channels`. */
export function hasImageLength(
  value: ArrayLike<number>,
  count: number,
  width: number,
  height: number,
  channels = 1,
): boolean {
  return value.length === count * width * height * channels;
}

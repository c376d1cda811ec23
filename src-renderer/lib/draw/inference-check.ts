/**
 * A last look at an inference reply before it is drawn: images of the wrong size would
 * draw as garbage or throw deep in a component, so the view reports them instead.
 */
import { allFiniteInRange } from '../../../src-main/protocol/typed-arrays';
import type { DrawInference } from './draw-api';
import { DIGIT_SIZE } from './mnist-preprocess';

const PIXELS = DIGIT_SIZE * DIGIT_SIZE;

function imageProblem(what: string, pixels: Float32Array): string | null {
  if (pixels.length !== PIXELS) return `${what} has ${pixels.length} pixels instead of ${PIXELS}`;
  return allFiniteInRange(pixels, 0, 1) ? null : `${what} has pixel values outside [0, 1]`;
}

/** What is wrong with a reply, in words, or null when it can be shown. */
export function inferenceProblem(inference: DrawInference): string | null {
  const images: [string, Float32Array][] = [
    ['The reconstruction', inference.reconstruction],
    ...inference.neighbours.map((n, i): [string, Float32Array] => [`Neighbour ${i + 1}`, n.pixels]),
    ...inference.samples.map((s, i): [string, Float32Array] => [`Sample ${i + 1}`, s]),
  ];
  for (const [what, pixels] of images) {
    const problem = imageProblem(what, pixels);
    if (problem) return `The engine's reply is malformed: ${problem}.`;
  }
  if (!allFiniteInRange(inference.latent, -Infinity, Infinity)) return "The engine's reply is malformed: the latent code is not finite.";
  return null;
}

/**
 * Class balance of a generative run's samples: decode codes from the prior, let the dataset's
 * classifier label them, count the labels and their mean confidence. A class that (almost)
 * never appears, or one that takes far more than its share, is the signature of mode
 * collapse, and the reply says so in a sentence.
 */
import * as tf from '@tensorflow/tfjs';
import type { ClassBalance } from '../../protocol';
import type { RunModel } from '../inference/run-models';
import type { Classifier } from './classifier';
import { classify } from './classifier';
import { priorCodes } from './prior';

/** A class below this share of its fair share (1 / classes) counts as missing. */
const MISSING_SHARE = 0.2;
/** A class above this many times its fair share dominates. */
const DOMINANT_SHARE = 2.5;
const BATCH = 256;

/** Counts the classifier's labels for `count` prior samples of the run. */
export async function classBalance(
  { model, dataset }: RunModel,
  classifier: Classifier,
  options: { count: number; seed: number; temperature: number },
  onProgress: (done: number, total: number) => void = () => {},
): Promise<ClassBalance> {
  const { count, seed, temperature } = options;
  const shape = dataset.summary;
  const pixels = shape.width * shape.height * shape.channels;
  const codes = priorCodes(count, model.latentDim, seed, temperature);
  const images = new Float32Array(count * pixels);
  for (let from = 0; from < count; from += BATCH) {
    const to = Math.min(from + BATCH, count);
    const out = tf.tidy(() => model.decode(tf.tensor2d(codes.subarray(from * model.latentDim, to * model.latentDim), [to - from, model.latentDim])));
    images.set((await out.data()) as Float32Array, from * pixels);
    out.dispose();
    onProgress(to, count);
  }
  const { labels, confidences } = await classify(classifier.model, shape, images, count);
  const counts = new Array<number>(classifier.classes).fill(0);
  let confidence = 0;
  labels.forEach((label, i) => {
    counts[label]!++;
    confidence += confidences[i]!;
  });
  const names = shape.classNames ?? null;
  return {
    count,
    classes: counts.map((n, label) => ({ label, name: names?.[label] ?? null, count: n })),
    meanConfidence: confidence / count,
    classifierAccuracy: classifier.accuracy,
    warning: balanceWarning(counts, names),
  };
}

/** A sentence naming missing or dominant classes, or null when the classes are balanced. */
export function balanceWarning(counts: readonly number[], names: readonly string[] | null): string | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0 || counts.length < 2) return null;
  const fair = total / counts.length;
  const named = (label: number) => (names?.[label] && names[label] !== String(label) ? `${label} (${names[label]})` : String(label));
  const missing = counts.flatMap((n, label) => (n < fair * MISSING_SHARE ? [label] : []));
  const dominant = counts.flatMap((n, label) => (n > fair * DOMINANT_SHARE ? [label] : []));
  const parts: string[] = [];
  if (missing.length) parts.push(`${missing.length === 1 ? 'class' : 'classes'} ${missing.map(named).join(', ')} ${missing.length === 1 ? 'is' : 'are'} (almost) never generated`);
  if (dominant.length) {
    const shares = dominant.map((label) => `${named(label)} ${Math.round((counts[label]! / total) * 100)}%`);
    parts.push(`${dominant.length === 1 ? 'class' : 'classes'} ${shares.join(', ')} ${dominant.length === 1 ? 'takes' : 'take'} far more than a fair ${Math.round(100 / counts.length)}%`);
  }
  if (!parts.length) return null;
  return `Possible mode collapse: ${parts.join('; ')}.`;
}

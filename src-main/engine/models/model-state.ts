/** Checkpoint state of layers models and optimizers, shared by every family. */
import * as tf from '@tensorflow/tfjs';
import type { ModelState } from './model';

/** Clones (cheap: shared data) of each net's weights by position and each optimizer's
 * state; the caller disposes them. */
export async function captureState(nets: Record<string, tf.LayersModel>, optimizers: Record<string, tf.Optimizer>): Promise<ModelState> {
  const state: ModelState = {};
  for (const [name, net] of Object.entries(nets)) {
    state[name] = net.getWeights().map((tensor, i) => ({ name: String(i), tensor: tf.clone(tensor) }));
  }
  for (const [name, optimizer] of Object.entries(optimizers)) {
    const weights = await optimizer.getWeights();
    // the iteration count is a fresh tensor; the moments are the optimizer's own variables
    state[`optimizer-${name}`] = weights.map(({ name: weightName, tensor }, i) => ({ name: weightName, tensor: i === 0 ? tensor : tf.clone(tensor) }));
  }
  return state;
}

/** Writes `state` into the nets and optimizers; the caller still owns (and disposes) it. */
export async function restoreState(state: ModelState, nets: Record<string, tf.LayersModel>, optimizers: Record<string, tf.Optimizer>): Promise<void> {
  for (const [name, net] of Object.entries(nets)) {
    const saved = state[name];
    if (!saved) throw new Error(`The checkpoint holds no weights for the ${name}.`);
    const expected = net.getWeights().map((w) => w.shape.join('x'));
    const found = saved.map((w) => w.tensor.shape.join('x'));
    if (expected.join(',') !== found.join(',')) {
      throw new Error(`The checkpoint's ${name} weights [${found.join(', ')}] do not fit this model [${expected.join(', ')}].`);
    }
    net.setWeights(saved.map((w) => w.tensor));
  }
  for (const [name, optimizer] of Object.entries(optimizers)) {
    const saved = state[`optimizer-${name}`];
    if (!saved) throw new Error(`The checkpoint holds no optimizer state for the ${name}.`);
    await optimizer.setWeights(saved);
  }
}

/** The variables a net trains, in a fixed order: an optimizer's moments are matched to
 * variables by position, so every step must list them the same way. */
export function trainableVariables(...nets: tf.LayersModel[]): tf.Variable[] {
  return nets.flatMap((net) => net.trainableWeights.map((w) => w.read() as tf.Variable));
}

/** Frees every tensor of a state (what `captureState` or a loaded checkpoint returned). */
export function disposeState(state: ModelState): void {
  for (const group of Object.values(state)) for (const { tensor } of group) tensor.dispose();
}

/**
 * The latent-unit panel's state: which unit, its activations (from inspectLatentUnit) and
 * the pictures of its top and bottom images (from getDatasetImages) and of its decodes, and
 * the input synthesised to excite it (synthesizeUnitInput). A newer request wins over an
 * older one still in flight.
 */
import type { LatentUnit, WorkbenchApi } from '../../../src-main/protocol';
import { pictureAt } from '../explore/image-bank';
import type { Picture } from '../explore/image-bank';
import { describeError } from '../state/describe-error';

/** The engine methods the panel uses. */
export type UnitApi = Pick<WorkbenchApi, 'inspectLatentUnit' | 'getDatasetImages' | 'synthesizeUnitInput'>;

/** A ranked image: its picture, dataset index and the unit's activation on it. */
export interface RankedImage {
  index: number;
  value: number;
  picture: Picture;
}

/** A snapshot of the synthesis: the image after `step` steps and the unit's activation on it. */
export interface SynthesisFrame {
  step: number;
  activation: number;
  picture: Picture;
}

export class UnitInspector {
  result = $state.raw<LatentUnit | null>(null);
  top = $state.raw<readonly RankedImage[]>([]);
  bottom = $state.raw<readonly RankedImage[]>([]);
  decodes = $state.raw<readonly Picture[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  /** the synthesised input's snapshots, for `synthesized.runId` and `.unit` */
  synthesized = $state.raw<{ runId: string; unit: number; frames: readonly SynthesisFrame[] } | null>(null);
  synthesizing = $state(false);
  private generation = 0;
  private synthesisGeneration = 0;

  constructor(private readonly api: UnitApi) {}

  /** Inspects `unit` of `runId`'s code over `split`. */
  async inspect(runId: string, unit: number, split: 'train' | 'validation'): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    this.error = null;
    try {
      const result = await this.api.inspectLatentUnit({ runId, unit, split, count: 25 });
      const indices = Int32Array.from([...result.top, ...result.bottom]);
      const images = await this.api.getDatasetImages({ runId, indices });
      if (generation !== this.generation) return;
      const ranked = (at: Int32Array, values: Float32Array, offset: number): RankedImage[] =>
        Array.from(at, (index, n) => ({ index, value: values[n]!, picture: pictureAt(images.images, offset + n, images.width, images.height, images.channels) }));
      this.result = result;
      this.top = ranked(result.top, result.topValues, 0);
      this.bottom = ranked(result.bottom, result.bottomValues, result.top.length);
      this.decodes = result.sweep.map((_, n) => pictureAt(result.decodes, n, result.width, result.height, result.channels));
    } catch (error) {
      if (generation === this.generation) this.error = `Could not inspect unit ${unit}: ${describeError(error)}`;
    } finally {
      if (generation === this.generation) this.loading = false;
    }
  }

  /** Synthesises the input that excites `unit` most, from a blank or noisy image. */
  async synthesize(runId: string, unit: number, start: 'blank' | 'noise'): Promise<void> {
    const generation = ++this.synthesisGeneration;
    this.synthesizing = true;
    this.error = null;
    try {
      const reply = await this.api.synthesizeUnitInput({ runId, unit, start });
      if (generation !== this.synthesisGeneration) return;
      const frames = reply.steps.map((step, n) => ({
        step,
        activation: reply.activations[n]!,
        picture: pictureAt(reply.images, n, reply.width, reply.height, reply.channels),
      }));
      this.synthesized = { runId, unit, frames };
    } catch (error) {
      if (generation === this.synthesisGeneration) this.error = `Could not synthesise an input for unit ${unit}: ${describeError(error)}`;
    } finally {
      if (generation === this.synthesisGeneration) this.synthesizing = false;
    }
  }
}

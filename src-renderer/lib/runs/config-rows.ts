/** A run's settings as label/value rows for its details, with only the settings its model takes. */
import type { RunSummary } from '../../../src-main/protocol';
import { formatCount } from '../training/format';
import { takes } from '../training/model-settings';
import { modelName } from './runs-table';

/** The rows of `run`'s settings, e.g. ["Learning rate", "0.001"]. */
export function configRows(run: Pick<RunSummary, 'config' | 'latentDim'>): [string, string][] {
  const { config } = run;
  const rows: [string, string][] = [
    ['Model', modelName(config.model)],
    ['Dataset', config.datasetId],
    ['Epochs planned', String(config.epochs)],
    ['Batch size', String(config.batchSize)],
    ['Learning rate', String(config.learningRate)],
    ['Latent size', String(run.latentDim)],
    ['Seed', String(config.seed)],
  ];
  if (takes(config.model, 'variational')) rows.push(['β (KL weight)', String(config.beta)], ['KL warm-up', `${config.klWarmupEpochs} epochs`]);
  if (takes(config.model, 'denoising')) {
    const noise = config.noise;
    rows.push(['Denoising', noise ? `${noise.kind === 'gaussian' ? 'Gaussian noise σ' : 'masking p'} = ${noise.amount}` : 'off']);
  }
  if (takes(config.model, 'imageAdversarial')) rows.push(['Image-adversarial weight', String(config.imageAdversarialWeight)]);
  rows.push(['Classes', config.classes?.join(', ') ?? 'all']);
  if (config.maxTrainSamples !== undefined) rows.push(['Training images at most', formatCount(config.maxTrainSamples)]);
  return rows;
}

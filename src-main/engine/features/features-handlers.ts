/** Requests of the Features view (the linear probe / few-shot experiment and latent units)
 * and the Runs view's quality figure, which shares their encoded splits. */
import type { featuresMethods } from '../../protocol/features';
import type { AreaHandlers, EngineContext } from '../engine-context';
import { CodeCache } from './code-cache';
import { inspectLatentUnit } from './latent-unit';
import { Probes } from './probe-job';
import { RunQualities } from './run-quality';
import { synthesizeUnitInput } from './unit-synthesis';

export function featuresHandlers(context: EngineContext): AreaHandlers<keyof typeof featuresMethods> {
  // the probe and the unit inspector share the encoded splits
  const cache = new CodeCache();
  const probes = new Probes((runId) => context.runModels.get(runId), context.emit, cache);
  const qualities = new RunQualities(
    { loadModel: (runId) => context.runModels.get(runId), runDir: (runId) => context.runs.dirOf(runId), isTraining: (runId) => context.activeRunId() === runId },
    cache,
  );
  return {
    startProbe: (params) => probes.start(params),
    cancelProbe: async ({ probeId }) => ({ cancelled: probes.cancel(probeId) }),
    inspectLatentUnit: async (params) => inspectLatentUnit(await context.runModels.get(params.runId), params, cache),
    synthesizeUnitInput: async (params) => synthesizeUnitInput(await context.runModels.get(params.runId), params),
    runQuality: ({ runId }) => qualities.get(runId),
  };
}

/** Requests of the Reconstructions and Anomalies views. */
import { basename } from 'node:path';
import type { anomalyMethods } from '../../../protocol/anomalies';
import { MAX_CURVE_POINTS } from '../../../protocol/anomalies';
import type { AreaHandlers, EngineContext } from '../../engine-context';
import { AnomalyJobs } from './anomaly-jobs';
import { thinCurve } from './curve-points';
import { evaluateAnomalies } from './evaluation';
import { anomalyCsv, defaultCsvPath, writeAnomalyCsv } from './scores-csv';

export function anomalyHandlers(context: EngineContext): AreaHandlers<keyof typeof anomalyMethods> {
  const jobs = new AnomalyJobs((runId) => context.runModels.get(runId), context.emit);
  return {
    startScoring: ({ runId, split }) => jobs.startScoring(runId, split),
    cancelAnomalyJob: ({ jobId }) => Promise.resolve({ cancelled: jobs.cancel(jobId) }),
    getScores: ({ jobId }) => Promise.resolve(jobs.scoreSet(jobId)),
    evaluateScores: ({ jobId, normal, score }) => {
      const result = evaluateAnomalies(jobs.scored(jobId).scores, normal, score);
      const roc = thinCurve(result.roc.fpr, result.roc.tpr, MAX_CURVE_POINTS);
      const pr = thinCurve(result.pr.recall, result.pr.precision, MAX_CURVE_POINTS);
      const { normalCount, anomalousCount, auroc, averagePrecision } = result;
      return Promise.resolve({
        normal: result.normal,
        score,
        normalCount,
        anomalousCount,
        auroc,
        averagePrecision,
        roc: { fpr: roc.xs, tpr: roc.ys },
        pr: { recall: pr.xs, precision: pr.ys },
      });
    },
    startSweep: ({ jobId, score }) => Promise.resolve(jobs.startSweep(jobId, score)),
    exportScores: async ({ jobId, score, normal }) => {
      const { runId, scores } = jobs.scored(jobId);
      const csv = anomalyCsv(scores, score, normal);
      // the scored dataset is always the run's own, so the CLI's default path applies
      const path = defaultCsvPath(context.runs.dirOf(runId), scores.datasetId, scores);
      await writeAnomalyCsv(path, csv);
      return { path, fileName: `${runId}-${basename(path)}`, csv, rows: scores.indices.length };
    },
  };
}

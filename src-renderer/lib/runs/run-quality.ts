/**
 * The Runs view's quick quality figure of a run: 5-NN accuracy of its validation codes
 * against its training codes, asked of the engine when a run is opened (instant once the
 * engine has kept it in the run folder) and shown as one short line with a tooltip.
 */
import type { RunQuality, WorkbenchApi } from '../../../src-main/protocol';

export type QualityApi = Pick<WorkbenchApi, 'runQuality'>;

export type QualityState = { kind: 'computing' } | { kind: 'done'; quality: RunQuality } | { kind: 'failed'; message: string };

export const COMPUTING: QualityState = { kind: 'computing' };

/** What the line shows: its text, its tooltip and its state for tests (data-quality-state). */
export interface QualityLine {
  text: string;
  title: string;
  state: 'computing' | 'ready' | 'none' | 'error';
}

/** Asks the engine for the figure; a refusal (no checkpoint, engine gone) becomes its message. */
export async function loadRunQuality(api: QualityApi, runId: string): Promise<QualityState> {
  try {
    return { kind: 'done', quality: await api.runQuality({ runId }) };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

export function qualityLine(state: QualityState): QualityLine {
  switch (state.kind) {
    case 'computing':
      return { text: 'computing…', title: 'Encoding the training and validation splits once; later opens read the kept figure.', state: 'computing' };
    case 'failed':
      return { text: '—', title: `No figure: ${state.message}`, state: 'error' };
    case 'done': {
      const { quality } = state;
      if (quality.accuracy === null) return { text: '—', title: quality.reason ?? 'This run has no quality figure.', state: 'none' };
      const reference = quality.referenceCount.toLocaleString('en-US');
      const title =
        `Share of the ${quality.valCount.toLocaleString('en-US')} validation images whose ${quality.k} nearest training codes ` +
        `(${reference}, spread evenly over the training split when it is larger) vote their label; ${quality.weights}.`;
      return { text: `${(quality.accuracy * 100).toFixed(1)} %`, title, state: 'ready' };
    }
  }
}

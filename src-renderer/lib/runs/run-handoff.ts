/**
 * The Runs view's request to the Train view: "resume this run and show its progress". Views
 * are re-created when the user switches, so the request waits here until the Train view takes
 * it as it opens; the Train view sends resumeTraining itself, after subscribing to progress,
 * so not one event of the resumed run is missed.
 */
import type { TrainingConfig } from '../../../src-main/protocol';

/** A run to resume, up to `epochs` in total. */
export interface ResumeRequest {
  runId: string;
  epochs: number;
  /** the run's settings, for the Train form to show */
  config: TrainingConfig;
}

/** Holds at most one request, handed out once. */
export class RunHandoff {
  #pending: ResumeRequest | null = null;

  /** Leaves `request` for the Train view, replacing any earlier one. */
  request(request: ResumeRequest): void {
    this.#pending = request;
  }

  /** The waiting request, if any; it is gone after this. */
  take(): ResumeRequest | null {
    const request = this.#pending;
    this.#pending = null;
    return request;
  }
}

/** The app's one handoff between the Runs and Train views. */
export const runHandoff = new RunHandoff();

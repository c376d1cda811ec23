/**
 * One linear-probe experiment as the Features view follows it: starts it, listens to its
 * events (ignoring older probes'), keeps every result and the current stage. Events that
 * arrive before startProbe's reply names their id are held, then replayed.
 */
import type { MethodParams, ProbeProgress, ProbeStarted, WorkbenchApi } from '../../../src-main/protocol';
import { describeError } from '../state/describe-error';

/** The engine methods a probe session uses. */
export type ProbeApi = Pick<WorkbenchApi, 'startProbe' | 'cancelProbe' | 'onProbeProgress'>;

/** Where a probe stands. */
export type ProbePhase = 'idle' | 'starting' | 'encoding' | 'training' | 'finished' | 'cancelled' | 'failed';

/** One classifier's score at one label budget. */
export type ProbeResult = Extract<ProbeProgress, { kind: 'result' }>;
type Stage = Extract<ProbeProgress, { kind: 'stage' }>;
type Ending = Extract<ProbeProgress, { kind: 'finished' }>;

export class ProbeSession {
  /** what the engine will run (sizes after clamping, methods, classes) */
  plan = $state.raw<ProbeStarted | null>(null);
  /** the run it probes */
  runId = $state<string | null>(null);
  stage = $state.raw<Stage | null>(null);
  results = $state.raw<readonly ProbeResult[]>([]);
  ending = $state.raw<Ending | null>(null);
  /** why starting or cancelling failed */
  error = $state<string | null>(null);
  private starting = $state(false);

  /** The phase, for the view's data-state and its controls. */
  readonly phase: ProbePhase = $derived.by(() => {
    if (this.error !== null || this.ending?.status === 'failed') return 'failed';
    if (this.ending?.status === 'cancelled') return 'cancelled';
    if (this.starting) return 'starting';
    if (this.plan === null) return 'idle';
    if (this.ending) return 'finished';
    return this.stage?.stage === 'training' ? 'training' : 'encoding';
  });
  /** True while the engine works on it (Cancel applies). */
  readonly busy = $derived(this.phase === 'starting' || this.phase === 'encoding' || this.phase === 'training');
  /** 0..1 over the encoding (first tenth) and the experiments, null before anything is known. */
  readonly fraction: number | null = $derived.by(() => {
    if (!this.stage || !this.plan) return null;
    const { stage, done, total, epoch, epochs } = this.stage;
    // within a classifier, its epochs so far (early stopping may jump ahead)
    const partial = epoch !== undefined && epochs ? epoch / epochs : 0;
    return stage === 'encoding' ? 0.1 * (done / total) : 0.1 + 0.9 * ((done + partial) / total);
  });

  private held: ProbeProgress[] = [];
  private generation = 0;

  /** Listens for the API's lifetime: the session is kept across visits of the view. */
  constructor(private readonly api: ProbeApi) {
    api.onProbeProgress((event) => this.receive(event));
  }

  /** Starts a probe; the engine cancels the one running. */
  async start(params: MethodParams<'startProbe'>): Promise<void> {
    const generation = ++this.generation;
    this.runId = params.runId;
    this.plan = null;
    this.stage = null;
    this.results = [];
    this.ending = null;
    this.error = null;
    this.starting = true;
    this.held = [];
    try {
      const started = await this.api.startProbe(params);
      if (generation !== this.generation) return;
      this.plan = started;
      const held = this.held.filter((e) => e.probeId === started.probeId);
      this.held = [];
      for (const event of held) this.apply(event);
    } catch (error) {
      if (generation === this.generation) this.error = `Could not start the experiment: ${describeError(error)}`;
    } finally {
      if (generation === this.generation) this.starting = false;
    }
  }

  /** Asks the engine to stop the current probe. */
  async cancel(): Promise<void> {
    const id = this.plan?.probeId;
    if (!id || !this.busy) return;
    try {
      await this.api.cancelProbe({ probeId: id });
    } catch (error) {
      this.error = `Could not cancel the experiment: ${describeError(error)}`;
    }
  }

  /** Gives up on a probe the engine can no longer finish (it restarted). */
  abandon(reason: string): void {
    if (this.busy) this.error = reason;
  }

  private receive(event: ProbeProgress): void {
    if (this.starting && this.plan === null) this.held.push(event);
    else if (event.probeId === this.plan?.probeId) this.apply(event);
  }

  private apply(event: ProbeProgress): void {
    switch (event.kind) {
      case 'stage':
        this.stage = event;
        break;
      case 'result':
        this.results = [...this.results, event];
        break;
      case 'finished':
        this.ending = event;
        this.stage = null;
        break;
    }
  }
}

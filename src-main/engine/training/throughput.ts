/** Training throughput from progress events, counting training batches only (no
 * validation, no reconstructions), the way the PyTorch reference measures it. */
import type { TrainingProgress } from '../../protocol';

export class ThroughputMeter {
  private seconds = 0;
  private samples = 0;
  private epochStartedAt = 0;
  private trainCount = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Feed every progress event of one run, in order. */
  observe(event: TrainingProgress): void {
    const now = this.now();
    if (event.kind === 'started') this.trainCount = event.trainCount;
    if (event.kind === 'started' || event.kind === 'reconstructions') this.epochStartedAt = now;
    if (event.kind === 'batch' && event.batch === event.batchesPerEpoch) {
      this.seconds += (now - this.epochStartedAt) / 1000;
      this.samples += this.trainCount;
    }
  }

  /** Samples per second over the finished epochs; 0 before the first. */
  samplesPerSecond(): number {
    return this.seconds > 0 ? this.samples / this.seconds : 0;
  }
}

/** The engine's memory figures as getInfo reports them. */
export interface SoakMemory {
  rssBytes: number;
  heapUsedBytes: number;
  numTensors: number;
  activeResources: number;
}

export interface SoakCycle {
  cycle: number;
  epochs: number;
  draws: { sent: number; answered: number; failed: number; outOfOrder: number; p50ms: number; p99ms: number };
  umap: { status: string; count: number; seconds: number };
  memory: SoakMemory;
  /** what went wrong in this cycle: lost, failed or reordered requests, missing epochs or events */
  problems: string[];
}

export interface SoakSummary {
  type: 'summary';
  cycles: number;
  seconds: number;
  rate: number;
  backend: string;
  start: SoakMemory;
  afterFirstCycle: SoakMemory;
  end: SoakMemory;
  growthSinceFirstCycle: { rss: number; numTensors: number; activeResources: number };
  tensorsVsStart: number;
  bounds: { rss: number; numTensors: number };
  /** every cycle's problems and any growth over its bound; empty when the soak passed */
  failures: string[];
}

export interface SoakOptions {
  /** the built engine, out/main/engine.js */
  engine: string;
  cycles: number;
  seconds: number;
  /** drawing requests a second */
  rate: number;
  /** points the UMAP of each cycle maps (default 2000) */
  umapPoints?: number;
  /** added to the engine's environment (LATENT_HOME is always a fresh temporary folder) */
  env?: Record<string, string>;
  /** largest allowed growth of RSS after the first cycle, as a fraction (default 0.1) */
  rssBound?: number;
  /** largest allowed growth of live tensors after the first cycle, as a fraction (default 0.1) */
  tensorBound?: number;
  onStart?: (start: { info: { backend: string }; baseline: SoakMemory }) => void;
  onCycle?: (row: SoakCycle) => void;
}

/** Runs the soak against a forked engine; rejects when the engine dies. */
export function runSoak(options: SoakOptions): Promise<{ info: { backend: string }; baseline: SoakMemory; rows: SoakCycle[]; summary: SoakSummary }>;

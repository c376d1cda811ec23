/**
 * The part of the engine API the Draw view uses, declared here so the view can be built
 * before the contract has these methods; WorkbenchApi is meant to satisfy it.
 */

/** A trained run the Draw view can use. */
export interface DrawRun {
  runId: string;
  /** model family, e.g. "vae" */
  model: string;
  datasetId: string;
  status: string;
  latentDim: number;
  /** ISO timestamp */
  createdAt: string;
  /** final validation loss, null if never measured */
  valLoss: number | null;
  /** epochs in the run's last checkpoint; null when it has none (nothing to load) */
  checkpointEpoch: number | null;
}

/** A training image close to the drawing in latent space. */
export interface DrawNeighbour {
  /** the image's index in its dataset */
  index: number;
  /** its digit, when the dataset is labelled */
  label: number | null;
  /** latent-space distance to the drawing */
  distance: number;
  /** 28x28 grayscale in [0, 1] */
  pixels: Float32Array;
}

/** What the engine makes of one drawing. */
export interface DrawInference {
  /** 28x28 in [0, 1] */
  reconstruction: Float32Array;
  latent: Float32Array;
  /** mean binary cross-entropy of the reconstruction */
  error: number;
  /** 0..100: share of validation images reconstructed with lower error */
  percentile: number;
  neighbours: readonly DrawNeighbour[];
  /** 28x28 decodes around the latent (VAE/AAE only, else empty) */
  samples: readonly Float32Array[];
}

/** The request for one drawing. */
export interface DrawInferenceParams {
  runId: string;
  /** 784 values in [0, 1] */
  pixels: Float32Array;
  /** how many nearest training images to return */
  neighbours: number;
  /** how many decodes around the latent to return */
  samples: number;
}

/** The engine methods the Draw view calls. */
export interface DrawModelApi {
  listRuns(params: Record<string, never>): Promise<readonly DrawRun[]>;
  inferDrawing(params: DrawInferenceParams): Promise<DrawInference>;
  /** starts a run with the reference settings, for the "train the default model" offer */
  startTraining(params: { datasetId: string; model: 'dense-ae' }): Promise<{ runId: string }>;
}

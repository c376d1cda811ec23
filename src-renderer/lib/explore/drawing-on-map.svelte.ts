/**
 * The Draw view's current drawing as the Explore map shows it: Draw writes its latest code here
 * (`drawingOnMap.show(runId, code)`), Explore places it on a finished map of the same run
 * with the engine's `placeOnMap` (UMAP's transform; exact for PCA and the latent plane)
 * without refitting. One shared object, because the two views never exist at once.
 */
export class DrawingOnMap {
  /** the run whose model encoded the drawing */
  runId = $state<string | null>(null);
  /** the drawing's latent code; null when there is no drawing */
  code = $state.raw<Float32Array | null>(null);

  /** The drawing's newest code. */
  show(runId: string, code: Float32Array): void {
    this.runId = runId;
    this.code = code;
  }

  /** The pad was cleared. */
  clear(): void {
    this.runId = null;
    this.code = null;
  }
}

/** The one drawing the Draw view shares with the map. */
export const drawingOnMap = new DrawingOnMap();

/** Saving what the Generate view shows: a sheet as PNG (enlarged without smoothing, so the
 * pixels stay sharp) or any bytes, through a temporary link the browser downloads. The
 * helpers are the app's shared picture code (`lib/pictures`); the file names are Generate's. */
export { downloadBlob } from '../pictures/download';
export { sheetPng } from '../pictures/raster';

/** A file name for an export: `traversal-<run>.png`. */
export function exportName(kind: string, runId: string, extension: string): string {
  return `${kind}-${runId}.${extension}`;
}

/** Saving what the Generate view shows: a sheet as PNG (enlarged without smoothing, so the
 * pixels stay sharp) or any bytes, through a temporary link the browser downloads. */
import type { Sheet } from '../images/contact-sheet';

/** Downloads `blob` as `name`. */
export function downloadBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  // the download has started by then; revoking at once can cancel it in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The sheet as a PNG, each pixel `scale` x `scale`. */
export function sheetPng(sheet: Sheet, scale: number): Promise<Blob> {
  const source = document.createElement('canvas');
  source.width = sheet.width;
  source.height = sheet.height;
  source.getContext('2d')?.putImageData(new ImageData(sheet.data, sheet.width, sheet.height), 0, 0);
  const canvas = document.createElement('canvas');
  canvas.width = sheet.width * scale;
  canvas.height = sheet.height * scale;
  const context = canvas.getContext('2d');
  if (!context) return Promise.reject(new Error('no 2D canvas is available'));
  context.imageSmoothingEnabled = false;
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode a PNG'))), 'image/png'));
}

/** A file name for an export: `traversal-<run>.png`. */
export function exportName(kind: string, runId: string, extension: string): string {
  return `${kind}-${runId}.${extension}`;
}

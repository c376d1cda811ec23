/** File names for saved figures: what the figure is, whose run, when; safe on every file system. */

/** `Loss chart` -> `loss-chart`: lower case, runs of anything else than letters and digits as one dash. */
export function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `loss-chart-run_7-20261127-0823.png`: the figure, the run (when known) and the minute it
 * was saved, so saving twice while training goes on does not overwrite the first file. */
export function figureFileName(figure: string, extension: 'png' | 'svg', at: Date, runId?: string | null): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${pad(at.getMonth() + 1)}${pad(at.getDate())}-${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
  const run = runId ? runId.replace(/[^A-Za-z0-9._-]+/g, '_') : '';
  return [slug(figure) || 'figure', run, stamp].filter(Boolean).join('-') + `.${extension}`;
}

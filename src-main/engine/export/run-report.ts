/**
 * A run's report as one self-contained HTML file, for sharing: what was trained and how it
 * ended, its settings, its loss and metric curves per epoch (inline SVG), the last epoch's
 * metrics, and a grid of validation images beside their reconstructions (or, for generative
 * models, samples from the prior) as inline PNG. No script, nothing fetched.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { line, scaleLinear } from 'd3';
import writeFileAtomic from 'write-file-atomic';
import type { RunHistory } from '../../protocol';
import { gatherBatch } from '../data/image-set';
import type { RunModel } from '../inference/run-models';
import { REFERENCE_LATENT } from '../models';
import type { RunRecord } from '../runs/run-record';
import { gridPng } from './embedding-files';
import { FAMILY } from './export-model';

type Epochs = RunHistory['epochs'];

/** A picture of the report: a PNG with its caption. */
export interface ReportFigure {
  caption: string;
  png: Buffer;
}

const GRID_COLUMNS = 16;
export const REPORT_FILE = 'report.html';

const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const show = (v: number): string => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(4));

/** The run's pictures: 16 validation images over their reconstructions, and 16 decodes of
 * fixed prior noise for generative models. */
export async function reportFigures({ model, dataset }: RunModel): Promise<ReportFigure[]> {
  const { width, height, channels } = dataset.summary;
  const pixels = width * height * channels;
  const toBytes = async (t: tf.Tensor): Promise<Uint8Array> => {
    const values = await t.data();
    t.dispose();
    return Uint8Array.from(values, (v) => Math.round(Math.min(1, Math.max(0, v)) * 255));
  };
  const figures: ReportFigure[] = [];
  if (model.reconstruct) {
    // spread over the split: datasets stored class by class would otherwise show one class
    const { valIndices } = dataset;
    const count = Math.min(GRID_COLUMNS, valIndices.length);
    const picked = Int32Array.from({ length: count }, (_, i) => valIndices[Math.floor((i * valIndices.length) / count)]!);
    const x: tf.Tensor2D = tf.tensor2d(gatherBatch(dataset, picked), [picked.length, pixels]);
    const originals = await toBytes(tf.clone(x));
    const recon = await toBytes(model.reconstruct(x));
    x.dispose();
    const both = new Uint8Array(originals.length * 2);
    both.set(originals);
    both.set(recon, originals.length);
    figures.push({ caption: 'Validation images (top) and their reconstructions (bottom).', png: gridPng(both, picked.length * 2, width, height, channels, picked.length, 2) });
  }
  if (model.generative) {
    const z = tf.randomNormal<tf.Rank.R2>([GRID_COLUMNS * 2, model.latentDim], 0, 1, 'float32', 1);
    const images = await toBytes(model.decode(z));
    z.dispose();
    figures.push({ caption: 'Decodes of codes drawn from the prior N(0, I) (seed 1).', png: gridPng(images, GRID_COLUMNS * 2, width, height, channels, GRID_COLUMNS, 2) });
  }
  return figures;
}

/** One metric's curves over epochs: training and validation. */
export function curveSvg(title: string, epochs: Epochs, metric: string): string {
  const W = 360;
  const H = 200;
  const M = { top: 24, right: 12, bottom: 30, left: 52 };
  const train = epochs.flatMap((e) => (Number.isFinite(e.trainMetrics[metric]) ? [[e.epoch, e.trainMetrics[metric]!] as [number, number]] : []));
  const val = epochs.flatMap((e) => (Number.isFinite(e.valMetrics[metric]) ? [[e.epoch, e.valMetrics[metric]!] as [number, number]] : []));
  const all = [...train, ...val];
  const lastEpoch = Math.max(2, ...epochs.map((e) => e.epoch));
  const lo = Math.min(...all.map((p) => p[1]));
  const hi = Math.max(...all.map((p) => p[1]));
  const x = scaleLinear([1, lastEpoch], [M.left, W - M.right]);
  const y = scaleLinear([lo, hi === lo ? lo + 1 : hi], [H - M.bottom, M.top]).nice(4);
  const path = line<[number, number]>(
    (p) => x(p[0]),
    (p) => y(p[1]),
  );
  const dots = (points: [number, number][], colour: string) => points.map((p) => `<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="2.5" fill="${colour}"/>`).join('');
  const yTicks = y.ticks(4).map((t) => `<g transform="translate(0,${y(t).toFixed(1)})"><line x1="${M.left}" x2="${W - M.right}" stroke="#e3e5e9"/><text x="${M.left - 6}" dy="0.32em" text-anchor="end">${show(t)}</text></g>`);
  const xTicks = x.ticks(Math.min(lastEpoch - 1, 8)).filter(Number.isInteger).map((t) => `<text x="${x(t).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${t}</text>`);
  return `<figure><svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${escape(title)}">
<text x="${M.left}" y="14" class="title">${escape(title)}</text>${yTicks.join('')}${xTicks.join('')}
<text x="${(M.left + W - M.right) / 2}" y="${H - 2}" text-anchor="middle">epoch</text>
${train.length ? `<path d="${path(train)}" fill="none" stroke="#2f6fdb" stroke-width="2"/>${dots(train, '#2f6fdb')}` : ''}
${val.length ? `<path d="${path(val)}" fill="none" stroke="#c2410c" stroke-width="2"/>${dots(val, '#c2410c')}` : ''}
</svg><figcaption><span class="train">■</span> training <span class="val">■</span> validation</figcaption></figure>`;
}

/** The report's HTML. */
export function reportHtml(record: RunRecord, epochs: Epochs, figures: ReportFigure[], weights: string | null): string {
  const names = [...new Set(epochs.flatMap((e) => [...Object.keys(e.valMetrics), ...Object.keys(e.trainMetrics)]))];
  const metricNames = ['loss', ...names.filter((n) => n !== 'loss')];
  const last = epochs.at(-1);
  const row = (k: string, v: unknown) => `<tr><th>${escape(k)}</th><td>${escape(typeof v === 'object' ? JSON.stringify(v) : String(v))}</td></tr>`;
  const summary = [
    ['Model', `${FAMILY[record.config.model]} (${record.config.model}), latent size ${record.config.latentDim ?? REFERENCE_LATENT[record.config.model]}`],
    ['Dataset', `${record.dataset.name} (${record.dataset.width}×${record.dataset.height}×${record.dataset.channels}, ${record.dataset.trainCount} train / ${record.dataset.valCount} validation)`],
    ['Status', record.status + (record.message ? ` (${record.message})` : '')],
    ['Epochs', `${record.epochsDone} of ${record.config.epochs}`],
    ['Validation loss', record.valLoss === null ? '—' : show(record.valLoss)],
    ['Best', record.best ? `${show(record.best.valLoss)} at epoch ${record.best.epoch}` : '—'],
    ['Backend', record.backend],
    ['Training time', `${record.seconds.toFixed(0)} s`],
    ['Started', record.createdAt],
    ...(weights ? [['Pictures from', weights]] : []),
  ];
  const curves = epochs.length ? metricNames.map((m) => curveSvg(m === 'loss' ? 'loss' : m, epochs, m)).join('\n') : '<p>No epoch has finished yet.</p>';
  const lastTable = last
    ? `<table><thead><tr><th>metric</th><th>training</th><th>validation</th></tr></thead><tbody>${metricNames
        .map((m) => `<tr><th>${escape(m)}</th><td>${last.trainMetrics[m] === undefined ? '—' : show(last.trainMetrics[m]!)}</td><td>${last.valMetrics[m] === undefined ? '—' : show(last.valMetrics[m]!)}</td></tr>`)
        .join('')}</tbody></table>`
    : '';
  const pictures = figures.length
    ? figures.map((f) => `<figure><img alt="${escape(f.caption)}" src="data:image/png;base64,${f.png.toString('base64')}"/><figcaption>${escape(f.caption)}</figcaption></figure>`).join('\n')
    : '<p>No pictures: the run has no checkpoint yet.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>Run ${escape(record.id)}: ${escape(FAMILY[record.config.model])} on ${escape(record.dataset.name)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1c1d21}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse}th,td{padding:.2rem .8rem .2rem 0;text-align:left;vertical-align:top}th{color:#565a63;font-weight:500}
.curves{display:flex;flex-wrap:wrap;gap:1rem}figure{margin:0}svg text{font-size:11px;fill:#565a63}svg .title{font-size:12px;fill:#1c1d21;font-weight:600}
.train{color:#2f6fdb}.val{color:#c2410c}figcaption{color:#565a63;font-size:12px}
img{image-rendering:pixelated;width:min(100%,${GRID_COLUMNS * 56}px);border:1px solid #d5d8de}
</style></head><body>
<h1>${escape(FAMILY[record.config.model])} on ${escape(record.dataset.name)} <small>run ${escape(record.id)}</small></h1>
<table>${summary.map(([k, v]) => row(k!, v)).join('')}</table>
<h2>Curves</h2><div class="curves">${curves}</div>
<h2>Last epoch</h2>${lastTable || '<p>No epoch has finished yet.</p>'}
<h2>Pictures</h2>${pictures}
<h2>Settings</h2><table>${Object.entries(record.config).map(([k, v]) => row(k, v)).join('')}</table>
<p><small>Written by Latent Workbench on ${new Date().toISOString()}.</small></p>
</body></html>
`;
}

/** Writes `report.html` into `dir` (created if needed); `handle` is null for a run without a
 * checkpoint, whose report has no pictures. */
export async function exportRunReport(handle: RunModel | null, record: RunRecord, epochs: Epochs, dir: string): Promise<{ files: string[] }> {
  const figures = handle ? await reportFigures(handle) : [];
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, REPORT_FILE), reportHtml(record, epochs, figures, handle?.weights ?? null));
  return { files: [REPORT_FILE] };
}

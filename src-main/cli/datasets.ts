/** `latent datasets`: the datasets available here; `--download mnist` fetches full MNIST. Also
 * the progress line and Ctrl+C cancellation that `latent import` shares. */
import type { DatasetSummary } from '../protocol';
import { defaultDataDir } from '../engine/data-dir';
import { downloadMnist, MNIST_ID } from '../engine/data/mnist-download';
import { DatasetRegistry } from '../engine/data/registry';
import { ImportCancelled } from '../engine/data/importers/import-common';
import type { ProgressReport } from '../engine/data/importers/import-common';
import { UsageError } from './usage-error';

/** Where a command writes: stdout for results (JSON lines with --json), stderr for messages. */
export interface CommandIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export const processIo: CommandIo = { stdout: process.stdout, stderr: process.stderr };

/** A progress reporter: JSON lines on stdout with --json, else a status line on a TTY stderr. */
export function progressReporter(io: CommandIo, json: boolean): { report: ProgressReport; done(): void } {
  let open = false;
  let last = 0;
  const report: ProgressReport = (stage, done, total, file) => {
    const now = Date.now();
    if (done < total && now - last < 200) return;
    last = now;
    if (json) {
      io.stdout.write(JSON.stringify({ type: 'progress', stage, done, total, ...(file === undefined ? {} : { file }) }) + '\n');
      return;
    }
    if (!io.stderr.isTTY) return;
    const share = total > 0 ? done / total : 0;
    io.stderr.write(`\r${stage} ${file ?? ''} ${'#'.repeat(Math.round(share * 24)).padEnd(24, '.')} ${Math.round(share * 100)}%\x1b[K`);
    open = true;
  };
  return {
    report,
    done: () => {
      if (open) io.stderr.write('\r\x1b[K');
      open = false;
    },
  };
}

/** Runs `work` until Ctrl+C, which cancels it (the partial cache is removed) and exits 2. */
export async function cancellableBySigint<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  try {
    return await work(controller.signal);
  } catch (error) {
    if (error instanceof ImportCancelled) throw new UsageError('Cancelled; nothing was kept.');
    throw error;
  } finally {
    process.off('SIGINT', stop);
  }
}

export interface DatasetsOptions {
  json: boolean;
  /** a dataset to download first (only "mnist") */
  download?: string | undefined;
  baseUrl?: string | undefined;
  dataDir?: string;
}

/** "60,000 train / 10,000 val (published)" */
function splitText(d: DatasetSummary): string {
  const how = d.split?.kind === 'random' ? `random, seed ${d.split.seed}, ${Math.round(d.split.valFraction * 100)}% val` : (d.split?.kind ?? 'fixed');
  return `${d.trainCount.toLocaleString('en-US')} train / ${d.valCount.toLocaleString('en-US')} val (${how})`;
}

/** The row --json prints per dataset (field names are an interface). */
function row(d: DatasetSummary): Record<string, unknown> {
  return {
    id: d.id, name: d.name, count: d.count, width: d.width, height: d.height, channels: d.channels,
    trainCount: d.trainCount, valCount: d.valCount, split: d.split ?? null, labeled: d.labeled ?? null,
    classNames: d.classNames ?? null, origin: d.origin ?? null, source: d.source,
  };
}

export async function datasetsCommand(options: DatasetsOptions, io: CommandIo = processIo): Promise<number> {
  const dataDir = options.dataDir ?? defaultDataDir();
  if (options.baseUrl !== undefined && options.download === undefined) throw new UsageError('--base-url goes with --download mnist.');
  if (options.download !== undefined) {
    if (options.download !== MNIST_ID) throw new UsageError(`--download takes "mnist" (full MNIST, 70,000 digits), not "${options.download}".`);
    if (options.baseUrl !== undefined && !/^https?:\/\/\S+$/.test(options.baseUrl)) throw new UsageError(`--base-url must be an http(s) URL, not "${options.baseUrl}".`);
    const progress = progressReporter(io, options.json);
    try {
      await cancellableBySigint((signal) => downloadMnist(dataDir, { baseUrl: options.baseUrl, signal, progress: progress.report }));
    } finally {
      progress.done();
    }
    if (!options.json) io.stderr.write('Downloaded and verified full MNIST.\n');
  }
  const list = await new DatasetRegistry(dataDir).list();
  for (const d of list) {
    if (options.json) io.stdout.write(JSON.stringify(row(d)) + '\n');
    else {
      const shape = `${d.count.toLocaleString('en-US')} x ${d.height}x${d.width}${d.channels > 1 ? `x${d.channels}` : ''}`;
      const labels = d.classNames ? `${d.classNames.length} classes` : d.labeled === false ? 'no labels' : 'labels';
      io.stdout.write(`${d.id.padEnd(16)} ${shape.padEnd(20)} ${labels.padEnd(11)} ${splitText(d)}  ${d.source}\n`);
    }
  }
  return 0;
}

/** `latent import PATH --name N`: converts IDX, NPY or a folder of images into a dataset. */
import { defaultDataDir } from '../engine/data-dir';
import { listImported, runImport } from '../engine/data/imported';
import { BUILT_IN_DATASET_IDS } from '../engine/data/registry';
import { DatasetImportRequest } from '../protocol/datasets';
import { cancellableBySigint, processIo, progressReporter } from './datasets';
import type { CommandIo } from './datasets';
import { numberOption, UsageError } from './usage-error';

export interface ImportCommandOptions {
  json: boolean;
  path?: string | undefined;
  name?: string | undefined;
  labels?: string | undefined;
  format?: string | undefined;
  size?: string | undefined;
  shape?: string | undefined;
  rgb: boolean;
  valFraction?: string | undefined;
  seed?: string | undefined;
  dataDir?: string;
}

/** "28x28" -> { height: 28, width: 28 } */
function shapeOption(text: string | undefined): Record<string, number> {
  if (text === undefined) return {};
  const match = /^(\d+)x(\d+)$/.exec(text);
  if (!match) throw new UsageError(`--shape takes HEIGHTxWIDTH, like 28x28 (got "${text}").`);
  return { height: Number(match[1]), width: Number(match[2]) };
}

export async function importCommand(options: ImportCommandOptions, io: CommandIo = processIo): Promise<number> {
  if (options.path === undefined) throw new UsageError('latent import needs the PATH of an IDX or NPY file or of a folder of images.');
  if (options.name === undefined) throw new UsageError('latent import needs --name, the name to list the dataset under.');
  const parsed = DatasetImportRequest.safeParse({
    path: options.path,
    name: options.name,
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(options.labels === undefined ? {} : { labelsPath: options.labels }),
    ...numberOption('size', options.size, '--size'),
    ...shapeOption(options.shape),
    rgb: options.rgb,
    ...numberOption('valFraction', options.valFraction, '--val-fraction'),
    ...numberOption('seed', options.seed, '--seed'),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flags: Record<string, string> = { valFraction: '--val-fraction', labelsPath: '--labels', height: '--shape', width: '--shape' };
    const key = String(issue.path[0] ?? '');
    throw new UsageError(`${flags[key] ?? `--${key}`}: ${issue.message}.`);
  }
  const dataDir = options.dataDir ?? defaultDataDir();
  const taken = new Set([...BUILT_IN_DATASET_IDS, ...(await listImported(dataDir)).map((d) => d.id)]);
  const progress = progressReporter(io, options.json);
  let summary;
  try {
    summary = await cancellableBySigint((signal) => runImport(dataDir, parsed.data, taken, signal, progress.report));
  } finally {
    progress.done();
  }
  if (options.json) io.stdout.write(JSON.stringify({ type: 'result', ...summary }) + '\n');
  else {
    io.stdout.write(
      `Imported "${summary.name}" as ${summary.id}: ${summary.count} images of ${summary.height}x${summary.width}${summary.channels > 1 ? 'x3' : ''}, ` +
        `${summary.trainCount} train / ${summary.valCount} validation (seed ${parsed.data.seed}). Train on it with --dataset ${summary.id}.\n`,
    );
  }
  return 0;
}

/**
 * Imports a model made elsewhere as a run, so every view can use it and training can
 * continue: a run folder copied from another machine, or TensorFlow.js folders written by
 * `latent export`. The folders' metadata.json says the family,
 * settings and dataset; the layers' weights go back into a fresh model of that family by
 * position (the export keeps the zoo's layer order), with a fresh optimizer. Everything is
 * checked before anything is written, and the run folder appears whole or not at all.
 */
import { randomBytes } from 'node:crypto';
import { cp, lstat, mkdir, readFile, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { ModelKind, RunId, TrainingConfig } from '../../protocol';
import type { BackendName, RunStatus } from '../../protocol';
import type { ImageSet } from '../data/image-set';
import type { DatasetRegistry } from '../data/registry';
import { createModel, disposeState, modelArgs } from '../models';
import type { ModelState } from '../models';
import { RUN_FILE } from '../runs/run-store';
import type { RunStore } from '../runs/run-store';
import { newRunId } from '../runs/run-id';
import { RunRecord } from '../runs/run-record';
import { loadCheckpoint, saveCheckpoint } from '../training/checkpoint-store';
import type { ExportPart } from './export-graph';
import { METADATA_FILE } from './export-model';
import { fileLoadHandler } from './tfjs-files';

/** The part of metadata.json an import relies on. */
const ImportMetadata = z.object({
  format: z.string(),
  part: z.enum(['encoder', 'decoder', 'model']),
  family: ModelKind,
  // it becomes part of messages and results
  runId: RunId,
  config: TrainingConfig,
  imageShape: z.object({ width: z.number().int(), height: z.number().int(), channels: z.number().int() }),
  epochs: z.number().int().nonnegative(),
  metrics: z.object({ valLoss: z.number().nullable(), best: z.object({ epoch: z.number().int().positive(), valLoss: z.number() }).nullable() }),
});
type ImportMetadata = z.infer<typeof ImportMetadata>;

/** What an import made. */
export interface ImportResult {
  runId: string;
  dir: string;
  family: ModelKind;
  /** the run the folders were exported from */
  from: string;
  parts: ExportPart[];
  /** what run.json says of it: the folders used and what starts afresh */
  message: string;
}

async function readMetadata(dir: string): Promise<ImportMetadata> {
  let text: string;
  try {
    text = await readFile(join(dir, METADATA_FILE), 'utf8');
  } catch {
    throw new Error(`${dir} has no ${METADATA_FILE}: import a folder written by latent export in the tfjs format.`);
  }
  let parsed: ImportMetadata;
  try {
    parsed = ImportMetadata.parse(JSON.parse(text));
  } catch {
    throw new Error(`${join(dir, METADATA_FILE)} is not an export's metadata; export the run again with latent export.`);
  }
  if (parsed.format !== 'tfjs-layers-model') throw new Error(`${dir} holds a ${parsed.format} export; only tfjs exports can be imported (export with --format tfjs).`);
  return parsed;
}

/** Which parts a family needs: the whole model, or encoder and decoder, or a generator. */
function neededParts(family: ModelKind, have: Set<ExportPart>): ExportPart[] | null {
  if (family === 'dcgan') return have.has('decoder') ? ['decoder'] : null;
  // a VAE's full model goes through the mean code only: its log-variance head is not in it
  if (have.has('model') && family !== 'vae' && family !== 'conv-vae') return ['model'];
  return have.has('encoder') && have.has('decoder') ? ['encoder', 'decoder'] : null;
}

/** The weights of one exported folder, in the model's order (the caller disposes them). */
async function loadWeights(dir: string): Promise<tf.Tensor[]> {
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(fileLoadHandler(dir));
  } catch (error) {
    const message = (error as Error).message;
    // our own file checks name the folder already; tfjs's own errors do not
    throw new Error(message.includes(dir) ? message : `Could not read the model in ${dir}: ${message}`);
  }
  const weights = model.getWeights().map((w) => tf.clone(w));
  model.dispose();
  return weights;
}

/** Puts `tensors` into `state[group]` after checking every shape; throws naming the mismatch. */
function replaceGroup(state: ModelState, group: string, tensors: tf.Tensor[], what: string, dir: string): void {
  const current = state[group];
  if (!current) throw new Error(`A model of this family has no ${group} weights.`);
  const want = current.map((w) => w.tensor.shape.join('x')).join(', ');
  const got = tensors.map((t) => t.shape.join('x')).join(', ');
  if (want !== got) throw new Error(`The ${what} weights in ${dir} [${got}] do not fit this model on its dataset [${want}]: the folders and the data do not belong together.`);
  current.forEach((w, i) => {
    w.tensor.dispose();
    w.tensor = tensors[i]!;
  });
}

/** Imports export folders (one run's `model`, or its `encoder` and `decoder`, or a GAN's
 * `decoder`) as a new completed run in `store`. */
export async function importExportedModel(dirs: string[], store: RunStore, datasets: DatasetRegistry, backend: BackendName, shown: string[] = dirs): Promise<ImportResult> {
  if (dirs.length === 0) throw new Error('Name at least one folder to import.');
  const metas = await Promise.all(dirs.map(readMetadata));
  const first = metas[0]!;
  if (metas.some((m) => m.runId !== first.runId)) throw new Error(`These folders come from different runs (${[...new Set(metas.map((m) => m.runId))].join(', ')}); import one run's exports together.`);
  const twice = metas.find((m, i) => metas.findIndex((n) => n.part === m.part) !== i);
  if (twice) throw new Error(`Two of these folders hold run ${first.runId}'s ${twice.part} (${dirs.filter((_, i) => metas[i]!.part === twice.part).join(', ')}); import one export of each part.`);
  const byPart = new Map(metas.map((m, i) => [m.part, dirs[i]!]));
  const parts = neededParts(first.family, new Set(byPart.keys()));
  if (!parts) {
    const need = first.family === 'dcgan' ? 'its decoder' : first.family.includes('vae') ? 'its encoder and its decoder' : 'its full model, or its encoder and its decoder';
    throw new Error(`A ${first.family} is rebuilt from ${need}; export ${need === 'its decoder' ? 'that' : 'those'} with --format tfjs and import the folders together.`);
  }
  let dataset: ImageSet;
  try {
    dataset = await datasets.open(first.config.datasetId);
  } catch {
    throw new Error(`The model was trained on ${first.config.datasetId}, which this machine does not have; add that dataset first.`);
  }
  const { width, height, channels } = dataset.summary;
  const shape = first.imageShape;
  if (shape.width !== width || shape.height !== height || shape.channels !== channels) {
    throw new Error(`The model in ${dirs[0]} takes ${shape.width}x${shape.height}x${shape.channels} images, but ${dataset.summary.id} here has ${width}x${height}x${channels}.`);
  }

  const model = createModel(first.family, modelArgs(first.config, dataset.summary));
  const state = await model.saveState();
  const loaded: tf.Tensor[] = [];
  try {
    const weights = async (part: ExportPart): Promise<tf.Tensor[]> => {
      const tensors = await loadWeights(byPart.get(part)!);
      loaded.push(...tensors);
      return tensors;
    };
    const where = (...part: ExportPart[]): string => part.map((p) => byPart.get(p)!).join(' and ');
    if (first.family === 'dcgan') replaceGroup(state, 'generator', await weights('decoder'), 'decoder', where('decoder'));
    else if (first.family === 'dense-ae' || first.family === 'conv-ae') {
      const all = parts[0] === 'model' ? await weights('model') : [...(await weights('encoder')), ...(await weights('decoder'))];
      replaceGroup(state, 'autoencoder', all, parts.join(' and '), where(...parts));
    } else if (parts[0] === 'model') {
      // the aae's full model: its encoder's weights, then its decoder's
      const all = await weights('model');
      const split = state['encoder']?.length ?? 0;
      replaceGroup(state, 'encoder', all.slice(0, split), 'model (encoder part)', where('model'));
      replaceGroup(state, 'decoder', all.slice(split), 'model (decoder part)', where('model'));
    } else {
      replaceGroup(state, 'encoder', await weights('encoder'), 'encoder', where('encoder'));
      replaceGroup(state, 'decoder', await weights('decoder'), 'decoder', where('decoder'));
    }
    // the family's own check, as when a checkpoint is loaded
    await model.loadState(state);
    return await writeRun(store, first, dataset.summary, backend, state, parts.map((p) => shown[dirs.indexOf(byPart.get(p)!)]!), parts);
  } finally {
    // tensors that were placed into the state are disposed with it; the rest here
    const placed = new Set(Object.values(state).flatMap((group) => group.map((w) => w.tensor)));
    disposeState(state);
    tf.dispose(loaded.filter((t) => !placed.has(t)));
    model.dispose();
  }
}

/** What an export does not carry, and so starts from scratch when an imported run trains on. */
const FRESH: Record<ModelKind, string> = {
  'dense-ae': 'the optimizer\'s moments',
  'conv-ae': 'the optimizer\'s moments',
  vae: 'the optimizer\'s moments',
  'conv-vae': 'the optimizer\'s moments',
  aae: 'the discriminators and the optimizers',
  dcgan: 'the discriminator and the optimizers',
};

/** `sources`: the folders used, as the user names them. */
async function writeRun(store: RunStore, meta: ImportMetadata, summary: RunRecord['dataset'], backend: BackendName, state: ModelState, sources: string[], parts: ExportPart[]): Promise<ImportResult> {
  const runId = newRunId();
  const now = new Date().toISOString();
  const epochs = Math.max(1, meta.epochs);
  const message = `Imported from run ${meta.runId}'s ${parts.join(' and ')} export (${sources.join(', ')}); ${FRESH[meta.family]} start afresh if training continues.`;
  const record: RunRecord = {
    format: 1,
    id: runId,
    createdAt: now,
    updatedAt: now,
    status: 'completed',
    message,
    config: { ...meta.config, epochs },
    dataset: summary,
    backend,
    epochsDone: epochs,
    valLoss: meta.metrics.valLoss,
    best: meta.metrics.best,
    pid: 0,
    seconds: 0,
  };
  // built beside the runs folder and renamed in, so the list never shows half a run
  const staging = await stagingDir(store, runId);
  try {
    const content = { epoch: epochs, valLoss: meta.metrics.valLoss, groups: state, meta: {} };
    await saveCheckpoint(staging, 'last', content);
    await saveCheckpoint(staging, 'best', content);
    await writeFileAtomic(join(staging, RUN_FILE), JSON.stringify(record, null, 2) + '\n');
    await mkdir(store.root, { recursive: true });
    await rename(staging, store.dirOf(runId));
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { runId, dir: store.dirOf(runId), family: meta.family, from: meta.runId, parts, message };
}

/** A staging folder left by a crashed import is this old before it is deleted: a younger
 * one may be another engine's import under way on the same data directory. */
const STALE_STAGING_MS = 10 * 60_000;
/** data directories whose stale staging folders this process has deleted */
const staleSwept = new Set<string>();

/** A staging folder of its own for one import beside the runs folder (two imports of the same
 * run at once must not share one); the first import in a process deletes crashed ones'. */
async function stagingDir(store: RunStore, runId: string): Promise<string> {
  const parent = dirname(store.root);
  if (!staleSwept.has(parent)) {
    staleSwept.add(parent);
    const names = await readdir(parent).catch(() => [] as string[]);
    const now = Date.now();
    for (const name of names.filter((n) => n.startsWith('.import-'))) {
      const dir = join(parent, name);
      if (now - (await newestChange(dir)) > STALE_STAGING_MS) await rm(dir, { recursive: true, force: true }).catch(() => {});
    }
  }
  return join(parent, `.import-${runId}-${randomBytes(6).toString('hex')}`);
}

/** When anything in `dir` last changed (ms since the epoch): a long copy writes deep inside. */
async function newestChange(dir: string): Promise<number> {
  let newest = await stat(dir).then((s) => s.mtimeMs, () => Date.now());
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const entry of entries) newest = Math.max(newest, await lstat(join(dir, entry)).then((s) => s.mtimeMs, () => 0));
  return newest;
}

const linkInside = (runId: string, where: string): Error => new Error(`Run ${runId}'s folder holds a symbolic link (${where}); replace it with the files it points to and import again.`);

/** Refuses a run folder holding symbolic links: copied as links, training would later write
 * its checkpoints wherever they point, outside the data directory. */
async function refuseLinks(source: string, runId: string): Promise<void> {
  const entries = await readdir(source, { recursive: true, withFileTypes: true });
  const link = entries.find((entry) => entry.isSymbolicLink());
  if (link) throw linkInside(runId, relative(source, join(link.parentPath, link.name)));
}

export interface RunFolderOptions {
  /** move the folder instead of copying it: for the engine's own upload of it, on the same
   * disk, which is deleted afterwards anyway (a path the user gave is always copied) */
  move?: boolean;
}

/** What importing a run folder made. */
export interface RunFolderImport {
  runId: string;
  dir: string;
  family: ModelKind;
  /** the checkpoints it brought, checked against its model */
  checkpoints: ('best' | 'last')[];
  /** its status here (a run caught training elsewhere is stopped) */
  status: RunStatus;
}

/** Copies a run folder from another machine into `store` (or moves it: `options.move`) after
 * checking it: its run.json, that it holds no symbolic link, that its dataset is here with the
 * same image shape, and that every checkpoint loads into its model. The id is kept, so the
 * same run is never imported twice. */
export async function importRunFolder(source: string, store: RunStore, datasets: DatasetRegistry, options: RunFolderOptions = {}): Promise<RunFolderImport> {
  let record: RunRecord;
  try {
    record = RunRecord.parse(JSON.parse(await readFile(join(source, RUN_FILE), 'utf8')));
  } catch {
    throw new Error(`${join(source, RUN_FILE)} is missing or is not a run record; import a run folder (the one holding run.json).`);
  }
  const target = store.dirOf(record.id);
  const alreadyHere = (): Promise<boolean> => stat(target).then(() => true, () => false);
  if (await alreadyHere()) throw new Error(`Run ${record.id} is already here (${target}).`);
  await refuseLinks(source, record.id);
  let dataset: ImageSet;
  try {
    dataset = await datasets.open(record.config.datasetId);
  } catch {
    throw new Error(`Run ${record.id} was trained on ${record.config.datasetId}, which this machine does not have; add that dataset first.`);
  }
  const [had, here] = [record.dataset, dataset.summary];
  if (had.width !== here.width || had.height !== here.height || had.channels !== here.channels) {
    throw new Error(`Run ${record.id} trained on ${had.width}x${had.height}x${had.channels} images, but ${here.id} here has ${here.width}x${here.height}x${here.channels}.`);
  }
  const checkpoints: ('best' | 'last')[] = [];
  for (const slot of ['best', 'last'] as const) {
    const checkpoint = await loadCheckpoint(source, slot);
    if (!checkpoint) continue;
    const model = createModel(record.config.model, modelArgs(record.config, here));
    try {
      await model.loadState(checkpoint.groups);
    } catch (error) {
      throw new Error(`Run ${record.id}'s ${slot} checkpoint does not fit its model: ${(error as Error).message}`);
    } finally {
      disposeState(checkpoint.groups);
      model.dispose();
    }
    checkpoints.push(slot);
  }
  // the pid of another machine means nothing here: a run caught training is stopped
  const imported: RunRecord = record.status === 'running' ? { ...record, status: 'stopped', message: 'Imported while it was training elsewhere; resume it to go on.' } : record;
  const staging = await stagingDir(store, record.id);
  try {
    // an upload on another disk than the runs (EXDEV) is copied after all
    const moved = options.move === true && (await rename(source, staging).then(() => true, (error: NodeJS.ErrnoException) => (error.code === 'EXDEV' ? false : Promise.reject(error))));
    if (!moved) {
      // the folder's own path resolved, so a link naming it is copied as the folder; a link
      // put inside it since the check above is refused all the same
      const from = await realpath(source);
      const noLink = async (path: string): Promise<boolean> => {
        if ((await lstat(path)).isSymbolicLink()) throw linkInside(record.id, relative(from, path));
        return true;
      };
      await cp(from, staging, { recursive: true, errorOnExist: true, force: false, filter: noLink });
    }
    await writeFileAtomic(join(staging, RUN_FILE), JSON.stringify(imported, null, 2) + '\n');
    await mkdir(store.root, { recursive: true });
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // another import of the same run (another tab, or the command line) got there first
    if (await alreadyHere()) throw new Error(`Run ${record.id} is already here (${target}).`);
    throw error;
  }
  return { runId: record.id, dir: target, family: record.config.model, checkpoints, status: imported.status };
}

/**
 * Checkpoints of a run: `<runDir>/checkpoints/<slot>/` holds `manifest.json` and one
 * `<group>.bin` per tensor group. tfjs's own `file://` handler needs tfjs-node and can
 * leave half-written files, so this store writes tfjs's weight encoding itself, works on
 * every backend, and swaps a slot in only once all of it is on disk. A reader sees the
 * previous checkpoint or the new one, and damaged files are refused, never decoded.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { WorkbenchError } from '../../protocol';
import type { NamedTensor } from '../models/model';
import { writeFailure } from '../runs/run-store';

/** Bump when the layout changes incompatibly. */
export const CHECKPOINT_FORMAT = 1;
export const CHECKPOINTS_DIR = 'checkpoints';
export const MANIFEST_FILE = 'manifest.json';

/** `last` is overwritten every epoch; `best` when validation loss improves. */
export type CheckpointSlot = 'last' | 'best';
const SLOTS: readonly CheckpointSlot[] = ['last', 'best'];

/** What a checkpoint holds. */
export interface CheckpointContent {
  /** epochs completed */
  epoch: number;
  valLoss: number | null;
  /** groups of named tensors, e.g. { model: [...], optimizer: [...], 'optimizer-d': [...] } */
  groups: Record<string, NamedTensor[]>;
  /** small JSON-able extras (e.g. random state, step) */
  meta: Record<string, unknown>;
}

/** A checkpoint read back; the caller owns (and disposes) the tensors. */
export type LoadedCheckpoint = CheckpointContent;

/** One line of `listCheckpoints`. */
export interface CheckpointSummary {
  slot: CheckpointSlot;
  epoch: number;
  valLoss: number | null;
}

const WeightSpec = z.strictObject({
  name: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  // both 4 bytes per value; other dtypes (bool, string, complex) have no use here
  dtype: z.enum(['float32', 'int32']),
});

// group names become file names
const GroupName = z.string().regex(/^[A-Za-z0-9][\w-]*$/);

const GroupEntry = z
  .strictObject({
    file: z.string().regex(/^[A-Za-z0-9][\w-]*\.bin$/),
    byteLength: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    weights: z.array(WeightSpec),
  })
  .refine((g) => new Set(g.weights.map((w) => w.name)).size === g.weights.length, 'weight names repeat')
  .refine(
    (g) => g.weights.reduce((sum, w) => sum + 4 * w.shape.reduce((n, d) => n * d, 1), 0) === g.byteLength,
    'byteLength does not match the weight shapes',
  );
type GroupEntry = z.infer<typeof GroupEntry>;

/** manifest.json; the README documents it for other tools. */
const Manifest = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  epoch: z.number().int().nonnegative(),
  valLoss: z.number().nullable(),
  meta: z.record(z.string(), z.unknown()),
  groups: z.record(GroupName, GroupEntry),
});
type Manifest = z.infer<typeof Manifest>;

/**
 * Writes a checkpoint into `slot`, replacing the previous one atomically. One writer per
 * slot: await each save before starting the next. A full or read-only disk is reported in
 * words and leaves the previous checkpoint as it was.
 */
export async function saveCheckpoint(runDir: string, slot: CheckpointSlot, content: CheckpointContent): Promise<void> {
  try {
    await writeCheckpoint(runDir, slot, content);
  } catch (error) {
    throw writeFailure(error, `the ${slot} checkpoint (epoch ${content.epoch})`, join(runDir, CHECKPOINTS_DIR));
  }
}

async function writeCheckpoint(runDir: string, slot: CheckpointSlot, content: CheckpointContent): Promise<void> {
  const root = join(runDir, CHECKPOINTS_DIR);
  await mkdir(root, { recursive: true });
  const tmp = join(root, `.tmp-${slot}-${uniqueSuffix()}`);
  await mkdir(tmp);
  try {
    const groups: Record<string, GroupEntry> = {};
    for (const [group, tensors] of Object.entries(content.groups)) {
      if (!GroupName.safeParse(group).success) throw new WorkbenchError('internal', `Cannot save group "${group}": use letters, digits, - and _.`);
      const { data, specs } = await tf.io.encodeWeights(tensors);
      const bytes = new Uint8Array(data);
      const file = `${group}.bin`;
      await writeSynced(join(tmp, file), bytes);
      const weights = specs.map(({ name, shape, dtype }) => ({ name, shape, dtype })) as GroupEntry['weights'];
      groups[group] = { file, byteLength: bytes.byteLength, sha256: sha256(bytes), weights };
    }
    // JSON has no NaN or Infinity: a diverged run records "no usable loss"
    const valLoss = content.valLoss !== null && Number.isFinite(content.valLoss) ? content.valLoss : null;
    const manifest = { format: CHECKPOINT_FORMAT, epoch: content.epoch, valLoss, meta: content.meta, groups };
    // refuse now what loading would refuse later (dtype, names, epoch)
    const checked = Manifest.safeParse(manifest);
    if (!checked.success) throw new WorkbenchError('internal', `Cannot save the ${slot} checkpoint: ${firstIssue(checked.error)}.`);
    await writeSynced(join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    await syncDir(tmp);
  } catch (error) {
    // best effort: a read-only disk may refuse even this, and the cause matters more
    await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  // A directory cannot be renamed over a non-empty one, so move the old one aside first.
  // A crash between the two renames leaves only `.old-<slot>-*`, which readers fall back to.
  const target = join(root, slot);
  await rename(target, join(root, `.old-${slot}-${uniqueSuffix()}`)).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(tmp, target);
  await syncDir(root);
  // the previous checkpoint, and anything an earlier crashed save of this slot left behind
  for (const name of await leftovers(root, slot)) await rm(join(root, name), { recursive: true, force: true });
}

/**
 * Reads the checkpoint in `slot`, or null when there is none. Throws a WorkbenchError
 * naming the file when anything in it is damaged. Never writes: a save may be running.
 */
export async function loadCheckpoint(runDir: string, slot: CheckpointSlot): Promise<LoadedCheckpoint | null> {
  const dir = await slotDir(runDir, slot);
  if (dir === null) return null;
  const manifest = await readManifest(dir);
  // check every file before decoding any, so a damaged group leaks no tensors
  const buffers: [string, GroupEntry, ArrayBuffer][] = [];
  for (const [group, entry] of Object.entries(manifest.groups)) {
    buffers.push([group, entry, await readBin(join(dir, entry.file), entry)]);
  }
  const groups: Record<string, NamedTensor[]> = {};
  try {
    for (const [group, entry, buffer] of buffers) {
      const decoded = tf.io.decodeWeights(buffer, entry.weights);
      groups[group] = entry.weights.map((w) => ({ name: w.name, tensor: decoded[w.name]! }));
    }
  } catch (error) {
    Object.values(groups).forEach((ts) => ts.forEach((t) => t.tensor.dispose()));
    throw error;
  }
  return { epoch: manifest.epoch, valLoss: manifest.valLoss, groups, meta: manifest.meta };
}

/** The checkpoints a run has, from their manifests only. */
export async function listCheckpoints(runDir: string): Promise<CheckpointSummary[]> {
  const found: CheckpointSummary[] = [];
  for (const slot of SLOTS) {
    const dir = await slotDir(runDir, slot);
    if (dir === null) continue;
    const { epoch, valLoss } = await readManifest(dir);
    found.push({ slot, epoch, valLoss });
  }
  return found;
}

/** The folder holding `slot`: the slot itself or, after a swap cut short, the previous one. */
async function slotDir(runDir: string, slot: CheckpointSlot): Promise<string | null> {
  const root = join(runDir, CHECKPOINTS_DIR);
  const target = join(root, slot);
  if (await isDir(target)) return target;
  const old = (await leftovers(root, slot)).filter((n) => n.startsWith('.old-')).sort().pop();
  return old === undefined ? null : join(root, old);
}

async function readManifest(dir: string): Promise<Manifest> {
  const file = join(dir, MANIFEST_FILE);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw damaged(file, isMissing(error) ? 'is missing' : 'is not valid JSON');
  }
  const format = (json as { format?: unknown } | null)?.format;
  if (typeof format === 'number' && format !== CHECKPOINT_FORMAT) {
    throw new WorkbenchError('internal', `Checkpoint ${file} has format ${format} but this version reads only format ${CHECKPOINT_FORMAT}: open it with the version that wrote it.`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) throw damaged(file, `is not a valid checkpoint manifest (${firstIssue(parsed.error)})`);
  return parsed.data;
}

async function readBin(file: string, entry: GroupEntry): Promise<ArrayBuffer> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw isMissing(error) ? damaged(file, 'is missing') : error;
  }
  if (bytes.byteLength !== entry.byteLength) throw damaged(file, `has ${bytes.byteLength} bytes but its manifest says ${entry.byteLength}`);
  if (sha256(bytes) !== entry.sha256) throw damaged(file, 'does not match the SHA-256 in its manifest');
  // a fresh, exactly sized ArrayBuffer (Node pools small file buffers)
  return new Uint8Array(bytes).buffer;
}

function damaged(file: string, problem: string): WorkbenchError {
  return new WorkbenchError('internal', `Checkpoint file ${file} ${problem}: the checkpoint is damaged, so delete its folder and resume from the other checkpoint or retrain.`);
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'manifest'}: ${issue.message}` : 'invalid';
}

/** `.tmp-<slot>-*` and `.old-<slot>-*` in the checkpoints folder. */
async function leftovers(root: string, slot: CheckpointSlot): Promise<string[]> {
  const names = await readdir(root).catch((error: unknown) => {
    if (isMissing(error)) return [] as string[];
    throw error;
  });
  return names.filter((n) => n.startsWith(`.tmp-${slot}-`) || n.startsWith(`.old-${slot}-`));
}

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, 'wx');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes renames and new entries in `dir` durable. */
async function syncDir(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename itself
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function isDir(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

const isMissing = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
// time first, so the newest `.old-*` sorts last
const uniqueSuffix = (): string => `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;

/**
 * What to import from the folders a user picked: a run folder (holding run.json), or the
 * folders of `latent export --format tfjs` (holding metadata.json), found up to a few levels
 * down, so the parent of `encoder/` and `decoder/` exports works as well as each of them.
 * Messages name the folders as the user knows them (an upload's own paths, not the engine's
 * uploads/<id> copy of them).
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { BackendName, ModelKind, RunStatus } from '../../protocol';
import type { DatasetRegistry } from '../data/registry';
import { RUN_FILE } from '../runs/run-store';
import type { RunStore } from '../runs/run-store';
import { METADATA_FILE } from './export-model';
import { importExportedModel, importRunFolder } from './import-model';

/** Levels below a picked folder that are searched. */
export const IMPORT_SEARCH_DEPTH = 3;
/** Folders looked into at most: picking a home folder by mistake must answer quickly. */
const MAX_FOLDERS_SEARCHED = 2000;
const MAX_LISTED = 3;

/** A folder to search, and how to name it and what lies below it to the user. */
export interface ImportRoot {
  dir: string;
  /** its name for the user, or null when it only holds what the user picked (an upload's folder) */
  shown: string | null;
}

/** What the search found. */
export type ImportPlan = { kind: 'run-folder'; dir: string } | { kind: 'export'; dirs: string[] };

/** What an import made, whatever it came from. */
export interface ImportOutcome {
  kind: 'run-folder' | 'export';
  runId: string;
  /** the new run's folder */
  dir: string;
  family: ModelKind;
  /** the run the files came from */
  from: string;
  /** export parts used, or checkpoints brought */
  parts: string[];
  /** the folders imported, as the user names them */
  sources: string[];
  /** one sentence for the user */
  message: string;
}

/** Names `dir` (inside one of `roots`) as the user knows it. */
export function shownPath(roots: ImportRoot[], dir: string): string {
  for (const root of roots) {
    const rest = relative(root.dir, dir);
    if (rest.startsWith('..') || rest.startsWith(sep)) continue;
    if (root.shown === null) return rest === '' ? 'the uploaded folder' : rest.split(sep).join('/');
    return rest === '' ? root.shown : join(root.shown, rest);
  }
  return dir;
}

/** `text` with every engine-side root path replaced by the user's name for it. */
export function shownText(roots: ImportRoot[], text: string): string {
  let out = text;
  // longest first, so a root inside another is replaced whole
  for (const root of [...roots].sort((a, b) => b.dir.length - a.dir.length)) {
    out = out.split(root.dir + sep).join(root.shown === null ? '' : root.shown + sep);
    out = out.split(root.dir).join(root.shown ?? 'the uploaded folder');
  }
  return out;
}

const isFile = (path: string): Promise<boolean> => stat(path).then((s) => s.isFile(), () => false);

/** Finds the run folders and export folders in `roots`, looking `depth` levels below each. */
export async function findImport(roots: ImportRoot[], depth = IMPORT_SEARCH_DEPTH): Promise<ImportPlan> {
  const runs: string[] = [];
  const exports: string[] = [];
  let searched = 0;
  const named = (dirs: string[]): string => dirs.slice(0, MAX_LISTED).map((d) => shownPath(roots, d)).join(', ') + (dirs.length > MAX_LISTED ? ` and ${dirs.length - MAX_LISTED} more` : '');

  const search = async (root: ImportRoot, dir: string, level: number): Promise<void> => {
    if (++searched > MAX_FOLDERS_SEARCHED) throw new Error(`${shownPath(roots, root.dir)} holds too many folders to search; pick the run folder or the export folders themselves.`);
    // a run folder's checkpoints and an export's files are not searched further
    if (await isFile(join(dir, RUN_FILE))) return void runs.push(dir);
    if (await isFile(join(dir, METADATA_FILE))) return void exports.push(dir);
    if (level >= depth) return;
    // symbolic links are not followed: they could lead in circles
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const folders = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
    for (const name of folders) await search(root, join(dir, name), level + 1);
  };

  for (const root of roots) {
    const kind = await stat(root.dir).then((s) => (s.isDirectory() ? 'folder' : 'file'), () => null);
    const name = shownPath(roots, root.dir);
    if (kind === null) throw new Error(`${name} does not exist on the engine's machine; give the full path of a folder there.`);
    if (kind === 'file') throw new Error(`${name} is a file; pick the folder that holds it.`);
    await search(root, root.dir, 0);
  }

  const where = roots.map((r) => shownPath(roots, r.dir)).join(', ');
  if (runs.length > 1) throw new Error(`${where} holds ${runs.length} run folders (${named(runs)}); pick one run folder.`);
  if (runs.length === 1 && exports.length > 0) throw new Error(`${where} holds a run folder (${named(runs)}) and exported models (${named(exports)}); pick one of them.`);
  if (runs.length === 1) return { kind: 'run-folder', dir: runs[0]! };
  if (exports.length === 0) throw new Error(`${where} holds no run folder (with ${RUN_FILE}) and no model exported by latent export --format tfjs (with ${METADATA_FILE}) within ${depth} levels; pick the run folder or the export folders.`);
  return { kind: 'export', dirs: await tfjsFirst(exports) };
}

/** A folder of several exports of one run may hold ONNX ones beside the tfjs ones: those
 * are left out, unless nothing else is there (then the import says what to export). */
async function tfjsFirst(dirs: string[]): Promise<string[]> {
  const formats = await Promise.all(
    dirs.map((dir) =>
      readFile(join(dir, METADATA_FILE), 'utf8').then(
        (text) => (JSON.parse(text) as { format?: unknown }).format,
        () => undefined,
      ),
    ),
  );
  const tfjs = dirs.filter((_, i) => formats[i] === 'tfjs-layers-model');
  return tfjs.length > 0 ? tfjs : dirs;
}

/** What a run folder's status means once it is here. */
const AFTER_IMPORT: Partial<Record<RunStatus, string>> = {
  stopped: 'Its training was stopped; resume it to go on.',
  interrupted: 'Its training was interrupted; resume it to go on.',
  failed: 'Its training had failed; resume it to try again.',
};

/** Finds what `roots` hold and makes a run of it in `store`. Errors are the user's to fix:
 * one sentence naming the folders as the user knows them. Nothing is left on disk then.
 * `upload`: the roots are the engine's own upload, so a run folder in it is moved, not copied. */
export async function importFrom(roots: ImportRoot[], store: RunStore, datasets: DatasetRegistry, backend: BackendName, upload = false): Promise<ImportOutcome> {
  try {
    const plan = await findImport(roots);
    if (plan.kind === 'run-folder') {
      const result = await importRunFolder(plan.dir, store, datasets, { move: upload });
      const shown = shownPath(roots, plan.dir);
      const slots = result.checkpoints.join(' and ');
      const copied =
        result.checkpoints.length === 0
          ? `Copied the run folder ${shown}; it has no checkpoint, so views that need its model cannot use it.`
          : `Copied the run folder ${shown} with its ${slots} checkpoint${result.checkpoints.length > 1 ? 's' : ''}, optimizer state included.`;
      const status = AFTER_IMPORT[result.status];
      return {
        kind: 'run-folder',
        runId: result.runId,
        dir: result.dir,
        family: result.family,
        from: result.runId,
        parts: result.checkpoints,
        sources: [shown],
        message: status ? `${copied} ${status}` : copied,
      };
    }
    const sources = plan.dirs.map((d) => shownPath(roots, d));
    const result = await importExportedModel(plan.dirs, store, datasets, backend, sources);
    return { kind: 'export', runId: result.runId, dir: result.dir, family: result.family, from: result.from, parts: result.parts, sources, message: result.message };
  } catch (error) {
    throw new Error(shownText(roots, (error as Error).message));
  }
}

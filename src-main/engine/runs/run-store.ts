/**
 * The run folders under `<dataDir>/runs`: `run.json` (rewritten atomically), `metrics.jsonl`
 * (appended, one JSON object per logged batch or epoch).
 */
import { appendFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { WorkbenchError } from '../../protocol';
import { RunRecord } from './run-record';

export const RUN_FILE = 'run.json';
export const METRICS_FILE = 'metrics.jsonl';

/** File-system error codes that mean "this folder cannot take writes", in words. */
const UNWRITABLE: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the data folder is on a read-only file system',
  EACCES: 'the data folder is not writable',
  EPERM: 'the data folder is not writable',
};

/**
 * Turns a failed write into a sentence saying what could not be written, why, and what to
 * do; other errors pass through unchanged.
 */
export function writeFailure(error: unknown, what: string, where: string): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const problem = code ? UNWRITABLE[code] : undefined;
  if (!problem) return error;
  return new WorkbenchError(
    'internal',
    `Could not write ${what} in ${where}: ${problem} (${code}). Training stopped; what was saved before (run.json and the last checkpoint) is intact. ` +
      'Free some space or make the folder writable (or set LATENT_HOME to another folder), then resume the run.',
  );
}

/** A run folder that could not be read, and why. */
export interface UnreadableRun {
  dir: string;
  problem: string;
}

export class RunStore {
  // records whose run.json could not be written (disk full, read-only): newer than the file
  private readonly unsaved = new Map<string, RunRecord>();

  constructor(
    /** the folder holding one sub-folder per run */
    readonly root: string,
  ) {}

  dirOf(runId: string): string {
    return join(this.root, runId);
  }

  /** Creates the run's folder and writes its first run.json. */
  async create(record: RunRecord): Promise<string> {
    const dir = this.dirOf(record.id);
    await mkdir(join(dir, 'checkpoints'), { recursive: true }).catch((error: unknown) => {
      throw writeFailure(error, 'the folder of a new run', this.root);
    });
    await this.write(record);
    return dir;
  }

  /**
   * Replaces run.json atomically: readers see the old or the new file, never half of one.
   * When the disk refuses, the file keeps its last good version and this store answers
   * `read` with the newer record until a write succeeds.
   */
  async write(record: RunRecord): Promise<void> {
    const dir = this.dirOf(record.id);
    try {
      await writeFileAtomic(join(dir, RUN_FILE), JSON.stringify(record, null, 2) + '\n');
      this.unsaved.delete(record.id);
    } catch (error) {
      this.unsaved.set(record.id, record);
      throw writeFailure(error, RUN_FILE, dir);
    }
  }

  /** Appends metric lines. A crash can cut the last line short; readers skip such a line. */
  async appendMetrics(runId: string, lines: object[]): Promise<void> {
    if (lines.length === 0) return;
    const dir = this.dirOf(runId);
    await appendFile(join(dir, METRICS_FILE), lines.map((l) => JSON.stringify(l)).join('\n') + '\n').catch((error: unknown) => {
      throw writeFailure(error, METRICS_FILE, dir);
    });
  }

  /** Reads one run's record; throws with the reason when it is missing or malformed. */
  async read(runId: string): Promise<RunRecord> {
    const file = join(this.dirOf(runId), RUN_FILE);
    const unsaved = this.unsaved.get(runId);
    if (unsaved) return unsaved;
    const parsed = RunRecord.safeParse(JSON.parse(await readFile(file, 'utf8')));
    if (!parsed.success) throw new Error(`${file} is not a run record: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  /** Every run, newest first, plus the folders that could not be read. */
  async list(): Promise<{ runs: RunRecord[]; unreadable: UnreadableRun[] }> {
    let names: string[];
    try {
      names = (await readdir(this.root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
    } catch {
      return { runs: [], unreadable: [] };
    }
    const runs: RunRecord[] = [];
    const unreadable: UnreadableRun[] = [];
    for (const name of names) {
      try {
        runs.push(await this.read(name));
      } catch (error) {
        unreadable.push({ dir: this.dirOf(name), problem: error instanceof Error ? error.message : String(error) });
      }
    }
    runs.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    return { runs, unreadable };
  }

  /** Removes a run's folder; false when there was none. */
  async delete(runId: string): Promise<boolean> {
    const dir = this.dirOf(runId);
    try {
      await readFile(join(dir, RUN_FILE));
    } catch {
      return false;
    }
    await rm(dir, { recursive: true, force: true });
    this.unsaved.delete(runId);
    return true;
  }

  /** Metric lines of a run; a line cut short by a crash is skipped. */
  async readMetrics(runId: string): Promise<object[]> {
    let text: string;
    try {
      text = await readFile(join(this.dirOf(runId), METRICS_FILE), 'utf8');
    } catch {
      return [];
    }
    return text.split('\n').flatMap((line) => {
      if (!line) return [];
      try {
        return [JSON.parse(line) as object];
      } catch {
        return [];
      }
    });
  }
}

/**
 * The run folders under `<dataDir>/runs`: `run.json` (rewritten atomically), `metrics.jsonl`
 * (appended, one JSON object per logged batch or epoch).
 */
import { appendFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { RunRecord } from './run-record';

export const RUN_FILE = 'run.json';
export const METRICS_FILE = 'metrics.jsonl';

/** A run folder that could not be read, and why. */
export interface UnreadableRun {
  dir: string;
  problem: string;
}

export class RunStore {
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
    await mkdir(join(dir, 'checkpoints'), { recursive: true });
    await this.write(record);
    return dir;
  }

  /** Replaces run.json atomically: readers see the old or the new file, never half of one. */
  async write(record: RunRecord): Promise<void> {
    await writeFileAtomic(join(this.dirOf(record.id), RUN_FILE), JSON.stringify(record, null, 2) + '\n');
  }

  /** Appends metric lines. A crash can cut the last line short; readers skip such a line. */
  async appendMetrics(runId: string, lines: object[]): Promise<void> {
    if (lines.length === 0) return;
    await appendFile(join(this.dirOf(runId), METRICS_FILE), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  }

  /** Reads one run's record; throws with the reason when it is missing or malformed. */
  async read(runId: string): Promise<RunRecord> {
    const file = join(this.dirOf(runId), RUN_FILE);
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

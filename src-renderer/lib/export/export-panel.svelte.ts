/** State of a run's Export panel: what and in which format, the export request with its
 * progress, what it wrote, and fetching one of those files for a download. */
import { FORMATS_OF } from '../../../src-main/protocol/export';
import type { ExportFormat, ExportResult, ExportWhat } from '../../../src-main/protocol/export';
import type { ModelKind, WorkbenchApi } from '../../../src-main/protocol';
import { zip } from './zip';

/** What the panel uses of the API. */
export type ExportApi = Pick<WorkbenchApi, 'exportRun' | 'readExportFile' | 'onExportProgress'>;

export type EmbeddingSplit = 'train' | 'val' | 'all';

/** Labels of the choices, as the panel shows them. */
export const WHAT_LABELS: Record<ExportWhat, string> = {
  encoder: 'Encoder',
  decoder: 'Decoder',
  model: 'Full model',
  embeddings: 'Embeddings',
  report: 'Report',
};
export const FORMAT_LABELS: Record<ExportFormat, string> = {
  tfjs: 'TensorFlow.js layers',
  onnx: 'ONNX',
  projector: 'Embedding Projector',
  npy: 'NumPy (.npy)',
  csv: 'CSV',
  html: 'HTML (one file)',
};

/** What a run of `kind` can export: a GAN has no encoder, only its generator (the decoder). */
export function exportChoices(kind: ModelKind): ExportWhat[] {
  return kind === 'dcgan' ? ['decoder', 'report'] : ['encoder', 'decoder', 'model', 'embeddings', 'report'];
}

/** Bytes as "1.2 MB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export class ExportPanel {
  what = $state<ExportWhat>('decoder');
  format = $state<ExportFormat>('tfjs');
  split = $state<EmbeddingSplit>('val');
  projection = $state(false);
  status = $state<'idle' | 'exporting' | 'done' | 'error'>('idle');
  progress = $state.raw<{ done: number; total: number } | null>(null);
  result = $state.raw<ExportResult | null>(null);
  error = $state<string | null>(null);

  /** the formats the current choice allows */
  readonly formats = $derived(FORMATS_OF[this.what]);

  constructor(
    private readonly api: ExportApi,
    readonly runId: string,
    readonly kind: ModelKind,
  ) {}

  /** Picks what to export; a format that does not fit falls back to the first that does. */
  choose(what: ExportWhat): void {
    this.what = what;
    if (!FORMATS_OF[what].includes(this.format)) this.format = FORMATS_OF[what][0]!;
  }

  /** Runs the export; progress of an embeddings export arrives as events meanwhile. */
  async run(): Promise<void> {
    if (this.status === 'exporting') return;
    this.status = 'exporting';
    this.error = null;
    this.result = null;
    this.progress = null;
    const unsubscribe = this.api.onExportProgress((p) => {
      if (p.runId === this.runId) this.progress = { done: p.done, total: p.total };
    });
    try {
      this.result = await this.api.exportRun({
        runId: this.runId,
        what: this.what,
        format: this.format,
        ...(this.what === 'embeddings' ? { split: this.split, projection: this.projection } : {}),
      });
      this.status = 'done';
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
      this.status = 'error';
    } finally {
      unsubscribe();
    }
  }

  /** One written file's bytes as a Blob, for a download link. */
  async file(name: string): Promise<Blob> {
    return new Blob([(await this.bytes(name)) as Uint8Array<ArrayBuffer>]);
  }

  /** Every written file in one zip archive, named after the export. */
  async archive(): Promise<{ name: string; blob: Blob }> {
    const result = this.result;
    if (!result) throw new Error('Export first.');
    const entries = [];
    for (const { name } of result.files) entries.push({ name, bytes: await this.bytes(name) });
    return { name: `${result.exportId}.zip`, blob: new Blob([zip(entries) as Uint8Array<ArrayBuffer>]) };
  }

  private async bytes(name: string): Promise<Uint8Array> {
    if (!this.result) throw new Error('Export first.');
    return (await this.api.readExportFile({ exportId: this.result.exportId, file: name })).bytes;
  }

  dismissError(): void {
    this.error = null;
    if (this.status === 'error') this.status = 'idle';
  }
}

/** Contract of exports and imports: models, embeddings. */
import { z } from 'zod';
import { RunId } from './schemas';

/** What to export: a net of the run (as a model file), the codes of a split, or a report
 * of the run (one HTML file). */
export const ExportWhat = z.enum(['encoder', 'decoder', 'model', 'embeddings', 'report']);
export type ExportWhat = z.infer<typeof ExportWhat>;

/** Model formats (tfjs layers, ONNX), embedding formats (Projector, NPY, CSV), and HTML. */
export const ExportFormat = z.enum(['tfjs', 'onnx', 'projector', 'npy', 'csv', 'html']);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** The formats each kind of export can take, the first being the default. */
export const FORMATS_OF: Record<ExportWhat, readonly ExportFormat[]> = {
  encoder: ['tfjs', 'onnx'],
  decoder: ['tfjs', 'onnx'],
  model: ['tfjs', 'onnx'],
  embeddings: ['projector', 'npy', 'csv'],
  report: ['html'],
};

/** An export's folder name under the data directory's `exports/`. */
export const ExportId = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/);
/** A file inside an export's folder: a plain name, no path. */
export const ExportFileName = z.string().regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/);
/** Largest export file the engine hands to a client (the biggest zoo model is a few MB). */
export const MAX_EXPORT_FILE_BYTES = 256 * 1024 * 1024;

/** What exportRun asks for. */
export const ExportRequest = z
  .strictObject({
    runId: RunId,
    what: ExportWhat,
    format: ExportFormat,
    /** embeddings: which split's images to encode */
    split: z.enum(['train', 'val', 'all']).default('val'),
    /** embeddings: add a 2-D PCA projection of the codes */
    projection: z.boolean().default(false),
  })
  .refine((r) => FORMATS_OF[r.what].includes(r.format), {
    message: 'Models export as tfjs or onnx; embeddings as projector, npy or csv; a report as html.',
    path: ['format'],
  });
export type ExportRequest = z.output<typeof ExportRequest>;

/** exportRun's answer: where the files went. */
export const ExportResult = z.strictObject({
  exportId: ExportId,
  /** the folder on the engine's machine */
  dir: z.string(),
  what: ExportWhat,
  format: ExportFormat,
  /** the files written, in writing order */
  files: z.array(z.strictObject({ name: ExportFileName, bytes: z.number().int().nonnegative() })).max(64),
  /** anything the user should know about the result (e.g. a sprite left out) */
  note: z.string().nullable(),
});
export type ExportResult = z.infer<typeof ExportResult>;

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.byteLength <= MAX_EXPORT_FILE_BYTES, 'expected a Uint8Array');

/** Requests of this area: name -> { params, result } schemas (merged into the contract). */
export const exportMethods = {
  /** writes a run's encoder, decoder or model (tfjs, ONNX), a split's codes (Projector,
   * NPY, CSV) or its report (HTML) into a new folder under the data directory's `exports/`; embeddings report
   * progress as `exportProgress` events */
  exportRun: { params: ExportRequest, result: ExportResult },
  /** one file of an export, to download it where the engine's disk is out of reach (serve mode) */
  readExportFile: {
    params: z.strictObject({ exportId: ExportId, file: ExportFileName }),
    result: z.strictObject({ name: ExportFileName, bytes: Bytes }),
  },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const exportEvents = {
  /** images encoded so far by an embeddings export of `runId` */
  exportProgress: z.strictObject({ runId: RunId, done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
} as const satisfies Record<string, z.ZodType>;

/** Contract of exports and imports: models, embeddings. */
import { z } from 'zod';
import { ModelKind, RunId } from './schemas';

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

/** Uploads travel in chunks: a WebSocket message from a browser is capped at 1 MB. */
export const MAX_UPLOAD_CHUNK_BYTES = 512 * 1024;
/** A run folder with every epoch's sample grid stays well under these. */
export const MAX_UPLOAD_FILES = 4096;
export const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;

/** An upload's folder name under the data directory's `uploads/`. */
export const UploadId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
/** One name in an uploaded path: what a folder picker gives, minus what could leave the
 * upload's folder or fail on another OS (separators, `.`/`..`, reserved and control characters). */
const UploadPathSegment = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\<>:"|?*\u0000-\u001f]+$/, 'a file name in the upload has a character no folder can hold')
  .refine((name) => name !== '.' && name !== '..', 'an upload path cannot name . or ..');
/** A file's path inside the uploaded folder, `/`-separated, as the browser's folder picker
 * gives it (`webkitRelativePath`: the picked folder's name comes first). */
export const UploadPath = z
  .string()
  .max(1024)
  .refine((path) => {
    const segments = path.split('/');
    return segments.length <= 8 && segments.every((segment) => UploadPathSegment.safeParse(segment).success);
  }, 'an upload path is up to 8 plain names joined by /');

const UploadChunk = z.custom<Uint8Array>((v) => v instanceof Uint8Array && v.byteLength >= 1 && v.byteLength <= MAX_UPLOAD_CHUNK_BYTES, `expected a Uint8Array of 1 to ${MAX_UPLOAD_CHUNK_BYTES} bytes`);

/** Where importModel finds the model: a finished upload, or folders on the engine's disk. */
export const ModelImportSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('upload'), uploadId: UploadId }),
  z.strictObject({ kind: z.literal('paths'), paths: z.array(z.string().min(1).max(4096)).min(1).max(8) }),
]);
export type ModelImportSource = z.infer<typeof ModelImportSource>;

/** What an import made: a new run every view can use and training can continue. */
export const ModelImportResult = z.strictObject({
  runId: RunId,
  family: ModelKind,
  /** a run folder copied whole, or a run rebuilt from `latent export --format tfjs` folders */
  kind: z.enum(['run-folder', 'export']),
  /** the run the files came from (a run folder keeps its id) */
  from: z.string().max(256),
  /** export parts used (encoder, decoder, model) or checkpoints brought (best, last) */
  parts: z.array(z.string().max(32)).max(4),
  /** one sentence for the user: what was imported and what starts afresh */
  message: z.string().max(2048),
});
export type ModelImportResult = z.infer<typeof ModelImportResult>;

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
  /** starts an upload of a folder picked in the page (serve mode's browser, or the desktop
   * app's open dialog): every file's path and size, before any byte */
  beginModelUpload: {
    params: z.strictObject({
      files: z.array(z.strictObject({ path: UploadPath, bytes: z.number().int().nonnegative().max(MAX_UPLOAD_BYTES) })).min(1).max(MAX_UPLOAD_FILES),
    }),
    result: z.strictObject({ uploadId: UploadId }),
  },
  /** the next bytes of one announced file, in order (`offset` = bytes of it sent before) */
  uploadModelChunk: {
    params: z.strictObject({ uploadId: UploadId, path: UploadPath, offset: z.number().int().nonnegative(), bytes: UploadChunk }),
    /** bytes of the whole upload received so far */
    result: z.strictObject({ received: z.number().int().nonnegative() }),
  },
  /** drops an unfinished upload and its files */
  cancelModelUpload: { params: z.strictObject({ uploadId: UploadId }), result: z.strictObject({}) },
  /** makes a run of a complete upload or of folders on the engine's disk: a run folder
   * (holding run.json) or `latent export --format tfjs` folders (or a folder holding them);
   * an upload's files are deleted afterwards either way */
  importModel: { params: z.strictObject({ source: ModelImportSource }), result: ModelImportResult },
} as const satisfies Record<string, { params: z.ZodType; result: z.ZodType }>;

/** Events of this area: name -> payload schema (merged into the contract). */
export const exportEvents = {
  /** images encoded so far by an embeddings export of `runId` */
  exportProgress: z.strictObject({ runId: RunId, done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }),
} as const satisfies Record<string, z.ZodType>;

/**
 * The `latent` command: scripted use of the workbench. With --json every line printed to
 * stdout is one JSON object; human messages go to stderr.
 */
import { parseArgs } from 'node:util';
import { parseBackendName } from '../engine/backend';
import { datasetsCommand } from './datasets';
import { evalCommand } from './eval';
import { exportCommand, importModelCommand, neighboursCommand } from './export';
import { importCommand } from './import';
import { infoCommand } from './info';
import { runsCommand } from './runs';
import { sampleCommand } from './sample';
import { serveCommand } from './serve';
import { resumeCommand, trainCommand } from './train';
import { UsageError } from './usage-error';

const USAGE = `Usage: latent <command> [options]

Commands:
  info   [--json]                              the compute backend, why it was chosen, versions, data dir
  serve  [--host 127.0.0.1] [--port N] [--json]
                                               the workbench UI in a browser (prints the URL with its token)
  train  --model M [--dataset mnist-10k|fashion-mnist] [--epochs N] [--batch N] [--latent N] [--lr X]
         [--seed N] [--beta X] [--kl-warmup N] [--noise X [--noise-kind gaussian|masking]]
         [--image-adversarial X] [--classes 0,3] [--max-train-samples N] [--runs DIR] [--json]
                                               train headless; models: dense-ae, conv-ae, vae, conv-vae,
                                               dcgan, aae
  resume RUN [--epochs N] [--runs DIR] [--json]
                                               continue a run from its last checkpoint (to N epochs in all)
  runs   [--runs DIR] [--json]                 list the runs, newest first
  datasets [--json] [--download mnist [--base-url URL]]
                                               list the datasets (size, shape, labels, split); --download
                                               fetches full MNIST (SHA-256 verified, resumable)
  import PATH --name N [--labels PATH] [--format idx|npy|folder] [--size 28] [--rgb] [--shape HxW]
         [--val-fraction 0.1] [--seed N] [--json]
                                               convert IDX (.gz or raw), NPY (uint8/float32) or a folder of
                                               PNG/JPEG (one subfolder per class) into a dataset; --size
                                               resizes folder images, --shape sizes NPY rows of H*W values
  eval   RUN --anomaly [--normal 0,1] [--sweep] [--dataset D] [--split train|val|all]
         [--score bce|mse|elbo] [--out PATH] [--runs DIR] [--json]
                                               score samples by reconstruction error (CSV, worst first) and
                                               report AUROC and average precision, normal = the run's classes
                                               or --normal; --sweep: AUROC with each class as the normal one
  eval   RUN --probe [--labels 100|all] [--runs DIR] [--json]
                                               freeze the run's encoder and train classifiers on N labelled
                                               training images (class-balanced, seeded), scored on the
                                               validation split; --json's last line: {"labels", "accuracy":
                                               {"latent-linear", "latent-mlp" (one hidden layer),
                                               "pixels-linear", "pixels-mlp", "scratch" (encoder-shaped net
                                               from scratch), "latent-knn" (5-NN vote)}, "best", "beatsPixels"
                                               (each latent head beats the same head on pixels), "runId"}
  export RUN --what encoder|decoder|model --format tfjs|onnx [--out DIR] [--runs DIR] [--json]
  export RUN --what embeddings --format projector|npy|csv [--split train|val|all] [--projection] [--out DIR]
  export RUN --what report [--out DIR]
                                               a run's nets as TensorFlow.js layers files or ONNX, a split's
                                               latent codes for the Embedding Projector, numpy or a spreadsheet,
                                               or the run's report (one self-contained HTML file)
  import-model DIR... [--runs DIR] [--json]    a run folder from another machine (checked, copied), or a new
                                               run from tfjs exports: a run's model, or its encoder and
                                               decoder, or a GAN's decoder; or a folder holding them
  neighbours FILE (--word W | --query "king - man + woman") [--k 10] [--metadata PATH] [--json]
                                               nearest words by cosine in GloVe/word2vec text or a Projector
                                               vectors.tsv with its metadata.tsv
  sample RUN --out DIR [--n 100] [--format png|npy] [--seed N] [--temperature X] [--runs DIR] [--json]
                                               decode N codes from a generative run's prior: PNG files or one
                                               float32 NPY [N,H,W,C], values in [0, 1]; same seed, same files

Options:
  --backend NAME   node-gpu | node | wasm | cpu (also LATENT_BACKEND)
  --json           machine-readable output, one JSON object per line
  LATENT_HOME      where datasets are cached and runs are written
  LATENT_FASHION_MNIST_DIR  Fashion-MNIST's IDX files (default /usr/share/datasets/fashion-mnist)
  LATENT_MNIST_URL  where --download mnist fetches from (default https://storage.googleapis.com/cvdf-datasets/mnist/)
`;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  backend: { type: 'string' },
  host: { type: 'string', default: '127.0.0.1' },
  port: { type: 'string', default: '0' },
  model: { type: 'string' },
  dataset: { type: 'string' },
  epochs: { type: 'string' },
  batch: { type: 'string' },
  latent: { type: 'string' },
  lr: { type: 'string' },
  seed: { type: 'string' },
  beta: { type: 'string' },
  'kl-warmup': { type: 'string' },
  noise: { type: 'string' },
  'noise-kind': { type: 'string' },
  'image-adversarial': { type: 'string' },
  classes: { type: 'string' },
  'max-train-samples': { type: 'string' },
  download: { type: 'string' },
  'base-url': { type: 'string' },
  name: { type: 'string' },
  labels: { type: 'string' },
  size: { type: 'string' },
  shape: { type: 'string' },
  rgb: { type: 'boolean', default: false },
  'val-fraction': { type: 'string' },
  runs: { type: 'string' },
  anomaly: { type: 'boolean', default: false },
  probe: { type: 'boolean', default: false },
  sweep: { type: 'boolean', default: false },
  normal: { type: 'string' },
  split: { type: 'string' },
  score: { type: 'string' },
  out: { type: 'string' },
  what: { type: 'string' },
  projection: { type: 'boolean', default: false },
  word: { type: 'string' },
  query: { type: 'string' },
  k: { type: 'string' },
  metadata: { type: 'string' },
  n: { type: 'string' },
  format: { type: 'string' },
  temperature: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** How many positional arguments (a run id, a path) each command takes; others take none. */
const POSITIONALS: Record<string, number> = { resume: 1, eval: 1, sample: 1, export: 1, import: 1, neighbours: 1, 'import-model': Number.POSITIVE_INFINITY };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  let values: ReturnType<typeof parseArgs<{ args: string[]; options: typeof OPTIONS; strict: true; allowPositionals: true }>>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: rest, options: OPTIONS, strict: true, allowPositionals: true }));
    if (positionals.length > (POSITIONALS[command ?? ''] ?? 0)) throw new Error(`Unexpected argument "${positionals.at(-1)}".`);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.backend) {
    try {
      parseBackendName(values.backend);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    process.env.LATENT_BACKEND = values.backend;
  }
  switch (values.help ? 'help' : command) {
    case 'info':
      return infoCommand({ json: values.json });
    case 'serve':
      return serveCommand({ json: values.json, host: values.host, port: parsePort(values.port) });
    case 'train':
      return trainCommand({
        json: values.json,
        model: values.model,
        dataset: values.dataset,
        epochs: values.epochs,
        batch: values.batch,
        latent: values.latent,
        lr: values.lr,
        seed: values.seed,
        beta: values.beta,
        klWarmup: values['kl-warmup'],
        noise: values.noise,
        noiseKind: values['noise-kind'],
        imageAdversarial: values['image-adversarial'],
        classes: values.classes,
        maxTrainSamples: values['max-train-samples'],
        runs: values.runs,
      });
    case 'resume':
      return resumeCommand({ json: values.json, runId: positionals[0], epochs: values.epochs, runs: values.runs });
    case 'runs':
      return runsCommand({ json: values.json, runs: values.runs });
    case 'eval':
      return evalCommand({
        json: values.json,
        runId: positionals[0],
        anomaly: values.anomaly,
        probe: values.probe,
        labels: values.labels,
        sweep: values.sweep,
        normal: values.normal,
        dataset: values.dataset,
        split: values.split,
        score: values.score,
        out: values.out,
        runs: values.runs,
      });
    case 'sample':
      return sampleCommand({
        json: values.json,
        runId: positionals[0],
        n: values.n,
        out: values.out,
        format: values.format,
        seed: values.seed,
        temperature: values.temperature,
        runs: values.runs,
      });
    case 'export':
      return exportCommand({
        json: values.json,
        runId: positionals[0],
        what: values.what,
        format: values.format,
        out: values.out,
        split: values.split,
        projection: values.projection,
        runs: values.runs,
      });
    case 'datasets':
      return datasetsCommand({ json: values.json, download: values.download, baseUrl: values['base-url'] });
    case 'import':
      return importCommand({
        json: values.json,
        path: positionals[0],
        name: values.name,
        labels: values.labels,
        format: values.format,
        size: values.size,
        shape: values.shape,
        rgb: values.rgb,
        valFraction: values['val-fraction'],
        seed: values.seed,
      });
    case 'neighbours':
      return neighboursCommand({ json: values.json, file: positionals[0], word: values.word, query: values.query, k: values.k, metadata: values.metadata });
    case 'import-model':
      return importModelCommand({ json: values.json, dirs: positionals, runs: values.runs });
    case undefined:
    case 'help':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0..65535 (0 picks a free port), not "${value}".`);
  return port;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    // one clear sentence; a stack trace only for what is truly a bug
    const known = error instanceof UsageError || (error instanceof Error && error.name === 'WorkbenchError');
    process.stderr.write(`latent: ${error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error)}\n`);
    process.exitCode = 2;
  },
);

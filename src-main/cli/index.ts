/**
 * The `latent` command: scripted use of the workbench. With --json every line printed to
 * stdout is one JSON object; human messages go to stderr.
 */
import { parseArgs } from 'node:util';
import { infoCommand } from './info';
import { serveCommand } from './serve';

const USAGE = `Usage: latent <command> [options]

Commands:
  info   [--json] [--backend NAME]             the compute backend, why it was chosen, versions, data dir
  serve  [--host 127.0.0.1] [--port N] [--backend NAME] [--json]
                                               the workbench UI in a browser (prints the URL with its token)

Options:
  --backend NAME   node-gpu | node | wasm | cpu (also LATENT_BACKEND)
  --json           machine-readable output, one JSON object per line
  LATENT_HOME      where datasets are cached and runs are written
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      json: { type: 'boolean', default: false },
      backend: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.backend) process.env.LATENT_BACKEND = values.backend;
  switch (command) {
    case 'info':
      return infoCommand({ json: values.json });
    case 'serve':
      return serveCommand({ json: values.json, host: values.host, port: parsePort(values.port) });
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535 (0 picks a free port), not "${value}".`);
  return port;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`latent: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);

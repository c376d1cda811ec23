/** `latent serve`: the engine in a child process, the UI and WebSocket on loopback. */
import { fileURLToPath } from 'node:url';
import { EngineHost } from '../host/engine-host';
import { builtEnginePath, forkSpawner } from '../host/fork-spawner';
import { isLoopback, startServer } from '../server/serve';

export async function serveCommand(options: { json: boolean; host: string; port: number }): Promise<number> {
  const engine = new EngineHost(forkSpawner(builtEnginePath()), { log: (m) => process.stderr.write(`[host] ${m}\n`) });
  engine.start();
  const server = await startServer({
    host: options.host,
    port: options.port,
    staticDir: fileURLToPath(new URL('../renderer', import.meta.url)),
    engine,
  });
  if (options.json) process.stdout.write(JSON.stringify({ event: 'serving', url: server.url, port: server.port }) + '\n');
  else process.stdout.write(`Latent Workbench is running at ${server.url}\nOpen it in a browser; press Ctrl+C to stop.\n`);
  if (!isLoopback(options.host)) {
    process.stderr.write(`Warning: listening on ${options.host}, not loopback; anyone with the URL and token can train here, read files this user can read (imports take paths) and make this machine fetch URLs (dataset downloads).\n`);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  engine.dispose();
  return 0;
}

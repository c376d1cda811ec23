/** Starts the engine with child_process.fork (serve mode, CLI, tests). */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { EngineProcess, EngineSpawner } from './engine-process';
import { exitInfo } from './engine-process';

/** The built engine entry, beside the bundled CLI/main files in out/main. */
export function builtEnginePath(): string {
  return fileURLToPath(new URL('./engine.js', import.meta.url));
}

/** A spawner forking `modulePath` with advanced serialization so typed arrays survive. */
export function forkSpawner(modulePath: string, env: NodeJS.ProcessEnv = process.env): EngineSpawner {
  return (): EngineProcess => {
    const child = fork(modulePath, [], { serialization: 'advanced', env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let killedByHost = false;
    return {
      pid: child.pid,
      send: (message) => {
        if (child.connected) child.send(message as object);
      },
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code, signal) => listener(exitInfo(code, signal, killedByHost))),
      kill: () => {
        killedByHost = true;
        child.kill();
      },
    };
  };
}

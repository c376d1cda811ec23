/** Starts the engine as an Electron utilityProcess, so a native crash can't take the window down. */
import { utilityProcess } from 'electron';
import type { EngineProcess, EngineSpawner } from '../host/engine-process';
import { exitInfo } from '../host/engine-process';

export function utilitySpawner(modulePath: string, env: NodeJS.ProcessEnv): EngineSpawner {
  return (): EngineProcess => {
    const child = utilityProcess.fork(modulePath, [], { serviceName: 'Latent Workbench engine', env, stdio: 'inherit' });
    let killedByHost = false;
    return {
      get pid() {
        return child.pid;
      },
      send: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', (code) => listener(exitInfo(code, null, killedByHost))),
      kill: () => {
        killedByHost = true;
        child.kill();
      },
    };
  };
}

/**
 * Entry point of the engine process. Started by Electron's utilityProcess (messages on
 * process.parentPort) or by child_process.fork with advanced serialization (process.send),
 * so typed arrays cross as structured clones in both.
 */
import * as tf from '@tensorflow/tfjs';
import type { EventMessage, ReplyMessage } from '../protocol';
import { selectBackend, parseBackendName } from './backend';
import { defaultDataDir } from './data-dir';
import { Engine } from './engine';
import { answer } from './message-handler';

interface ParentPort {
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

type Outgoing = ReplyMessage | EventMessage;

function connect(): { post: (message: Outgoing) => void; onMessage: (listener: (message: unknown) => void) => void } {
  const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    // a host that has gone (closed, killed) leaves nobody to answer: end quietly
    process.on('disconnect', () => process.exit(0));
    return {
      post: (message) => {
        if (process.connected) send(message);
      },
      onMessage: (listener) => process.on('message', listener),
    };
  }
  throw new Error('The engine must be started by the workbench (utilityProcess or fork), not run directly.');
}

function die(error: unknown): never {
  // the host sees the exit, restarts the engine and tells the UI; stderr keeps the cause
  console.error('[engine] fatal:', error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
}

process.on('uncaughtException', die);
process.on('unhandledRejection', die);

const port = connect();
const dataDir = defaultDataDir();
const emit = (event: EventMessage['event'], payload: unknown): void => port.post({ type: 'event', event, payload });

const engine = selectBackend({ preferred: parseBackendName(process.env.LATENT_BACKEND) }).then((backend) => {
  const instance = new Engine({ backend, dataDir, emit });
  emit('engineStatus', instance.status());
  return instance;
});
engine.catch(die);

/** A getInfo answer carries this process's memory, which only the process itself can measure. */
function withMemory(message: unknown, reply: ReplyMessage): ReplyMessage {
  if (!reply.ok || (message as { method?: unknown } | null)?.method !== 'getInfo') return reply;
  const memory = {
    rssBytes: process.memoryUsage.rss(),
    heapUsedBytes: process.memoryUsage().heapUsed,
    numTensors: tf.memory().numTensors,
    activeResources: process.getActiveResourcesInfo().length,
  };
  return { ...reply, result: { ...(reply.result as object), memory } };
}

// Drawing replies leave in the order the drawings came: handlers run concurrently (an
// epoch's new weights can make a later drawing finish first), and a reply to an older
// stroke must never land after a newer one's. Other replies go out as soon as they are ready.
const ORDERED_METHODS = new Set(['inferDrawing']);
let orderedTail: Promise<void> = Promise.resolve();

port.onMessage((message) => {
  const replied = answer(engine, message).then((reply) => withMemory(message, reply));
  if (!ORDERED_METHODS.has((message as { method?: unknown } | null)?.method as string)) {
    void replied.then(port.post);
    return;
  }
  orderedTail = orderedTail.then(() => replied).then(port.post).catch(die);
});
emit('engineStatus', { state: 'starting', detail: 'Choosing a compute backend…', runId: null });

// `npm run soak [-- --cycles 3 --seconds 60 --rate 200 --json]`: a long-session test of the
// engine, headless. Each cycle trains a dense autoencoder for --seconds while the drawing
// pad's request (inferDrawing on the live weights) is sent --rate times a second and one UMAP
// projection runs; then the run is stopped and checked. It reports, per cycle, the requests
// sent, answered, failed and answered out of order, the draw latency, and the engine's RSS,
// heap, live tensors and open handles, and fails (exit 1) when a request was lost or answered
// out of order, an epoch or progress event is missing, or tensors or RSS grew more than 10%.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuild } from './ensure-build.mjs';

const USAGE = 'usage: npm run soak [-- --cycles N] [--seconds S] [--rate R] [--json]';
let args;
try {
  ({ values: args } = parseArgs({
    options: {
      cycles: { type: 'string', default: '3' },
      seconds: { type: 'string', default: '60' },
      rate: { type: 'string', default: '200' },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  }));
} catch (error) {
  console.error(`${error.message}\n${USAGE}`);
  process.exit(2);
}
const cycles = positive('cycles', 1000);
const seconds = positive('seconds', 3600);
const rate = positive('rate', 2000);

function positive(name, max) {
  const value = Number(args[name]);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`--${name} must be a whole number from 1 to ${max}.\n${USAGE}`);
    process.exit(2);
  }
  return value;
}

ensureBuild();
const root = fileURLToPath(new URL('..', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'latent-soak-'));
let finished = false;
const child = fork(join(root, 'out/main/engine.js'), [], {
  serialization: 'advanced',
  env: { ...process.env, LATENT_HOME: home },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
child.once('exit', (code, signal) => {
  if (!finished) {
    console.error(`The engine stopped during the soak (${signal ?? `exit code ${code}`}).`);
    process.exit(1);
  }
});

let nextId = 1;
const pending = new Map();
const listeners = new Set();
child.on('message', (message) => {
  if (message.type === 'event') for (const listener of listeners) listener(message);
  if (message.type !== 'reply') return;
  const entry = pending.get(message.id);
  if (!entry) return;
  pending.delete(message.id);
  entry(message);
});

/** Sends a request; resolves with the reply message (ok or not). */
function send(method, params) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    child.send({ type: 'request', id, method, params });
  });
}

async function call(method, params) {
  const reply = await send(method, params);
  if (!reply.ok) throw new Error(`${method}: ${reply.error.message} (${reply.error.code})`);
  return reply.result;
}

function waitForEvent(pick) {
  return new Promise((resolve) => {
    const listener = (message) => {
      const found = pick(message);
      if (found !== undefined) {
        listeners.delete(listener);
        resolve(found);
      }
    };
    listeners.add(listener);
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function memory() {
  // let finished work release what it held before measuring
  await sleep(500);
  return (await call('getInfo', {})).memory;
}

/** A 28x28 "drawing": a random stroke-like blob, different every time. */
function drawing() {
  const pixels = new Float32Array(784);
  const cx = 8 + Math.random() * 12;
  const cy = 8 + Math.random() * 12;
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) pixels[y * 28 + x] = Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 5);
  return pixels;
}

async function cycle(index) {
  const events = [];
  const collect = (message) => {
    if (message.event === 'trainingProgress') events.push(message.payload);
  };
  listeners.add(collect);
  const finishedEvent = waitForEvent((m) => (m.event === 'trainingProgress' && m.payload.kind === 'finished' ? m.payload : undefined));
  const { runId } = await call('startTraining', { datasetId: 'mnist-10k', model: 'dense-ae', epochs: 1000, maxTrainSamples: 2000, seed: index + 1 });

  // the drawing pad: `rate` requests a second, paced against the clock
  const draws = { sent: 0, answered: 0, failed: 0, outOfOrder: 0, latencies: [] };
  let lastAnswered = 0;
  const inflight = [];
  const start = Date.now();
  let umap = null;
  while (Date.now() - start < seconds * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * rate);
    for (; draws.sent < due; draws.sent++) {
      const order = draws.sent + 1;
      const sentAt = performance.now();
      inflight.push(
        send('inferDrawing', { runId, pixels: drawing(), neighbours: 8, samples: 0 }).then((reply) => {
          draws.answered++;
          if (!reply.ok) draws.failed++;
          if (order < lastAnswered) draws.outOfOrder++;
          lastAnswered = Math.max(lastAnswered, order);
          draws.latencies.push(performance.now() - sentAt);
        }),
      );
    }
    // one UMAP a cycle, from a third of the way in, on the live weights
    if (umap === null && Date.now() - start > (seconds * 1000) / 3) umap = projectOnce(runId);
    await sleep(10);
  }
  await Promise.all(inflight);
  const umapResult = await (umap ?? projectOnce(runId));
  await call('stopTraining', { runId });
  const end = await finishedEvent;
  listeners.delete(collect);
  // the run's files land after its finished event
  await sleep(300);
  const history = await call('getRunHistory', { runId });
  return { runId, draws, umap: umapResult, events, end, history };
}

async function projectOnce(runId) {
  const started = Date.now();
  const done = waitForEvent((m) => (m.event === 'projectionProgress' && m.payload.kind === 'finished' ? m.payload : undefined));
  const { projectionId, count } = await call('startProjection', { runId, method: 'umap', split: 'validation', maxPoints: 2000 });
  const end = await done;
  if (end.projectionId !== projectionId) throw new Error('A different projection finished.');
  return { status: end.status, count, seconds: (Date.now() - started) / 1000 };
}

/** Problems with a cycle's run: missing epochs, progress events lost or reordered. */
function checkRun({ events, end, history }) {
  const problems = [];
  const seqs = events.map((e) => e.seq);
  for (let i = 1; i < seqs.length; i++) if (seqs[i] !== seqs[i - 1] + 1) problems.push(`progress event seq ${seqs[i - 1]} is followed by ${seqs[i]}`);
  const epochs = events.filter((e) => e.kind === 'epoch').map((e) => e.epoch);
  const expected = Array.from({ length: end.epochsDone }, (_, i) => i + 1);
  if (epochs.join() !== expected.join()) problems.push(`epoch events ${epochs.join(',')} for ${end.epochsDone} epochs done`);
  if (history.epochs.map((e) => e.epoch).join() !== expected.join()) problems.push(`run history has epochs ${history.epochs.map((e) => e.epoch).join(',')}`);
  const steps = events.filter((e) => e.kind === 'batch').map((e) => e.step);
  for (let i = 1; i < steps.length; i++) if (steps[i] <= steps[i - 1]) problems.push(`batch step ${steps[i]} after ${steps[i - 1]}`);
  return problems;
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
};
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);

const ready = waitForEvent((m) => (m.event === 'engineStatus' && m.payload.state === 'ready' ? m.payload : undefined));
await ready;
const info = await call('getInfo', {});
if (!info.memory) {
  console.error('This engine build reports no memory figures: rebuild it (npm run build).');
  process.exit(1);
}
const baseline = await memory();
const report = (line) => (args.json ? undefined : console.log(line));
report(`soak: ${cycles} cycle(s) of ${seconds} s, drawing at ${rate}/s while dense-ae trains on ${info.backend}; one UMAP per cycle`);
report(`start: RSS ${mb(baseline.rssBytes)} MB, heap ${mb(baseline.heapUsedBytes)} MB, ${baseline.numTensors} tensors, ${baseline.activeResources} handles`);
const rows = [];
const failures = [];
for (let i = 0; i < cycles; i++) {
  const result = await cycle(i);
  const after = await memory();
  const problems = checkRun(result);
  const { draws } = result;
  if (draws.answered !== draws.sent) problems.push(`${draws.sent - draws.answered} drawing requests were never answered`);
  if (draws.outOfOrder) problems.push(`${draws.outOfOrder} drawing replies came out of order`);
  if (result.umap.status !== 'completed') problems.push(`UMAP ended ${result.umap.status}`);
  const row = {
    cycle: i + 1,
    epochs: result.end.epochsDone,
    draws: { sent: draws.sent, answered: draws.answered, failed: draws.failed, outOfOrder: draws.outOfOrder, p50ms: percentile(draws.latencies, 50), p99ms: percentile(draws.latencies, 99) },
    umap: result.umap,
    memory: after,
    problems,
  };
  rows.push(row);
  failures.push(...problems.map((p) => `cycle ${i + 1}: ${p}`));
  if (args.json) console.log(JSON.stringify({ type: 'cycle', ...row }));
  report(
    `cycle ${i + 1}: ${row.epochs} epochs; draws ${draws.sent} sent, ${draws.answered} answered, ${draws.failed} failed, ${draws.outOfOrder} out of order, ` +
      `p50 ${row.draws.p50ms.toFixed(1)} ms, p99 ${row.draws.p99ms.toFixed(1)} ms; UMAP ${result.umap.count} points ${result.umap.status} in ${result.umap.seconds.toFixed(1)} s; ` +
      `RSS ${mb(after.rssBytes)} MB, heap ${mb(after.heapUsedBytes)} MB, ${after.numTensors} tensors, ${after.activeResources} handles` +
      (problems.length ? `; PROBLEMS: ${problems.join('; ')}` : ''),
  );
}

// the first cycle loads the dataset, compiles kernels and fills caches: growth counts after it
const first = rows[0].memory;
const last = rows.at(-1).memory;
const growth = (a, b) => (a === 0 ? (b === 0 ? 0 : Infinity) : (b - a) / a);
const summary = {
  type: 'summary',
  cycles,
  seconds,
  rate,
  backend: info.backend,
  start: baseline,
  afterFirstCycle: first,
  end: last,
  growthSinceFirstCycle: {
    rss: growth(first.rssBytes, last.rssBytes),
    numTensors: growth(first.numTensors, last.numTensors),
    activeResources: last.activeResources - first.activeResources,
  },
  tensorsVsStart: last.numTensors - baseline.numTensors,
};
if (summary.growthSinceFirstCycle.rss > 0.1) failures.push(`RSS grew ${(summary.growthSinceFirstCycle.rss * 100).toFixed(1)}% after the first cycle`);
if (summary.growthSinceFirstCycle.numTensors > 0.1) failures.push(`live tensors grew from ${first.numTensors} to ${last.numTensors} after the first cycle`);
if (summary.growthSinceFirstCycle.activeResources > 2) failures.push(`open handles grew from ${first.activeResources} to ${last.activeResources}`);
summary.failures = failures;
if (args.json) console.log(JSON.stringify(summary));
else {
  report(
    `growth after cycle 1: RSS ${(summary.growthSinceFirstCycle.rss * 100).toFixed(1)}%, tensors ${first.numTensors} -> ${last.numTensors}, ` +
      `handles ${first.activeResources} -> ${last.activeResources}; tensors vs start: ${summary.tensorsVsStart >= 0 ? '+' : ''}${summary.tensorsVsStart}`,
  );
  report(failures.length ? `FAILED:\n  ${failures.join('\n  ')}` : 'passed: no request lost or reordered, every epoch recorded, no growth over 10%');
}
finished = true;
child.kill();
rmSync(home, { recursive: true, force: true });
process.exit(failures.length ? 1 : 0);

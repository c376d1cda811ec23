// The soak itself, shared by `npm run soak` (scripts/soak.mjs, the full one) and the short
// one in `npm test` (src-main/host/soak.integration.test.ts). Each cycle trains a dense
// autoencoder for `seconds` while the drawing pad's request (inferDrawing on the live weights)
// is sent `rate` times a second and one UMAP projection runs; then the run is stopped and
// checked: no request lost or answered out of order, every epoch and progress event there,
// and no growth of RSS, live tensors or open handles after the first cycle.
import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long unanswered drawing requests are waited for after a cycle before they count as lost. */
const DRAIN_MS = 30_000;

export async function runSoak({ engine, cycles, seconds, rate, env = {}, umapPoints = 2000, rssBound = 0.1, tensorBound = 0.1, onStart = () => {}, onCycle = () => {} }) {
  const home = mkdtempSync(join(tmpdir(), 'latent-soak-'));
  let finished = false;
  const child = fork(engine, [], {
    serialization: 'advanced',
    env: { ...process.env, ...env, LATENT_HOME: home },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  // an engine that dies fails the soak at once instead of leaving it waiting
  let died;
  const death = new Promise((_, reject) => {
    died = reject;
  });
  death.catch(() => {});
  child.once('exit', (code, signal) => {
    if (!finished) died(new Error(`The engine stopped during the soak (${signal ?? `exit code ${code}`}).`));
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
    const reply = await Promise.race([send(method, params), death]);
    if (!reply.ok) throw new Error(`${method}: ${reply.error.message} (${reply.error.code})`);
    return reply.result;
  }

  function waitForEvent(pick) {
    const found = new Promise((resolve) => {
      const listener = (message) => {
        const value = pick(message);
        if (value !== undefined) {
          listeners.delete(listener);
          resolve(value);
        }
      };
      listeners.add(listener);
    });
    const either = Promise.race([found, death]);
    // waited for later: an engine death before then must not count as unhandled
    either.catch(() => {});
    return either;
  }

  async function memory() {
    // let finished work release what it held before measuring
    await sleep(500);
    return (await call('getInfo', {})).memory;
  }

  async function projectOnce(runId) {
    const started = Date.now();
    const done = waitForEvent((m) => (m.event === 'projectionProgress' && m.payload.kind === 'finished' ? m.payload : undefined));
    const { projectionId, count } = await call('startProjection', { runId, method: 'umap', split: 'validation', maxPoints: umapPoints });
    const end = await done;
    if (end.projectionId !== projectionId) throw new Error('A different projection finished.');
    return { status: end.status, count, seconds: (Date.now() - started) / 1000 };
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
      if (umap === null && Date.now() - start > (seconds * 1000) / 3) {
        umap = projectOnce(runId);
        umap.catch(() => {}); // awaited after the drawing loop
      }
      await sleep(10);
    }
    // a lost request never resolves: wait a bounded time, then the shortfall is reported
    await Promise.race([Promise.all(inflight), sleep(DRAIN_MS), death]);
    const umapResult = await (umap ?? projectOnce(runId));
    await call('stopTraining', { runId });
    const end = await finishedEvent;
    listeners.delete(collect);
    // the run's files land after its finished event
    await sleep(300);
    const history = await call('getRunHistory', { runId });
    return { runId, draws, umap: umapResult, events, end, history };
  }

  try {
    await waitForEvent((m) => (m.event === 'engineStatus' && m.payload.state === 'ready' ? m.payload : undefined));
    const info = await call('getInfo', {});
    if (!info.memory) throw new Error('This engine build reports no memory figures: rebuild it (npm run build).');
    const baseline = await memory();
    onStart({ info, baseline });
    const rows = [];
    const failures = [];
    for (let i = 0; i < cycles; i++) {
      const result = await cycle(i);
      const after = await memory();
      const problems = checkRun(result);
      const { draws } = result;
      if (draws.answered !== draws.sent) problems.push(`${draws.sent - draws.answered} drawing requests were never answered`);
      if (draws.failed) problems.push(`${draws.failed} drawing requests were answered with an error`);
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
      onCycle(row);
    }

    // the first cycle loads the dataset, compiles kernels and fills caches: growth counts after it
    const first = rows[0].memory;
    const last = rows.at(-1).memory;
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
      bounds: { rss: rssBound, numTensors: tensorBound },
      failures,
    };
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    if (summary.growthSinceFirstCycle.rss > rssBound) failures.push(`RSS grew ${pct(summary.growthSinceFirstCycle.rss)} after the first cycle (bound ${pct(rssBound)})`);
    if (summary.growthSinceFirstCycle.numTensors > tensorBound) failures.push(`live tensors grew from ${first.numTensors} to ${last.numTensors} after the first cycle`);
    if (summary.growthSinceFirstCycle.activeResources > 2) failures.push(`open handles grew from ${first.activeResources} to ${last.activeResources}`);
    return { info, baseline, rows, summary };
  } finally {
    finished = true;
    child.kill();
    rmSync(home, { recursive: true, force: true });
  }
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

/** A 28x28 "drawing": a random stroke-like blob, different every time. */
function drawing() {
  const pixels = new Float32Array(784);
  const cx = 8 + Math.random() * 12;
  const cy = 8 + Math.random() * 12;
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) pixels[y * 28 + x] = Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 5);
  return pixels;
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : 0;
}

function growth(a, b) {
  return a === 0 ? (b === 0 ? 0 : Infinity) : (b - a) / a;
}

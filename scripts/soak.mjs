// `npm run soak [-- --cycles 3 --seconds 60 --rate 200 --json]`: a long-session test of the
// engine, headless (the soak itself is in soak-core.mjs; `npm test` runs a short one). Each
// cycle trains a dense autoencoder for --seconds while the drawing pad's request
// (inferDrawing on the live weights) is sent --rate times a second and one UMAP projection
// runs; then the run is stopped and checked. It reports, per cycle, the requests sent,
// answered, failed and answered out of order, the draw latency, and the engine's RSS, heap,
// live tensors and open handles, and fails (exit 1) when a request was lost, failed or
// answered out of order, an epoch or progress event is missing, or tensors or RSS grew more
// than 10%.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureBuild } from './ensure-build.mjs';
import { runSoak } from './soak-core.mjs';

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

await ensureBuild();
const root = fileURLToPath(new URL('..', import.meta.url));
const mb = (bytes) => (bytes / 2 ** 20).toFixed(1);
const report = (line) => (args.json ? undefined : console.log(line));

let result;
try {
  result = await runSoak({
    engine: join(root, 'out/main/engine.js'),
    cycles,
    seconds,
    rate,
    onStart: ({ info, baseline }) => {
      report(`soak: ${cycles} cycle(s) of ${seconds} s, drawing at ${rate}/s while dense-ae trains on ${info.backend}; one UMAP per cycle`);
      report(`start: RSS ${mb(baseline.rssBytes)} MB, heap ${mb(baseline.heapUsedBytes)} MB, ${baseline.numTensors} tensors, ${baseline.activeResources} handles`);
    },
    onCycle: (row) => {
      if (args.json) console.log(JSON.stringify({ type: 'cycle', ...row }));
      const { draws, umap, memory } = row;
      report(
        `cycle ${row.cycle}: ${row.epochs} epochs; draws ${draws.sent} sent, ${draws.answered} answered, ${draws.failed} failed, ${draws.outOfOrder} out of order, ` +
          `p50 ${draws.p50ms.toFixed(1)} ms, p99 ${draws.p99ms.toFixed(1)} ms; UMAP ${umap.count} points ${umap.status} in ${umap.seconds.toFixed(1)} s; ` +
          `RSS ${mb(memory.rssBytes)} MB, heap ${mb(memory.heapUsedBytes)} MB, ${memory.numTensors} tensors, ${memory.activeResources} handles` +
          (row.problems.length ? `; PROBLEMS: ${row.problems.join('; ')}` : ''),
      );
    },
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}

const { summary } = result;
const { afterFirstCycle: first, end: last, failures } = summary;
if (args.json) console.log(JSON.stringify(summary));
else {
  report(
    `growth after cycle 1: RSS ${(summary.growthSinceFirstCycle.rss * 100).toFixed(1)}%, tensors ${first.numTensors} -> ${last.numTensors}, ` +
      `handles ${first.activeResources} -> ${last.activeResources}; tensors vs start: ${summary.tensorsVsStart >= 0 ? '+' : ''}${summary.tensorsVsStart}`,
  );
  report(failures.length ? `FAILED:\n  ${failures.join('\n  ')}` : 'passed: no request lost or reordered, every epoch recorded, no growth over 10%');
}
process.exit(failures.length ? 1 : 0);

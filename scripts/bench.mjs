// `npm run bench [-- --epochs N --models dense-ae]`: builds if needed, then benchmarks.
import { ensureBuild } from './ensure-build.mjs';

ensureBuild();
await import('../out/main/bench.js');

// `npm run bench [-- --epochs N --models dense-ae]` or `npm run bench -- --umap [--n 2000,10000]`: builds if needed, then benchmarks.
import { ensureBuild } from './ensure-build.mjs';

await ensureBuild();
await import('../out/main/bench.js');

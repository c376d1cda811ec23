#!/usr/bin/env node
// The `latent` command: builds the workbench if needed, then runs the bundled CLI.
import { ensureBuild } from '../scripts/ensure-build.mjs';

await ensureBuild();
await import('../out/main/cli.js');

// Random announcements and chunk sequences against a plain model of the rules: the uploads
// refuse exactly what the rules refuse, and a file holds exactly the chunks accepted.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../protocol';
import { DEFAULT_UPLOAD_LIMITS, ModelUploads, checkPaths } from './model-upload';

const SEED = 20261127;
const base = mkdtempSync(join(tmpdir(), 'latent-uploads-fuzz-'));

/** Paths from a few names that differ by case only, so collisions are frequent. */
const path = fc.array(fc.constantFrom('a', 'A', 'b', 'model.json', 'Model.JSON', 'nul', 'x.'), { minLength: 1, maxLength: 3 }).map((s) => s.join('/'));

/** The rules, stated plainly: which announcement is refused. */
function refusedByRules(paths: string[]): boolean {
  const keys = paths.map((p) => p.toLowerCase());
  if (paths.some((p) => p.split('/').some((name) => /^nul$|\.$/i.test(name)))) return true;
  if (new Set(keys).size !== keys.length) return true;
  return keys.some((k) => keys.some((other) => other.startsWith(`${k}/`)));
}

describe('model uploads under fuzzing', () => {
  it('checkPaths refuses exactly the announcements the rules refuse, always with a bad-request sentence', () => {
    fc.assert(
      fc.property(fc.array(path, { minLength: 1, maxLength: 6 }), (paths) => {
        let error: unknown = null;
        try {
          checkPaths(paths);
        } catch (e) {
          error = e;
        }
        expect(error !== null).toBe(refusedByRules(paths));
        if (error) {
          expect((error as WorkbenchError).code).toBe('bad-request');
          expect((error as Error).message).toMatch(/^The upload lists .*\.$/);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('a file holds exactly the chunks that started where the last one ended and fit its size', async () => {
    const uploads = new ModelUploads(join(base, 'uploads'), { ...DEFAULT_UPLOAD_LIMITS, maxOpen: 1 });
    const attempt = fc.record({ skew: fc.constantFrom(0, 0, 0, -1, 1, 7), length: fc.integer({ min: 1, max: 40 }), fill: fc.integer({ min: 0, max: 255 }) });
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 120 }), fc.array(attempt, { maxLength: 12 }), async (size, attempts) => {
        const { uploadId } = await uploads.begin([{ path: 'f/w.bin', bytes: size }]);
        const want: number[] = [];
        for (const { skew, length, fill } of attempts) {
          const offset = Math.max(0, want.length + skew);
          const bytes = new Uint8Array(length).fill(fill);
          const ok = offset === want.length && offset + length <= size;
          const reply = await uploads.chunk(uploadId, 'f/w.bin', offset, bytes).then(
            (r) => r,
            (e: unknown) => e as WorkbenchError,
          );
          if (ok) {
            want.push(...bytes);
            expect(reply).toEqual({ received: want.length });
          } else expect((reply as WorkbenchError).code).toBe('bad-request');
        }
        expect(Array.from(readFileSync(join(uploads.root, uploadId, 'f/w.bin')))).toEqual(want);
        const taken = await uploads.take(uploadId).then(
          () => true,
          () => false,
        );
        expect(taken).toBe(want.length === size);
        await uploads.remove(uploadId);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });
});

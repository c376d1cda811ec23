// Uploads of picked folders: announced files arrive in ordered chunks into uploads/<id>, bad
// announcements and chunks are refused with a sentence, and no upload outlives its use.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../protocol';
import { DEFAULT_UPLOAD_LIMITS, ModelUploads } from './model-upload';

const base = mkdtempSync(join(tmpdir(), 'latent-uploads-'));
let count = 0;
const uploadsIn = (limits: Partial<typeof DEFAULT_UPLOAD_LIMITS> = {}) => new ModelUploads(join(base, `uploads-${count++}`), { ...DEFAULT_UPLOAD_LIMITS, ...limits });
const bytes = (n: number, seed = 1): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) % 256);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What a refusal says, checking it is a bad request. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkbenchError);
  expect((error as WorkbenchError).code).toBe('bad-request');
  return (error as Error).message;
}

describe('model uploads', () => {
  it('writes announced files chunk by chunk; received counts the whole upload; empty files need no chunk', async () => {
    const uploads = uploadsIn();
    const weights = bytes(10_000);
    const { uploadId } = await uploads.begin([
      { path: 'exports/decoder/model.json', bytes: 5 },
      { path: 'exports/decoder/group1-shard1of1.bin', bytes: weights.length },
      { path: 'exports/README', bytes: 0 },
    ]);
    expect(uploadId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(await uploads.chunk(uploadId, 'exports/decoder/model.json', 0, bytes(5, 7))).toEqual({ received: 5 });
    expect(await uploads.chunk(uploadId, 'exports/decoder/group1-shard1of1.bin', 0, weights.subarray(0, 4096))).toEqual({ received: 4101 });
    expect(await uploads.chunk(uploadId, 'exports/decoder/group1-shard1of1.bin', 4096, weights.subarray(4096))).toEqual({ received: 10_005 });
    const { dir } = await uploads.take(uploadId);
    expect(dir).toBe(join(uploads.root, uploadId));
    expect(new Uint8Array(readFileSync(join(dir, 'exports/decoder/group1-shard1of1.bin')))).toEqual(weights);
    expect(readFileSync(join(dir, 'exports/README'))).toHaveLength(0);
    await uploads.remove(uploadId);
    expect(readdirSync(uploads.root)).toEqual([]);
  });

  it('chunks sent without waiting for replies are written in the order they were sent', async () => {
    const uploads = uploadsIn();
    const data = bytes(50_000, 3);
    const { uploadId } = await uploads.begin([{ path: 'a/w.bin', bytes: data.length }]);
    const replies = await Promise.all([0, 1, 2, 3, 4].map((i) => uploads.chunk(uploadId, 'a/w.bin', i * 10_000, data.subarray(i * 10_000, (i + 1) * 10_000))));
    expect(replies.map((r) => r.received)).toEqual([10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(new Uint8Array(readFileSync(join(uploads.root, uploadId, 'a/w.bin')))).toEqual(data);
  });

  it.each([
    ['the same path twice', [{ path: 'm/model.json', bytes: 1 }, { path: 'm/model.json', bytes: 2 }], 'The upload lists m/model.json twice; announce each file once.'],
    ['paths equal but for case', [{ path: 'm/Model.json', bytes: 1 }, { path: 'M/model.json', bytes: 2 }], 'The upload lists m/Model.json and M/model.json, which are the same file on Windows and macOS; rename one of them.'],
    ['a file that is also a folder', [{ path: 'm/encoder', bytes: 1 }, { path: 'm/Encoder/model.json', bytes: 2 }], 'The upload lists m/encoder as a file and as the folder of m/Encoder/model.json; a name cannot be both.'],
    ['a name Windows reserves', [{ path: 'm/CON.json', bytes: 1 }], 'The upload lists m/CON.json, whose name CON.json Windows cannot hold; rename it.'],
    ['a name Windows would change', [{ path: 'm/decoder./model.json', bytes: 1 }], 'The upload lists m/decoder./model.json, whose name decoder. Windows cannot hold; rename it.'],
    ['more bytes than the limit', [{ path: 'm/a.bin', bytes: 600_000 }, { path: 'm/b.bin', bytes: 600_000 }], 'The upload holds 1.1 MB, more than the 1.0 MB an upload may hold; pick the run folder or the export folders themselves, or import them from the engine\'s disk.'],
  ])('begin refuses %s and writes nothing', async (_, files, message) => {
    const uploads = uploadsIn({ maxBytes: 1024 * 1024 });
    expect(await refusal(uploads.begin(files))).toBe(message);
    expect(existsSync(uploads.root) ? readdirSync(uploads.root) : []).toEqual([]);
  });

  it('refuses chunks of unknown uploads and files, out of order or past the announced size, keeping what arrived', async () => {
    const uploads = uploadsIn();
    const { uploadId } = await uploads.begin([{ path: 'm/w.bin', bytes: 10 }]);
    await uploads.chunk(uploadId, 'm/w.bin', 0, bytes(4));
    expect(await refusal(uploads.chunk('nope', 'm/w.bin', 0, bytes(1)))).toBe('Upload nope is not open (it was imported, cancelled, or left idle too long); pick the folder again.');
    expect(await refusal(uploads.chunk(uploadId, 'm/other.bin', 0, bytes(1)))).toBe(`m/other.bin is not one of the files announced for upload ${uploadId}; begin a new upload that lists it.`);
    expect(await refusal(uploads.chunk(uploadId, 'M/w.bin', 4, bytes(1)))).toMatch(/^M\/w\.bin is not one of the files announced/);
    expect(await refusal(uploads.chunk(uploadId, 'm/w.bin', 0, bytes(4)))).toBe('The chunk of m/w.bin starts at byte 0, but 4 bytes of it have arrived; send its chunks in order.');
    expect(await refusal(uploads.chunk(uploadId, 'm/w.bin', 8, bytes(2)))).toBe('The chunk of m/w.bin starts at byte 8, but 4 bytes of it have arrived; send its chunks in order.');
    expect(await refusal(uploads.chunk(uploadId, 'm/w.bin', 4, bytes(7)))).toBe('The chunk of m/w.bin ends at byte 11, past the 10 bytes announced for it; announce the file\'s real size.');
    // nothing refused was written, and the upload goes on
    expect(readFileSync(join(uploads.root, uploadId, 'm/w.bin'))).toHaveLength(4);
    expect(await uploads.chunk(uploadId, 'm/w.bin', 4, bytes(6))).toEqual({ received: 10 });
  });

  it('an incomplete upload is refused for import and deleted', async () => {
    const uploads = uploadsIn();
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: 3 }, { path: 'm/b.bin', bytes: 3 }]);
    await uploads.chunk(uploadId, 'm/a.bin', 0, bytes(3));
    expect(await refusal(uploads.take(uploadId))).toBe('The upload is not complete: 1 of 2 files (first m/b.bin) still miss bytes; pick the folder again.');
    expect(readdirSync(uploads.root)).toEqual([]);
    expect(await refusal(uploads.take(uploadId))).toMatch(/is not open \(it was handed to an import before all its bytes arrived\)/);
  });

  it('a taken upload takes no more chunks and cannot be cancelled from under its import', async () => {
    const uploads = uploadsIn();
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: 3 }]);
    await uploads.chunk(uploadId, 'm/a.bin', 0, bytes(3));
    await uploads.take(uploadId);
    expect(await refusal(uploads.chunk(uploadId, 'm/a.bin', 3, bytes(1)))).toMatch(/is not open \(an import is reading it\)/);
    await uploads.cancel(uploadId);
    expect(existsSync(join(uploads.root, uploadId, 'm/a.bin'))).toBe(true);
    await uploads.remove(uploadId);
    expect(readdirSync(uploads.root)).toEqual([]);
  });

  it('cancel deletes the files; later chunks are refused', async () => {
    const uploads = uploadsIn();
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: 3 }]);
    await uploads.chunk(uploadId, 'm/a.bin', 0, bytes(1));
    await uploads.cancel(uploadId);
    expect(readdirSync(uploads.root)).toEqual([]);
    expect(await refusal(uploads.chunk(uploadId, 'm/a.bin', 1, bytes(1)))).toMatch(/is not open/);
    await uploads.cancel(uploadId);
  });

  it('past the limit of open uploads, the least recently active one is dropped', async () => {
    const uploads = uploadsIn({ maxOpen: 2 });
    const first = (await uploads.begin([{ path: 'm/a.bin', bytes: 2 }])).uploadId;
    await sleep(5);
    const second = (await uploads.begin([{ path: 'm/a.bin', bytes: 2 }])).uploadId;
    await sleep(5);
    // the first is active again: the second is now the oldest
    await uploads.chunk(first, 'm/a.bin', 0, bytes(1));
    const third = (await uploads.begin([{ path: 'm/a.bin', bytes: 2 }])).uploadId;
    expect(readdirSync(uploads.root).sort()).toEqual([first, third].sort());
    expect(await refusal(uploads.chunk(second, 'm/a.bin', 0, bytes(1)))).toMatch(/is not open/);
  });

  it('an idle upload is deleted; a killed engine\'s leftovers go when the next engine begins an upload', async () => {
    const uploads = uploadsIn({ idleMs: 60 });
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    await sleep(200);
    expect(existsSync(join(uploads.root, uploadId))).toBe(false);
    expect(await refusal(uploads.chunk(uploadId, 'm/a.bin', 0, bytes(1)))).toMatch(/is not open \(it was left idle too long\)/);

    // another engine on the same data directory: an old leftover goes, a fresh folder stays
    const leftover = join(uploads.root, 'killed', 'm');
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'a.bin'), 'x');
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(join(leftover, 'a.bin'), old, old);
    utimesSync(leftover, old, old);
    utimesSync(join(uploads.root, 'killed'), old, old);
    mkdirSync(join(uploads.root, 'busy'));
    const next = new ModelUploads(uploads.root, { ...DEFAULT_UPLOAD_LIMITS, idleMs: 60_000 });
    const { uploadId: fresh } = await next.begin([{ path: 'm/a.bin', bytes: 2 }]);
    expect(readdirSync(uploads.root).sort()).toEqual(['busy', fresh].sort());
  });
});

describe('model uploads under load (issue 11)', () => {
  it('concurrent begins never leave more than maxOpen uploads open', async () => {
    const uploads = uploadsIn({ maxOpen: 2 });
    await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    const ids = (await Promise.all(Array.from({ length: 10 }, () => uploads.begin([{ path: 'm/a.bin', bytes: 2 }, { path: 'm/b/c.bin', bytes: 2 }])))).map((r) => r.uploadId);
    // the last two begun are the ones open, each whole
    expect(readdirSync(uploads.root).sort()).toEqual(ids.slice(-2).sort());
    for (const id of ids.slice(-2)) expect(existsSync(join(uploads.root, id, 'm/b/c.bin'))).toBe(true);
  });

  it('the free-space check counts what open uploads still have to write', async () => {
    const uploads = new ModelUploads(join(base, `uploads-${count++}`), DEFAULT_UPLOAD_LIMITS, async () => 1000);
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: 600 }]);
    expect(await refusal(uploads.begin([{ path: 'm/a.bin', bytes: 600 }]))).toBe("The upload needs 0.0 MB but the engine's disk has 0.0 MB free beside what the uploads under way still need; free some space and try again.");
    // once the first upload's bytes are written, they are no longer owed
    await uploads.chunk(uploadId, 'm/a.bin', 0, bytes(600));
    await uploads.begin([{ path: 'm/b.bin', bytes: 400 }]);
  });

  it('chunks queued before take do not re-arm the idle timer under the import', async () => {
    const uploads = uploadsIn({ idleMs: 60 });
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: 4 }]);
    const sent = [uploads.chunk(uploadId, 'm/a.bin', 0, bytes(2)), uploads.chunk(uploadId, 'm/a.bin', 2, bytes(2))];
    const { dir } = await uploads.take(uploadId);
    await Promise.all(sent);
    await sleep(200);
    expect(readFileSync(join(dir, 'm/a.bin'))).toHaveLength(4);
  });

  it('a leftover too young to sweep at one begin is swept at a later one', async () => {
    const uploads = uploadsIn({ idleMs: 60_000 });
    const leftover = join(uploads.root, 'killed');
    mkdirSync(leftover, { recursive: true });
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    expect(readdirSync(uploads.root).sort()).toEqual(['killed', uploadId].sort());
    // time passes: the leftover is now older than the idle time
    const old = new Date(Date.now() - 3_600_000);
    utimesSync(leftover, old, old);
    const { uploadId: next } = await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    expect(readdirSync(uploads.root).sort()).toEqual([uploadId, next].sort());
  });

  it('a dropped upload says why: newer uploads begun, or a write that failed', async () => {
    const uploads = uploadsIn({ maxOpen: 1 });
    const { uploadId: first } = await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    const { uploadId: second } = await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    expect(await refusal(uploads.chunk(first, 'm/a.bin', 0, bytes(1)))).toBe(`Upload ${first} is not open (newer uploads were begun and it was the least recently active); pick the folder again.`);
    // its folder vanishes under it: the write fails and the upload is dropped
    rmSync(join(uploads.root, second), { recursive: true });
    writeFileSync(join(uploads.root, second), 'not a folder');
    expect(await refusal(uploads.chunk(second, 'm/a.bin', 0, bytes(1)))).toMatch(/^Could not write m\/a\.bin of the upload/);
    expect(await refusal(uploads.chunk(second, 'm/a.bin', 0, bytes(1)))).toBe(`Upload ${second} is not open (writing one of its files failed); pick the folder again.`);
    const { uploadId: third } = await uploads.begin([{ path: 'm/a.bin', bytes: 2 }]);
    await uploads.cancel(third);
    expect(await refusal(uploads.chunk(third, 'm/a.bin', 0, bytes(1)))).toBe(`Upload ${third} is not open (it was cancelled); pick the folder again.`);
  });

  it('refuses a chunk as busy when 16 of the upload\'s chunks are already queued, losing none of them', async () => {
    const uploads = uploadsIn();
    const data = bytes(17 * 100);
    const { uploadId } = await uploads.begin([{ path: 'm/a.bin', bytes: data.length }]);
    const queued = Array.from({ length: 16 }, (_, i) => uploads.chunk(uploadId, 'm/a.bin', i * 100, data.subarray(i * 100, (i + 1) * 100)));
    const error = await uploads.chunk(uploadId, 'm/a.bin', 1600, data.subarray(1600)).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).code).toBe('busy');
    expect((error as Error).message).toBe(`Upload ${uploadId} already has 16 chunks waiting to be written; wait for their replies before sending more.`);
    expect((await Promise.all(queued)).at(-1)).toEqual({ received: 1600 });
    // once they are written, the rest is taken
    expect(await uploads.chunk(uploadId, 'm/a.bin', 1600, data.subarray(1600))).toEqual({ received: 1700 });
    expect(new Uint8Array(readFileSync(join(uploads.root, uploadId, 'm/a.bin')))).toEqual(data);
  });
});

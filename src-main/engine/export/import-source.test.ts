// Which folders an import uses, found below what the user picked, and messages that name the
// folders as the user knows them.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findImport, shownPath, shownText } from './import-source';
import type { ImportRoot } from './import-source';

const base = mkdtempSync(join(tmpdir(), 'latent-import-source-'));

/** A folder tree: path -> file content (folders are made as needed). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(base, 'tree-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}
const tfjs = JSON.stringify({ format: 'tfjs-layers-model' });
const onnx = JSON.stringify({ format: 'onnx (opset 13)' });
const at = (dir: string, shown: string | null = dir): ImportRoot[] => [{ dir, shown }];

describe('findImport', () => {
  it('a picked export folder, or its parent holding encoder and decoder exports', async () => {
    const root = tree({ 'encoder/metadata.json': tfjs, 'encoder/model.json': '{}', 'decoder/metadata.json': tfjs, 'notes/readme.txt': '' });
    expect(await findImport(at(join(root, 'encoder')))).toEqual({ kind: 'export', dirs: [join(root, 'encoder')] });
    expect(await findImport(at(root))).toEqual({ kind: 'export', dirs: [join(root, 'decoder'), join(root, 'encoder')] });
  });

  it('a run folder is not searched inside; nor is an export', async () => {
    const root = tree({ 'runs/r1/run.json': '{}', 'runs/r1/exports/metadata.json': tfjs });
    expect(await findImport(at(root))).toEqual({ kind: 'run-folder', dir: join(root, 'runs', 'r1') });
  });

  it('looks three levels down and no further', async () => {
    const root = tree({ 'a/b/c/metadata.json': tfjs, 'x/y/z/w/run.json': '{}' });
    expect(await findImport(at(root))).toEqual({ kind: 'export', dirs: [join(root, 'a', 'b', 'c')] });
    const deep = tree({ 'a/b/c/d/metadata.json': tfjs });
    await expect(findImport(at(deep, 'picked'))).rejects.toThrow(
      'picked holds no run folder (with run.json) and no model exported by latent export --format tfjs (with metadata.json) within 3 levels; pick the run folder or the export folders.',
    );
  });

  it('leaves ONNX exports out when tfjs ones are there', async () => {
    const root = tree({ 'dec-onnx/metadata.json': onnx, 'dec-tfjs/metadata.json': tfjs });
    expect(await findImport(at(root))).toEqual({ kind: 'export', dirs: [join(root, 'dec-tfjs')] });
    const only = tree({ 'dec-onnx/metadata.json': onnx });
    // the import itself then says only tfjs exports can be imported
    expect(await findImport(at(only))).toEqual({ kind: 'export', dirs: [join(only, 'dec-onnx')] });
  });

  it('several paths are searched together', async () => {
    const one = tree({ 'encoder/metadata.json': tfjs });
    const two = tree({ 'metadata.json': tfjs });
    expect(await findImport([...at(one), ...at(two)])).toEqual({ kind: 'export', dirs: [join(one, 'encoder'), two] });
  });

  it.each([
    [{ 'a/run.json': '{}', 'b/run.json': '{}', 'c/d/run.json': '{}', 'e/run.json': '{}' }, 'runs holds 4 run folders (runs/a, runs/b, runs/c/d and 1 more); pick one run folder.'],
    [{ 'a/run.json': '{}', 'b/metadata.json': tfjs }, 'runs holds a run folder (runs/a) and exported models (runs/b); pick one of them.'],
  ])('refuses an ambiguous pick, naming the folders: %j', async (files, message) => {
    await expect(findImport(at(tree(files), 'runs'))).rejects.toThrow(message);
  });

  it('refuses a path that does not exist or is a file, in the user\'s words', async () => {
    const root = tree({ 'model.json': '{}' });
    await expect(findImport(at(join(root, 'gone')))).rejects.toThrow(`${join(root, 'gone')} does not exist on the engine's machine; give the full path of a folder there.`);
    await expect(findImport(at(join(root, 'model.json')))).rejects.toThrow(`${join(root, 'model.json')} is a file; pick the folder that holds it.`);
  });

  it('refuses to search a folder with too many folders below it', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 45; i++) for (let j = 0; j < 45; j++) files[`f${i}/g${j}/x.txt`] = '';
    await expect(findImport(at(tree(files), 'home'))).rejects.toThrow('home holds too many folders to search; pick the run folder or the export folders themselves.');
  });
});

describe('names for the user', () => {
  const upload = join(base, 'uploads', 'abc');
  const roots: ImportRoot[] = [{ dir: join(upload, 'my-exports'), shown: 'my-exports' }];

  it('an upload\'s folders by the paths the page gave', () => {
    expect(shownPath(roots, join(upload, 'my-exports'))).toBe('my-exports');
    expect(shownPath(roots, join(upload, 'my-exports', 'decoder'))).toBe(join('my-exports', 'decoder'));
    expect(shownPath([{ dir: upload, shown: null }], upload)).toBe('the uploaded folder');
    expect(shownPath([{ dir: upload, shown: null }], join(upload, 'decoder'))).toBe('decoder');
  });

  it('messages lose the engine\'s uploads/<id> path', () => {
    const text = `The weight files in ${join(upload, 'my-exports', 'decoder')} hold 1000 bytes; ${join(upload, 'my-exports')} is bad.`;
    expect(shownText(roots, text)).toBe(`The weight files in ${join('my-exports', 'decoder')} hold 1000 bytes; my-exports is bad.`);
    expect(shownText([{ dir: upload, shown: null }], `${join(upload, 'decoder')} and ${upload}`)).toBe('decoder and the uploaded folder');
  });
});

import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { EventPayload, MethodParams } from '../../../src-main/protocol';
import { ExportPanel, exportChoices, formatBytes } from './export-panel.svelte';
import type { ExportApi } from './export-panel.svelte';

/** An engine that records requests, streams two progress events and answers or refuses. */
function fakeApi(refuse: string | null = null) {
  const requests: MethodParams<'exportRun'>[] = [];
  let listener: ((p: EventPayload<'exportProgress'>) => void) | null = null;
  const api: ExportApi = {
    exportRun: async (params) => {
      requests.push(params);
      listener?.({ runId: 'other', done: 9, total: 9 });
      listener?.({ runId: params.runId, done: 5, total: 10 });
      if (refuse) throw new WorkbenchError('bad-request', refuse);
      return { exportId: 'x', dir: '/d/exports/x', what: params.what, format: params.format, files: [{ name: 'model.json', bytes: 10 }], note: null };
    },
    readExportFile: async ({ file }) => ({ name: file, bytes: new Uint8Array([1, 2, 3]) }),
    onExportProgress: (l) => {
      listener = l;
      return () => (listener = null);
    },
  };
  return { api, requests, subscribed: () => listener !== null };
}

describe('ExportPanel', () => {
  it('exports the chosen part and format, keeps its own run’s progress, and unsubscribes', async () => {
    const engine = fakeApi();
    const panel = new ExportPanel(engine.api, 'r1', 'vae');
    panel.choose('encoder');
    panel.format = 'onnx';
    await panel.run();
    expect(engine.requests).toEqual([{ runId: 'r1', what: 'encoder', format: 'onnx' }]);
    expect(panel.status).toBe('done');
    expect(panel.progress).toEqual({ done: 5, total: 10 });
    expect(panel.result?.files).toEqual([{ name: 'model.json', bytes: 10 }]);
    expect(engine.subscribed()).toBe(false);
    const blob = await panel.file('model.json');
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    // all files in one archive named after the export: a zip holding the file's bytes
    const archive = await panel.archive();
    expect(archive.name).toBe('x.zip');
    const bytes = new Uint8Array(await archive.blob.arrayBuffer());
    expect(new TextDecoder().decode(bytes.subarray(0, 2))).toBe('PK');
    expect(bytes.subarray(30 + 'model.json'.length, 30 + 'model.json'.length + 3)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('switching to embeddings moves to an embedding format and sends split and projection', async () => {
    const engine = fakeApi();
    const panel = new ExportPanel(engine.api, 'r1', 'dense-ae');
    panel.choose('embeddings');
    expect(panel.format).toBe('projector');
    expect(panel.formats).toEqual(['projector', 'npy', 'csv']);
    panel.split = 'all';
    panel.projection = true;
    await panel.run();
    expect(engine.requests[0]).toEqual({ runId: 'r1', what: 'embeddings', format: 'projector', split: 'all', projection: true });
    // a format that still fits is kept
    panel.format = 'npy';
    panel.choose('embeddings');
    expect(panel.format).toBe('npy');
  });

  it('shows the engine’s sentence when it refuses, and clears it on dismiss', async () => {
    const panel = new ExportPanel(fakeApi('Run r1 has no checkpoint yet.').api, 'r1', 'dense-ae');
    await panel.run();
    expect(panel.status).toBe('error');
    expect(panel.error).toBe('Run r1 has no checkpoint yet.');
    expect(panel.result).toBeNull();
    panel.dismissError();
    expect(panel.status).toBe('idle');
  });

  it('offers a GAN its generator and a report, no encoder', () => {
    expect(exportChoices('dcgan')).toEqual(['decoder', 'report']);
    expect(exportChoices('conv-vae')).toEqual(['encoder', 'decoder', 'model', 'embeddings', 'report']);
    expect([formatBytes(900), formatBytes(2048), formatBytes(3 * 1024 * 1024)]).toEqual(['900 B', '2.0 kB', '3.0 MB']);
  });
});

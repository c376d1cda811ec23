import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/protocol';
import type { LatentUnit } from '../../../src-main/protocol';
import { UnitInspector } from './unit-inspector.svelte';
import type { UnitApi } from './unit-inspector.svelte';

const unit = (runId: string, n: number): LatentUnit => ({
  runId, unit: n, dim: 4, count: 3, mean: 0, sd: 1,
  top: Int32Array.from([7, 3]), topValues: Float32Array.from([2, 1]), bottom: Int32Array.from([5]), bottomValues: Float32Array.from([-1]),
  min: -1, max: 2, bins: 2, labels: null, histogram: Int32Array.from([1, 2]),
  sweep: [-3, 3], decodes: Uint8Array.from([0, 255]), width: 1, height: 1, channels: 1,
});

function fakeApi() {
  const asked: string[] = [];
  const api: UnitApi = {
    inspectLatentUnit: async ({ runId, unit: n }) => {
      if (n === 3) throw new WorkbenchError('bad-request', 'No unit 3.');
      return unit(runId, n);
    },
    getDatasetImages: async ({ indices }) => {
      asked.push(Array.from(indices).join(','));
      // image i is one pixel of brightness i
      return { count: indices.length, width: 1, height: 1, channels: 1, images: Uint8Array.from(indices), reconstructions: null };
    },
    synthesizeUnitInput: async ({ unit: n }) => ({ unit: n, steps: [0, 10], activations: [0.5, 2], images: Uint8Array.from([128, 250]), width: 1, height: 1, channels: 1 }),
  };
  return { api, asked };
}

describe('UnitInspector', () => {
  it('fetches the ranked images in one request and keeps them with their activations', async () => {
    const { api, asked } = fakeApi();
    const inspector = new UnitInspector(api);
    await inspector.inspect('r', 1, 'validation');
    expect(asked).toEqual(['7,3,5']);
    expect(inspector.top.map((i) => [i.index, i.value, i.picture.rgba[0]])).toEqual([[7, 2, 7], [3, 1, 3]]);
    expect(inspector.bottom.map((i) => [i.index, i.picture.rgba[0]])).toEqual([[5, 5]]);
    expect(inspector.decodes.map((p) => p.rgba[0])).toEqual([0, 255]);
    expect(inspector.loading).toBe(false);
  });

  it('says why a unit could not be shown, and a newer request wins', async () => {
    const { api } = fakeApi();
    const inspector = new UnitInspector(api);
    const older = inspector.inspect('r', 1, 'validation');
    await inspector.inspect('r', 2, 'validation');
    await older;
    expect(inspector.result?.unit).toBe(2);
    await inspector.inspect('r', 3, 'validation');
    expect(inspector.error).toBe('Could not inspect unit 3: No unit 3. (bad-request)');
  });

  it('keeps the synthesis snapshots with their steps and activations', async () => {
    const { api } = fakeApi();
    const inspector = new UnitInspector(api);
    await inspector.synthesize('r', 2, 'noise');
    expect(inspector.synthesized?.unit).toBe(2);
    expect(inspector.synthesized?.frames.map((f) => [f.step, f.activation, f.picture.rgba[0]])).toEqual([[0, 0.5, 128], [10, 2, 250]]);
    expect(inspector.synthesizing).toBe(false);
  });
});

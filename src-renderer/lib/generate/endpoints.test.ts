import { describe, expect, it } from 'vitest';
import type { CodedImages, LatentStats } from '../../../src-main/protocol';
import { describeEndpoint, resolveEndpoints } from './endpoints';
import type { EndpointApi } from './endpoints';

const samples: CodedImages = { count: 2, dim: 2, codes: Float32Array.from([1, 2, 3, 4]), width: 1, height: 1, channels: 1, images: new Uint8Array(2) };
const stats: LatentStats = {
  dim: 2, measure: 'variance', samples: 10, usage: new Float32Array(2), mean: new Float32Array(2), weights: 'w',
  groups: [{ label: 7, name: 'Sneaker', count: 4, mean: Float32Array.from([7, 7]) }],
};

function fakeApi() {
  const asked: number[][] = [];
  const api: EndpointApi = {
    encodeImages: async ({ indices }) => {
      asked.push([...indices]);
      const codes = Float32Array.from([...indices].flatMap((i) => [i, -i]));
      return { count: indices.length, dim: 2, codes, width: 1, height: 1, channels: 1, images: new Uint8Array(indices.length), labels: null };
    },
  };
  return { api, asked };
}

describe('resolveEndpoints', () => {
  it('resolves samples, dataset images (one request) and label means, in order', async () => {
    const { api, asked } = fakeApi();
    const codes = await resolveEndpoints(api, 'r', samples, stats, [
      { kind: 'image', value: 5 },
      { kind: 'sample', value: 2 },
      { kind: 'label', value: 7 },
      { kind: 'image', value: 9 },
    ]);
    expect(codes.map((c) => [...c])).toEqual([[5, -5], [3, 4], [7, 7], [9, -9]]);
    expect(asked).toEqual([[5, 9]]);
  });

  it('says which operand is wrong and what to pick', async () => {
    const { api, asked } = fakeApi();
    await expect(resolveEndpoints(api, 'r', samples, stats, [{ kind: 'sample', value: 3 }])).rejects.toThrow('Pick a sample from 1 to 2; there is no sample 3.');
    await expect(resolveEndpoints(api, 'r', samples, stats, [{ kind: 'label', value: 1 }])).rejects.toThrow('Label 1 has no validation images; pick one of 7.');
    await expect(resolveEndpoints(api, 'r', samples, null, [{ kind: 'label', value: 1 }])).rejects.toThrow(/no label groups/);
    await expect(resolveEndpoints(api, 'r', samples, stats, [{ kind: 'image', value: -1 }])).rejects.toThrow(/whole number from 0/);
    expect(asked).toEqual([]);
  });

  it('describes operands', () => {
    expect(describeEndpoint({ kind: 'label', value: 7 }, stats)).toBe('mean of label 7 “Sneaker” (4 images)');
    expect(describeEndpoint({ kind: 'image', value: 3 }, stats)).toBe('image 3');
    const digits = { ...stats, groups: [{ label: 7, name: '7', count: 4, mean: new Float32Array(2) }] };
    expect(describeEndpoint({ kind: 'label', value: 7 }, digits)).toBe('mean of label 7 (4 images)');
  });
});

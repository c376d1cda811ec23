import { describe, expect, it } from 'vitest';
import type { ProjectionPoints } from '../../../src-main/protocol';
import { dataExportFile } from './data-export';

const points: ProjectionPoints = {
  projectionId: 'p1', runId: 'run-1', datasetId: 'fashion-mnist', split: 'validation', method: 'pca', count: 4, total: 4, dim: 1, generative: false,
  indices: Int32Array.from([10, 11, 12, 13]), labels: Uint8Array.from([1, 0, 1, 1]), errors: Float32Array.from([0.1, 0.2, 0.3, 0.4]), codes: Float32Array.from([0, 1, 2, 3]),
};
const names = ['T-shirt', 'Trouser'];

describe('dataExportFile', () => {
  const coords = Float32Array.from([0, 0, 1, 1, 2, 2, 3, 3]);

  it('names each export after the map and gives it its type', () => {
    expect(dataExportFile('coords-csv', points, coords, null, names)).toMatchObject({ name: 'run-1-pca-validation-coords.csv', type: 'text/csv' });
    expect(dataExportFile('selection-npy', points, coords, Int32Array.from([1]), names)).toMatchObject({ name: 'run-1-pca-validation-selection.npy', type: 'application/octet-stream' });
  });

  it('writes only the selected points, and none without a selection', () => {
    expect(dataExportFile('selection-csv', points, coords, Int32Array.from([3]), names).data).toBe('index,label,error,z1\n13,Trouser,0.4000000059604645,3\n');
    expect(dataExportFile('selection-csv', points, coords, null, names).data).toBe('index,label,error,z1\n');
  });
});

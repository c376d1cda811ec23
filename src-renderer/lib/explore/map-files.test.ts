// The Explore view's files: selection and coordinate exports, the NPY layout numpy expects,
// the SVG's two forms, and the projection import with its refusals.
import { describe, expect, it } from 'vitest';
import { scaleLinear } from 'd3';
import type { ProjectionPoints } from '../../../src-main/protocol';
import { coordsCsv, exportName, selectionCsv, selectionNpy } from './map-export';
import { MAX_SVG_POINTS, mapSvg } from './map-svg';
import type { MapSvgInput } from './map-svg';
import { parseProjection } from './projection-import';

const points: ProjectionPoints = {
  projectionId: 'p1', runId: 'run 1', datasetId: 'fashion-mnist', split: 'validation', method: 'umap', count: 3, total: 3, dim: 2, generative: false,
  indices: Int32Array.from([0, 5, 10]), labels: Uint8Array.from([0, 1, 2]), errors: Float32Array.from([0.5, 0.25, 0.125]), codes: Float32Array.from([1, 2, 3, 4, 5, 6]),
};

describe('exports', () => {
  it('writes the selection as CSV with class names (quoted when needed) and codes', () => {
    expect(selectionCsv(points, Int32Array.from([1, 2]), ['T-shirt', 'Trouser, long', 'Pullover'])).toBe(
      'index,label,error,z1,z2\n5,"Trouser, long",0.25,3,4\n10,Pullover,0.125,5,6\n',
    );
    expect(selectionCsv({ ...points, labels: null }, Int32Array.from([0]), null)).toBe('index,label,error,z1,z2\n0,,0.5,1,2\n');
  });

  it('writes every point’s coordinates in the format the import reads back', () => {
    const coords = Float32Array.from([0.5, -1, 2, 3, 4.25, 5]);
    const csv = coordsCsv(points, coords, null);
    expect(csv).toBe('index,label,x,y\n0,0,0.5,-1\n5,1,2,3\n10,2,4.25,5\n');
    const back = parseProjection(csv);
    expect('coords' in back && Array.from(back.coords)).toEqual(Array.from(coords));
  });

  it('writes an NPY 1.0 file of structured records: index, label, code', () => {
    const bytes = selectionNpy(points, Int32Array.from([2, 0]));
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    const view = new DataView(bytes.buffer);
    const headerLength = view.getUint16(8, true);
    const header = new TextDecoder().decode(bytes.subarray(10, 10 + headerLength));
    expect(header).toContain("'descr': [('index', '<i4'), ('label', '|u1'), ('code', '<f4', (2,))]");
    expect(header).toContain("'shape': (2,)");
    expect((10 + headerLength) % 64).toBe(0);
    expect(header.endsWith('\n')).toBe(true);
    const data = 10 + headerLength;
    expect(bytes.length).toBe(data + 2 * 13);
    expect([view.getInt32(data, true), view.getUint8(data + 4), view.getFloat32(data + 5, true), view.getFloat32(data + 9, true)]).toEqual([10, 2, 5, 6]);
    expect([view.getInt32(data + 13, true), view.getUint8(data + 17), view.getFloat32(data + 18, true)]).toEqual([0, 0, 1]);
  });

  it('names files safely', () => {
    expect(exportName(points, 'selection', 'csv')).toBe('run_1-umap-validation-selection.csv');
  });
});

describe('the map as SVG', () => {
  const input = (count: number): MapSvgInput => ({
    width: 100, height: 100, margin: { left: 10, top: 10, right: 10, bottom: 10 }, ticks: { x: [{ offset: 50, label: '0' }], y: [] }, titles: ['UMAP 1', 'UMAP <2>'],
    scales: { x: scaleLinear().domain([0, 1]).range([0, 100]), y: scaleLinear().domain([0, 1]).range([100, 0]) },
    coords: Float32Array.from({ length: count * 2 }, (_, i) => (i % 7) / 7), bins: new Uint8Array(count), palette: ['#123456'], visible: null, pointSize: 4, opacity: 0.5,
    raster: () => 'data:image/png;base64,AAAA',
  });

  it('draws a small map as circles, with axes and escaped titles', () => {
    const svg = mapSvg(input(10));
    expect(svg.match(/<circle /g)).toHaveLength(10);
    expect(svg).toContain('fill="#123456"');
    expect(svg).toContain('UMAP &lt;2&gt;');
    expect(svg).not.toContain('<image');
  });

  it('embeds a large map as a raster', () => {
    const svg = mapSvg(input(MAX_SVG_POINTS + 1));
    expect(svg).not.toContain('<circle');
    expect(svg).toContain('<image href="data:image/png;base64,AAAA"');
  });
});

describe('importing a projection', () => {
  it('reads headerless CSV and TSV with a header, in any column order', () => {
    const csv = parseProjection('1,2\n3,4\n5,6\n');
    expect('coords' in csv && Array.from(csv.coords)).toEqual([1, 2, 3, 4, 5, 6]);
    const tsv = parseProjection('label\ty\tx\r\n7\t2\t1\r\n8\t4\t3\r\n9\t6\t5\r\n');
    expect('coords' in tsv && Array.from(tsv.coords)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('refuses what is not a projection, in one sentence that says what to do', () => {
    expect(parseProjection('')).toEqual({ problem: 'The file is empty; give one x, y row per image.' });
    expect(parseProjection('a,b\n1,2\n')).toEqual({ problem: 'The header names the columns a, b; name the coordinate columns x and y.' });
    expect(parseProjection('x,y\n1,2\n3,four\n5,6\n')).toEqual({ problem: 'Line 3: "four" is not a number; x and y must be numbers.' });
    expect(parseProjection('1,2\n3\n5,6\n')).toEqual({ problem: 'Line 2 has no y value; every row needs x and y.' });
    expect(parseProjection('1,2\n3,4\n')).toEqual({ problem: 'The file has 2 rows; a map needs at least 3.' });
  });
});

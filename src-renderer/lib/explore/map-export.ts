/**
 * What the Explore view exports, as files: the selection (dataset indices, labels, errors and
 * codes) as CSV or as one NPY array numpy reads directly (a structured dtype with the fields
 * `index`, `label` and `code`), and the map's coordinates as CSV.
 */
import type { ProjectionPoints } from '../../../src-main/protocol';

/** A label cell: the class name where the dataset has names, else the number, else empty. */
function labelCell(labels: Uint8Array | null, position: number, classNames: readonly string[] | null): string {
  if (!labels) return '';
  const label = labels[position]!;
  return csvCell(classNames?.[label] ?? String(label));
}

/** A CSV field, quoted when it needs to be (RFC 4180). */
function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The selected points as CSV: index, label, error, then z1…zd. */
export function selectionCsv(points: ProjectionPoints, positions: Int32Array, classNames: readonly string[] | null): string {
  const { dim, codes } = points;
  const header = ['index', 'label', 'error', ...Array.from({ length: dim }, (_, d) => `z${d + 1}`)].join(',');
  const rows = Array.from(positions, (p) => {
    const code = Array.from(codes.subarray(p * dim, (p + 1) * dim), (v) => String(v));
    return [String(points.indices[p]), labelCell(points.labels, p, classNames), String(points.errors[p]), ...code].join(',');
  });
  return [header, ...rows].join('\n') + '\n';
}

/** Every shown point's map coordinates as CSV: index, label, x, y (the import's format). */
export function coordsCsv(points: ProjectionPoints, coords: Float32Array, classNames: readonly string[] | null): string {
  const rows = Array.from(points.indices, (index, p) => [String(index), labelCell(points.labels, p, classNames), String(coords[2 * p]), String(coords[2 * p + 1])].join(','));
  return ['index,label,x,y', ...rows].join('\n') + '\n';
}

/** The selected points as an NPY file (format 1.0): one record per point with its dataset
 * index (int32), label (uint8; 255 for an unlabelled dataset) and code (float32 × dim). */
export function selectionNpy(points: ProjectionPoints, positions: Int32Array): Uint8Array<ArrayBuffer> {
  const { dim, codes } = points;
  const descr = `[('index', '<i4'), ('label', '|u1'), ('code', '<f4', (${dim},))]`;
  let header = `{'descr': ${descr}, 'fortran_order': False, 'shape': (${positions.length},), }`;
  // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n
  const unpadded = 10 + header.length + 1;
  header += ' '.repeat((64 - (unpadded % 64)) % 64) + '\n';
  const record = 4 + 1 + 4 * dim;
  const bytes = new Uint8Array(10 + header.length + record * positions.length);
  bytes.set([0x93, ...Array.from('NUMPY', (c) => c.charCodeAt(0)), 1, 0], 0);
  const view = new DataView(bytes.buffer);
  view.setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) bytes[10 + i] = header.charCodeAt(i);
  let offset = 10 + header.length;
  for (const p of positions) {
    view.setInt32(offset, points.indices[p]!, true);
    view.setUint8(offset + 4, points.labels ? points.labels[p]! : 255);
    for (let d = 0; d < dim; d++) view.setFloat32(offset + 5 + 4 * d, codes[p * dim + d]!, true);
    offset += record;
  }
  return bytes;
}

/** A file name for an export: "<run>-<method>-<what>.<ext>", safe on every file system. */
export function exportName(points: Pick<ProjectionPoints, 'runId' | 'method' | 'split'>, what: string, extension: string): string {
  return `${points.runId}-${points.method}-${points.split}-${what}.${extension}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

/** Which file each of the Explore map's data exports produces: name, bytes and MIME type. */
import type { ProjectionPoints } from '../../../src-main/protocol';
import { coordsCsv, exportName, selectionCsv, selectionNpy } from './map-export';

/** The exports made from the points alone (the picture exports need the drawn map). */
export type DataExport = 'selection-csv' | 'selection-npy' | 'coords-csv';

/** A file to hand to the browser's download. */
export interface ExportFile {
  name: string;
  data: BlobPart;
  type: string;
}

/** The file for `what`: the selection (empty without one) or every point's map coordinates. */
export function dataExportFile(
  what: DataExport,
  points: ProjectionPoints,
  coords: Float32Array,
  selection: Int32Array | null,
  classNames: readonly string[] | null,
): ExportFile {
  const chosen = selection ?? new Int32Array(0);
  switch (what) {
    case 'selection-csv':
      return { name: exportName(points, 'selection', 'csv'), data: selectionCsv(points, chosen, classNames), type: 'text/csv' };
    case 'selection-npy':
      return { name: exportName(points, 'selection', 'npy'), data: selectionNpy(points, chosen), type: 'application/octet-stream' };
    case 'coords-csv':
      return { name: exportName(points, 'coords', 'csv'), data: coordsCsv(points, coords, classNames), type: 'text/csv' };
  }
}

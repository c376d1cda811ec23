/**
 * Reads a 2-D projection computed elsewhere: CSV or TSV (the delimiter is a tab when the first
 * line holds one), one row per image of the split in dataset order, with columns x, y and
 * optionally label. A header row is optional; with one, the columns named x and y are used
 * (so the map's own coordinates CSV reads back), without one the first two columns.
 */

/** The coordinates, or the one sentence that says what is wrong and how to fix it. */
export type ParsedProjection = { coords: Float32Array; rows: number } | { problem: string };

/** Largest file read: 70,000 rows of a few numbers fit comfortably. */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

/** Parses the text of a projection file. */
export function parseProjection(text: string): ParsedProjection {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return { problem: 'The file is empty; give one x, y row per image.' };
  const delimiter = lines[0]!.includes('\t') ? '\t' : ',';
  const split = (line: string): string[] => line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
  const first = split(lines[0]!);
  const headed = first.some((cell) => cell !== '' && !Number.isFinite(Number(cell)));
  let xColumn = 0;
  let yColumn = 1;
  if (headed) {
    const names = first.map((cell) => cell.toLowerCase());
    xColumn = names.indexOf('x');
    yColumn = names.indexOf('y');
    if (xColumn < 0 || yColumn < 0) return { problem: `The header names the columns ${first.join(', ')}; name the coordinate columns x and y.` };
  }
  const rows = lines.slice(headed ? 1 : 0);
  const coords = new Float32Array(rows.length * 2);
  for (let r = 0; r < rows.length; r++) {
    const cells = split(rows[r]!);
    const line = r + (headed ? 2 : 1);
    for (const [axis, column] of [[0, xColumn], [1, yColumn]] as const) {
      const cell = cells[column];
      if (cell === undefined || cell === '') return { problem: `Line ${line} has no ${axis === 0 ? 'x' : 'y'} value; every row needs x and y.` };
      const value = Number(cell);
      if (!Number.isFinite(value) || Math.abs(value) > 3.4e38) return { problem: `Line ${line}: "${cell.slice(0, 40)}" is not a number; x and y must be numbers.` };
      coords[2 * r + axis] = value;
    }
  }
  if (rows.length < 3) return { problem: `The file has ${rows.length} rows; a map needs at least 3.` };
  return { coords, rows: rows.length };
}

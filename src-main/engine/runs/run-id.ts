/** Run ids: sortable by start time, unique enough to name a folder. */
import { randomBytes } from 'node:crypto';

/** e.g. "20261127-001512-3f9a": UTC start time, then 4 random hex digits. */
export function newRunId(date = new Date()): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * tfjs-node 4.22 calls `util.isNullOrUndefined` (and `util.isArray`), which Node 23+
 * removed; Electron's Node is newer, so the native backend would crash there without this.
 */
import { createRequire } from 'node:module';

const nodeRequire = createRequire(import.meta.url);

/** Defines the removed `util` helpers tfjs-node needs on `util` (Node's by default); returns those it added. */
export function ensureNodeUtilShims(util: Record<string, unknown> = nodeRequire('node:util')): string[] {
  const added: string[] = [];
  if (typeof util['isNullOrUndefined'] !== 'function') {
    util['isNullOrUndefined'] = (value: unknown): boolean => value === null || value === undefined;
    added.push('isNullOrUndefined');
  }
  if (typeof util['isArray'] !== 'function') {
    util['isArray'] = Array.isArray;
    added.push('isArray');
  }
  return added;
}

/** Requests for exports and imports. */
import type { exportMethods } from '../../protocol/export';
import type { AreaHandlers, EngineContext } from '../engine-context';

export function exportHandlers(context: EngineContext): AreaHandlers<keyof typeof exportMethods> {
  void context;
  return {};
}

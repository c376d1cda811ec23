/** Requests of the Data view. */
import type { datasetMethods } from '../../protocol/datasets';
import type { AreaHandlers, EngineContext } from '../engine-context';

export function datasetHandlers(context: EngineContext): AreaHandlers<keyof typeof datasetMethods> {
  void context;
  return {};
}

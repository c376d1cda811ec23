/** Requests of the Reconstructions and Anomalies views. */
import type { anomalyMethods } from '../../../protocol/anomalies';
import type { AreaHandlers, EngineContext } from '../../engine-context';

export function anomalyHandlers(context: EngineContext): AreaHandlers<keyof typeof anomalyMethods> {
  void context;
  return {};
}

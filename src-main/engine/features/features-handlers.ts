/** Requests of the Features view. */
import type { featuresMethods } from '../../protocol/features';
import type { AreaHandlers, EngineContext } from '../engine-context';

export function featuresHandlers(context: EngineContext): AreaHandlers<keyof typeof featuresMethods> {
  void context;
  return {};
}

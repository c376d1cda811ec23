/** Requests of the Generate view. */
import type { generateMethods } from '../../protocol/generate';
import type { AreaHandlers, EngineContext } from '../engine-context';

export function generateHandlers(context: EngineContext): AreaHandlers<keyof typeof generateMethods> {
  void context;
  return {};
}

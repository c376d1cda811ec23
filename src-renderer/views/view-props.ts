/** What every view receives from the shell. */
import type { WorkbenchApi } from '../../src-main/protocol';
import type { EngineState } from '../lib/state/engine-state.svelte';

/** Props of a view component. */
export interface ViewProps {
  /** the engine's API; which transport carries it is none of the view's business */
  api: WorkbenchApi;
  /** backend, engine status and reachability */
  engine: EngineState;
}

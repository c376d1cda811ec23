/**
 * What an area's request handlers may use from the engine, and the shape they export. Each
 * view's area (datasets, anomalies, features, generate, export) keeps its handlers in its
 * own folder; the engine merges them.
 */
import type { AreaMethodName, EventName, EventPayload, MethodResult, ValidParams } from '../protocol';
import type { BackendChoice } from './backend';
import type { DatasetRegistry } from './data/registry';
import type { RunModels } from './inference/run-models';
import type { RunStore } from './runs/run-store';

/** Sends an event to whoever hosts the engine. */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface EngineContext {
  backend: BackendChoice;
  dataDir: string;
  datasets: DatasetRegistry;
  runs: RunStore;
  runModels: RunModels;
  emit: EventSink;
  /** the run being trained now, if any */
  activeRunId(): string | null;
}

/** Handlers for some of the area methods: validated params in, a result the contract checks out. */
export type AreaHandlers<M extends AreaMethodName> = {
  [K in M]: (params: ValidParams<K>) => Promise<MethodResult<K>>;
};

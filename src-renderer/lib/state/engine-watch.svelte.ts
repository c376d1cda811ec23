/**
 * Effects views share to follow the engine: list again when it changes, give up on jobs a
 * restarted engine has forgotten. Call them while a component initialises, like $effect; the
 * engine comes as a getter, so a view's prop is read inside the effect (where it is tracked).
 */
import { untrack } from 'svelte';
import type { EngineState } from './engine-state.svelte';

/**
 * Calls `load` when the engine becomes reachable, after a reconnect and whenever its state
 * changes: a run that just finished, or started, is one more to offer.
 */
export function relistOnEngineChange(getEngine: () => EngineState, load: () => void): void {
  // the state's name, not the status object: a pause or resume replaces the object only
  const state = $derived(getEngine().status?.state);
  $effect(() => {
    const engine = getEngine();
    if (!engine.reachable) return;
    void engine.connection?.generation;
    void state;
    untrack(load);
  });
}

/** True for the engine states in which its jobs are lost: restarting after a crash, or given up. */
function engineLost(state: string | undefined): boolean {
  return state === 'restarting' || state === 'failed';
}

/** Calls `abandon` when the engine restarts or gives up: the jobs it ran are gone. */
export function onEngineRestart(getEngine: () => EngineState, abandon: () => void): void {
  $effect(() => {
    if (engineLost(getEngine().status?.state)) untrack(abandon);
  });
}

/** Calls `resync` when serve mode's socket opens again after a drop: the events sent while it
 * was down are lost, so whatever waited for one must check where it stands. */
export function onReconnect(getEngine: () => EngineState, resync: () => void): void {
  let seen = untrack(() => getEngine().connection?.generation ?? 0);
  $effect(() => {
    const generation = getEngine().connection?.generation ?? 0;
    if (generation <= seen) return;
    // the first open is a connection, not a reconnection
    const reconnected = seen > 0;
    seen = generation;
    if (reconnected) untrack(resync);
  });
}

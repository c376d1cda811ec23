/**
 * The Features view's state outlives the view (the shell re-creates views on every visit):
 * an experiment keeps running and its results stay while another view is open. One set per
 * API object, made in its own effect root so its deriveds do not die with the view.
 */
import { ProbeSession } from './probe-session.svelte';
import type { ProbeApi } from './probe-session.svelte';
import { ProbeSettings } from './probe-settings.svelte';
import { UnitInspector } from './unit-inspector.svelte';
import type { UnitApi } from './unit-inspector.svelte';

/** Everything the Features view keeps. */
export interface KeptFeatures {
  session: ProbeSession;
  settings: ProbeSettings;
  units: UnitInspector;
}

const kept = new WeakMap<object, KeptFeatures>();

/** The Features state for `api`, the same object on every call. */
export function keptFeatures(api: ProbeApi & UnitApi): KeptFeatures {
  let state = kept.get(api);
  if (!state) {
    const make = (): KeptFeatures => ({ session: new ProbeSession(api), settings: new ProbeSettings(), units: new UnitInspector(api) });
    let made: KeptFeatures | undefined;
    $effect.root(() => void (made = make()));
    // server-side Svelte (the unit tests) runs no effects
    state = made ?? make();
    kept.set(api, state);
  }
  return state;
}

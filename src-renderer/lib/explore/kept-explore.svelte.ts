/**
 * The Explore view's state outlives the view: the shell re-creates a view on every visit, and
 * a map (with its pins and selection) should still be there after a look at another view.
 * One set per API object, created on first use inside its own effect root, so its deriveds
 * do not die with the view that happened to create them.
 */
import { EmbeddingSession } from './embedding-session.svelte';
import type { EmbeddingApi } from './embedding-session.svelte';
import { EmbeddingSettings } from './embedding-settings.svelte';
import { ExploreImages } from './explore-images.svelte';
import { ExploreSession } from './explore-session.svelte';
import type { ExploreApi } from './explore-session.svelte';
import { ExploreSettings } from './explore-settings.svelte';
import type { ImagesApi } from './image-bank';
import { MapState } from './map-state.svelte';

/** Everything the Explore view keeps. */
export interface KeptExplore {
  session: ExploreSession;
  images: ExploreImages;
  settings: ExploreSettings;
  map: MapState;
  /** an embedding file explored without a model, and its form */
  embedding: EmbeddingSession;
  embeddingSettings: EmbeddingSettings;
}

const kept = new WeakMap<object, KeptExplore>();

/** The Explore state for `api`, the same object on every call. */
export function keptExplore(api: ExploreApi & ImagesApi & EmbeddingApi): KeptExplore {
  let state = kept.get(api);
  if (!state) {
    const make = (): KeptExplore => ({
      session: new ExploreSession(api),
      images: new ExploreImages(api),
      settings: new ExploreSettings(),
      map: new MapState(),
      embedding: new EmbeddingSession(api),
      embeddingSettings: new EmbeddingSettings(),
    });
    let made: KeptExplore | undefined;
    $effect.root(() => void (made = make()));
    // server-side Svelte (the unit tests) runs no effects, and has no owners to outlive
    state = made ?? make();
    kept.set(api, state);
  }
  return state;
}

/** The sidebar's views. Adding a view is adding one entry here. */
import type { Component } from 'svelte';
import AnomaliesView from './AnomaliesView.svelte';
import DataView from './DataView.svelte';
import DrawView from './DrawView.svelte';
import ExploreView from './ExploreView.svelte';
import FeaturesView from './FeaturesView.svelte';
import GenerateView from './GenerateView.svelte';
import ReconstructionsView from './ReconstructionsView.svelte';
import RunsView from './RunsView.svelte';
import TrainView from './TrainView.svelte';
import type { ViewProps } from './view-props';

/** A view the shell can show. */
export interface ViewEntry {
  /** stable id, also the URL hash (`#/train`) */
  id: string;
  /** the sidebar entry's text and the view's accessible name */
  label: string;
  component: Component<ViewProps>;
}

/** Every built view, in sidebar order; unbuilt views are left out, not linked. */
export const VIEWS: readonly ViewEntry[] = [
  { id: 'train', label: 'Train', component: TrainView },
  { id: 'runs', label: 'Runs', component: RunsView },
  { id: 'draw', label: 'Draw', component: DrawView },
  { id: 'explore', label: 'Explore', component: ExploreView },
  { id: 'reconstructions', label: 'Reconstructions', component: ReconstructionsView },
  { id: 'anomalies', label: 'Anomalies', component: AnomaliesView },
  { id: 'generate', label: 'Generate', component: GenerateView },
  { id: 'features', label: 'Features', component: FeaturesView },
  { id: 'data', label: 'Data', component: DataView },
];

/** Renderer entry: finds the WorkbenchApi and mounts the shell. */
import './lib/zod-jitless';
import { mount } from 'svelte';
import App from './App.svelte';
import FatalError from './components/FatalError.svelte';
import { acquireApi, currentPage } from './lib/api/acquire-api';
import type { ApiHandle } from './lib/api/acquire-api';
import './theme.css';
import './charts.css';

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element.');

let handle: ApiHandle | null = null;
try {
  handle = acquireApi(currentPage());
} catch (error) {
  // no API means nothing works; say why instead of leaving a blank window
  mount(FatalError, { target, props: { message: (error as Error).message } });
}
if (handle) mount(App, { target, props: { handle } });

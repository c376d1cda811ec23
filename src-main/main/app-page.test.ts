// What counts as the app's own page, for navigation and IPC sender checks.
import { describe, expect, it } from 'vitest';
import { appPageUrl, isAppPage } from './app-page';

const PAGE = appPageUrl(undefined);

describe('isAppPage', () => {
  it('is the bundle page, with any query or hash', () => {
    expect(PAGE).toBe('app://workbench/index.html');
    expect(isAppPage('app://workbench/index.html', PAGE)).toBe(true);
    expect(isAppPage('app://workbench/index.html?token=1#/draw', PAGE)).toBe(true);
  });

  it.each([
    'app://workbench/',
    'app://workbench/assets/index.js',
    'app://evil/index.html',
    'app://workbench:8080/index.html',
    'app://user@workbench/index.html',
    // custom schemes all share the origin "null": the scheme itself must match
    'evil://workbench/index.html',
    'file:///index.html',
    'https://workbench/index.html',
    'about:blank',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(isAppPage(url, PAGE)).toBe(false);
  });

  it('is the dev server page while developing', () => {
    const dev = appPageUrl('http://localhost:5173/');
    expect(isAppPage('http://localhost:5173/#/runs', dev)).toBe(true);
    expect(isAppPage('http://localhost:5174/', dev)).toBe(false);
    expect(isAppPage(PAGE, dev)).toBe(false);
  });
});

/**
 * Where the app's own page lives: `app://workbench/index.html`, served from the renderer
 * bundle by the `app:` protocol, or, in an unpackaged app started by `electron-vite dev`,
 * the dev server's page. Every navigation, IPC sender and permission check compares with it.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'workbench';
const BUILT_PAGE = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** The page to load: the dev server's only when one is given (never in a packaged app). */
export function appPageUrl(devServerUrl: string | undefined): string {
  return devServerUrl ?? BUILT_PAGE;
}

/**
 * True when `url` is `page` itself (any query or hash): same scheme, host, port and path, no
 * credentials. Compared part by part: URL.origin is "null" for every custom scheme alike.
 */
export function isAppPage(url: string, page: string): boolean {
  let actual: URL;
  try {
    actual = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(page);
  return (
    actual.protocol === expected.protocol &&
    actual.host === expected.host &&
    actual.pathname === expected.pathname &&
    actual.username === '' &&
    actual.password === ''
  );
}

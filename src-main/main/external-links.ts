/**
 * The links the app may hand to the user's browser (shell.openExternal): https on the
 * default port, no credentials, an exact host from the list and a path under its prefix.
 * Hosts are compared after the URL parser's IDNA mapping, so look-alike Unicode hosts
 * arrive as punycode and match nothing; the normalised URL is what gets opened.
 */

const ALLOWED: readonly { host: string; path: string }[] = [
  { host: 'www.tensorflow.org', path: '/' },
  { host: 'js.tensorflow.org', path: '/' },
  { host: 'github.com', path: '/tensorflow/' },
  { host: 'github.com', path: '/zalandoresearch/' },
  { host: 'umap-learn.readthedocs.io', path: '/' },
];

/** The normalised URL when `raw` may be opened outside the app, else null. */
export function allowedExternalUrl(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.port !== '' || url.username !== '' || url.password !== '') return null;
  const listed = ALLOWED.some((entry) => url.hostname === entry.host && url.pathname.startsWith(entry.path));
  return listed ? url.href : null;
}

/** Works out serve mode's WebSocket URL and access token from the page's own address. */
import { WEBSOCKET_PATH } from '../../../src-main/protocol';

const TOKEN_KEY = 'latent-workbench.token';

/** The bits of `location` this needs. */
export interface PageLocation {
  protocol: string;
  host: string;
  search: string;
}

/** The bits of `sessionStorage` this needs. */
export type TokenStorage = Pick<Storage, 'getItem' | 'setItem'>;

/**
 * The token from `?token=`, remembered in session storage so a reload without the query
 * still connects; storage may be missing or throw (privacy modes), which only loses that.
 */
export function resolveToken(search: string, storage: TokenStorage | null): string | null {
  const fromQuery = new URLSearchParams(search).get('token');
  try {
    if (fromQuery) storage?.setItem(TOKEN_KEY, fromQuery);
    return fromQuery || storage?.getItem(TOKEN_KEY) || null;
  } catch {
    return fromQuery || null;
  }
}

/** `ws(s)://host/ws?token=…`, on the same host that served the page. */
export function websocketUrl(location: PageLocation, token: string | null): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = token ? `?token=${encodeURIComponent(token)}` : '';
  return `${scheme}://${location.host}${WEBSOCKET_PATH}${query}`;
}

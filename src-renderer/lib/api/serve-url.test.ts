import { describe, expect, it } from 'vitest';
import { resolveToken, websocketUrl } from './serve-url';
import type { TokenStorage } from './serve-url';

function memoryStorage(): TokenStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('resolveToken', () => {
  it('takes the token from the query and remembers it for a reload', () => {
    const storage = memoryStorage();
    expect(resolveToken('?token=s3cret', storage)).toBe('s3cret');
    expect(resolveToken('', storage)).toBe('s3cret');
  });

  it('prefers a new query token over the remembered one', () => {
    const storage = memoryStorage();
    resolveToken('?token=old', storage);
    expect(resolveToken('?token=new', storage)).toBe('new');
    expect(resolveToken('', storage)).toBe('new');
  });

  it('survives storage that is missing or throws', () => {
    const throwing: TokenStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
    };
    expect(resolveToken('?token=t', throwing)).toBe('t');
    expect(resolveToken('', throwing)).toBeNull();
    expect(resolveToken('?token=t', null)).toBe('t');
  });
});

describe('websocketUrl', () => {
  it('uses ws on http and wss on https, same host, with the token encoded', () => {
    expect(websocketUrl({ protocol: 'http:', host: '127.0.0.1:5173', search: '' }, 'a b')).toBe('ws://127.0.0.1:5173/ws?token=a%20b');
    expect(websocketUrl({ protocol: 'https:', host: 'gpu.example:443', search: '' }, 't')).toBe('wss://gpu.example:443/ws?token=t');
  });

  it('leaves the query out when there is no token', () => {
    expect(websocketUrl({ protocol: 'http:', host: 'h', search: '' }, null)).toBe('ws://h/ws');
  });
});

/** `{ path }` when the Electron binary is there (or could be fetched), else `{ path: null, why }`. */
export function electronBinary(): { path: string; why: '' } | { path: null; why: string };

// A minimal AsyncKeyValueStore over HTTP with fetch, as a zarr store reads a remote array:
// GET baseUrl + key, 404 → undefined, any other failure an error.

import type { AsyncKeyValueStore } from '../ports.js';

export interface HttpStore extends AsyncKeyValueStore {
  readonly baseUrl: string;
  /** The URL a key is read from (each '/'-separated part percent-encoded). */
  url(key: string): string;
  get(key: string, init?: RequestInit): Promise<Uint8Array | undefined>;
}

export function httpStore(baseUrl: string): HttpStore {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const url = (key: string) =>
    new URL(key.replace(/^\/+/, '').split('/').map(encodeURIComponent).join('/'), base).href;
  return {
    baseUrl: base,
    url,
    async get(key, init) {
      const res = await fetch(url(key), init);
      if (res.status === 404) {
        await res.body?.cancel();
        return undefined;
      }
      if (!res.ok) {
        await res.body?.cancel();
        throw new Error(`GET ${url(key)}: HTTP ${res.status}`);
      }
      return new Uint8Array(await res.arrayBuffer());
    },
  };
}

// isomorphic-git's `http` plugin on top of an HttpClient, so git traffic gets the same retry,
// timeouts, credentials and logging as LFS traffic.

import type { GitHttpRequest, GitHttpResponse, HttpClient as GitHttpClient } from 'isomorphic-git';
import { RemoteError, isAuthFailure } from '../errors.js';
import type { HttpClient } from '../http/types.js';

async function* empty(): AsyncIterableIterator<Uint8Array> {}

async function* iterate(body: AsyncIterable<Uint8Array>): AsyncIterableIterator<Uint8Array> {
  yield* body;
}

/** git's request bodies are small (a list of wants and haves, or a pack): read them whole, so a failed request can be sent again. */
async function collect(body: AsyncIterableIterator<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of body) {
    parts.push(part);
    length += part.length;
  }
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * The adapter. The HttpClient throws RemoteError for statuses ≥ 400; isomorphic-git expects a
 * response with the status, so those become responses, except auth failures: they are thrown as
 * they are, because isomorphic-git would report them as a bare "HTTP Error: 401".
 */
export function gitHttp(client: HttpClient): GitHttpClient {
  return {
    async request(req: GitHttpRequest): Promise<GitHttpResponse> {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
      const method = req.method ?? 'GET';
      try {
        const response = await client({
          method,
          url: req.url,
          headers,
          ...(req.body ? { body: await collect(req.body) } : {}),
        });
        const out: Record<string, string> = {};
        for (const name of ['content-type', 'content-length', 'location', 'www-authenticate']) {
          const value = response.headers.get(name);
          if (value !== null) out[name] = value;
        }
        return { url: response.url, method, statusCode: response.status, statusMessage: '', headers: out, body: iterate(response.body) };
      } catch (err) {
        if (isAuthFailure(err)) throw err;
        const status = err instanceof RemoteError ? err.data['status'] : undefined;
        if (typeof status !== 'number') throw err;
        return { url: req.url, method, statusCode: status, statusMessage: err instanceof Error ? err.message : '', headers: {}, body: empty() };
      }
    },
  };
}

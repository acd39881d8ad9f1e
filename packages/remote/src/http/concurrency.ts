// At most N requests in flight. A request holds its place from sending until its response body
// has been read, has failed or was cancelled, so N bounds transfers, not just header exchanges.
// Below retry in the stack: a request waiting to retry gives its place to others.

import type { HttpClient } from './types.js';
import { withBody } from './response.js';
import { createSemaphore, type Semaphore } from './semaphore.js';

/** `limit` is a number (a semaphore of its own) or a semaphore shared with other clients. */
export function withConcurrency(client: HttpClient, limit: number | Semaphore): HttpClient {
  const semaphore = typeof limit === 'number' ? createSemaphore(limit) : limit;
  return async (request) => {
    const release = await semaphore.acquire(request.signal);
    let response;
    try {
      response = await client(request);
    } catch (err) {
      release();
      throw err;
    }
    return withBody(response, (body) => body, release);
  };
}

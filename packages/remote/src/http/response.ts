// Reading and replacing response bodies. Wrappers that need to see a body go by (stall
// detection, releasing a concurrency slot) replace it with `withBody`.

import { RemoteError } from '../errors.js';
import type { HttpResponse } from './types.js';

/**
 * The same response with another body. `done` runs once, when the new body ends, fails or is
 * cancelled, or when cancel() is called before it is read.
 */
export function withBody(
  response: HttpResponse,
  wrap: (body: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>,
  done?: () => void,
): HttpResponse {
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done?.();
  };
  const inner = wrap(response.body);
  const body: AsyncIterable<Uint8Array> = {
    async *[Symbol.asyncIterator]() {
      try {
        yield* inner;
      } finally {
        finish();
      }
    },
  };
  return {
    status: response.status,
    url: response.url,
    headers: response.headers,
    body,
    async cancel() {
      try {
        await response.cancel();
      } finally {
        finish();
      }
    },
  };
}

/** The whole body as text; more than `limit` bytes is a protocol error. */
export async function readText(response: HttpResponse, limit = 16 * 1024 * 1024): Promise<string> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of response.body) {
    length += part.length;
    if (length > limit) {
      await response.cancel();
      throw new RemoteError('EPROTOCOL', `a response body over ${limit} bytes where a small one was expected`, { limit });
    }
    parts.push(part);
  }
  const all = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return new TextDecoder().decode(all);
}

/** The whole body parsed as JSON; `what` names it in the error when it is not JSON. */
export async function readJson(response: HttpResponse, what: string): Promise<unknown> {
  const text = await readText(response);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RemoteError('EPROTOCOL', `${what}: the server's answer is not JSON`, { status: response.status });
  }
}

/** Read and drop the body, so the connection and any slot it holds are freed. */
export async function discard(response: HttpResponse): Promise<void> {
  await response.cancel();
}

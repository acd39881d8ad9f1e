// The transport under every wrapper: one request through `fetch`. Statuses of 400 and up become
// RemoteErrors (with the server's message when it gave one); failures of fetch itself become
// ENETWORK, or the reason of the abort when a wrapper or the caller aborted.

import { RemoteError } from '../errors.js';
import { isReplayableBody } from './body.js';
import { describeUrl } from './describe-url.js';
import { errorForStatus } from './status.js';
import type { FetchLike, HttpBody, HttpClient, HttpRequest, HttpResponse } from './types.js';

// Enough of an error body for its message; the rest is dropped unread.
const ERROR_BODY_LIMIT = 8 * 1024;

export interface FetchClientDeps {
  fetch: FetchLike;
}

/** The error to throw when something failed while `signal` may have been aborted. */
function failure(err: unknown, request: HttpRequest, what: string): RemoteError {
  const signal = request.signal;
  if (signal?.aborted) {
    if (signal.reason instanceof RemoteError) return signal.reason;
    return new RemoteError('EABORTED', `${request.method} ${describeUrl(request.url)}: aborted`, { url: describeUrl(request.url) }, { cause: signal.reason });
  }
  if (err instanceof RemoteError) return err;
  const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  return new RemoteError(
    'ENETWORK',
    `${request.method} ${describeUrl(request.url)}: ${what}${code ? ` (${code})` : ''}`,
    { url: describeUrl(request.url), ...(code ? { cause: code } : {}) },
    { cause: err },
  );
}

function toStream(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): ReadableStream<Uint8Array> {
  let it: AsyncIterator<Uint8Array> | Iterator<Uint8Array> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      it ??= Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
      const step = await it.next();
      if (step.done) controller.close();
      else controller.enqueue(step.value);
    },
    async cancel() {
      await it?.return?.();
    },
  }, { highWaterMark: 0 });
}

function fetchBody(body: HttpBody | undefined, headers: Record<string, string>): { body?: BodyInit; streamed: boolean } {
  if (body === undefined) return { streamed: false };
  if (typeof body === 'string') return { body, streamed: false };
  // Typed arrays over a plain ArrayBuffer are what fetch takes; the DOM typings want it said.
  if (body instanceof Uint8Array) return { body: body as Uint8Array<ArrayBuffer>, streamed: false };
  if (isReplayableBody(body)) {
    if (body.length !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
    return { body: toStream(body.open()), streamed: true };
  }
  return { body: toStream(body), streamed: true };
}

function bodyOf(response: Response, request: HttpRequest): AsyncIterable<Uint8Array> {
  return {
    async *[Symbol.asyncIterator]() {
      if (!response.body) return;
      const reader = response.body.getReader();
      let complete = false;
      try {
        for (;;) {
          let step: ReadableStreamReadResult<Uint8Array>;
          try {
            step = await reader.read();
          } catch (err) {
            throw failure(err, request, 'the connection broke while receiving the response');
          }
          if (step.done) break;
          yield step.value;
        }
        complete = true;
      } finally {
        // Stopped early (cancel, an error downstream): drop the rest, freeing the connection.
        if (!complete) await reader.cancel().catch(() => {});
        reader.releaseLock();
      }
    },
  };
}

async function errorBody(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    while (length < ERROR_BODY_LIMIT) {
      const step = await reader.read();
      if (step.done) break;
      parts.push(step.value);
      length += step.value.length;
    }
  } catch {
    // The message is optional; the status says enough.
  } finally {
    await reader.cancel().catch(() => {});
  }
  const all = new Uint8Array(Math.min(length, ERROR_BODY_LIMIT));
  let at = 0;
  for (const part of parts) {
    const take = part.subarray(0, all.length - at);
    all.set(take, at);
    at += take.length;
  }
  return new TextDecoder().decode(all);
}

export function createFetchClient({ fetch }: FetchClientDeps): HttpClient {
  return async (request) => {
    const headers = { ...request.headers };
    const { body, streamed } = fetchBody(request.body, headers);
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers,
        body,
        signal: request.signal,
        // Streamed bodies need half duplex in fetch. Redirects are followed; fetch drops the
        // Authorization header when one leads to another origin.
        ...(streamed ? { duplex: 'half' as const } : {}),
        redirect: 'follow',
      });
    } catch (err) {
      throw failure(err, request, 'the request failed');
    }
    if (response.status >= 400) {
      const text = await errorBody(response);
      if (request.signal?.aborted) throw failure(undefined, request, 'aborted');
      throw errorForStatus({
        method: request.method,
        url: request.url,
        status: response.status,
        headers: response.headers,
        body: text,
        authSent: headers.authorization !== undefined,
      });
    }
    const result: HttpResponse = {
      status: response.status,
      url: response.url || request.url,
      headers: response.headers,
      body: bodyOf(response, request),
      async cancel() {
        await response.body?.cancel().catch(() => {});
      },
    };
    return result;
  };
}

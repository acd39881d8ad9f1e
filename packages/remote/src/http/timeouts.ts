// Deadlines, so that no transfer hangs forever. Response headers must come within `headersMs`
// of the last request byte going out (an upload's clock restarts with every piece the transport
// takes); then each read of the body must deliver something within `stallMs`, or the request is
// aborted with ESTALLED. Time the caller spends between reads is not counted.

import { RemoteError } from '../errors.js';
import { isReplayableBody } from './body.js';
import { describeUrl } from './describe-url.js';
import { withBody } from './response.js';
import { follow } from './signals.js';
import type { HttpBody, HttpClient, Timers } from './types.js';

export interface TimeoutOptions {
  /** Default 30 s. */
  headersMs?: number;
  /** Default 30 s. */
  stallMs?: number;
  /** The global setTimeout and clearTimeout when omitted. */
  timers?: Timers;
}

const globalTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

async function* watched(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, onPiece: () => void): AsyncGenerator<Uint8Array> {
  for await (const piece of source) {
    onPiece();
    yield piece;
  }
}

function watchBody(body: HttpBody | undefined, onPiece: () => void): HttpBody | undefined {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body;
  if (isReplayableBody(body)) {
    const open = () => watched(body.open(), onPiece);
    return body.length === undefined ? { open } : { open, length: body.length };
  }
  return watched(body, onPiece);
}

export function withTimeouts(client: HttpClient, { headersMs = 30_000, stallMs = 30_000, timers = globalTimers }: TimeoutOptions = {}): HttpClient {
  return async (request) => {
    const where = `${request.method} ${describeUrl(request.url)}`;
    const controller = new AbortController();
    const unfollow = follow(request.signal, controller);
    let timer: unknown;
    const disarm = () => {
      if (timer !== undefined) timers.clearTimeout(timer);
      timer = undefined;
    };
    const arm = (ms: number, fire: () => void) => {
      disarm();
      timer = timers.setTimeout(fire, ms);
    };
    const headersLate = () =>
      controller.abort(new RemoteError('ETIMEOUT', `${where}: no response within ${seconds(headersMs)}`, { url: describeUrl(request.url), timeoutMs: headersMs }));
    arm(headersMs, headersLate);
    let response;
    try {
      response = await client({
        ...request,
        body: watchBody(request.body, () => arm(headersMs, headersLate)),
        signal: controller.signal,
      });
    } catch (err) {
      disarm();
      unfollow();
      throw err;
    }
    disarm();
    return withBody(
      response,
      (body) => ({
        async *[Symbol.asyncIterator]() {
          const it = body[Symbol.asyncIterator]();
          let hung = false;
          try {
            for (;;) {
              let stalled!: (err: RemoteError) => void;
              const stall = new Promise<never>((_, reject) => (stalled = reject));
              arm(stallMs, () => {
                const err = new RemoteError('ESTALLED', `${where}: the response stalled, nothing arrived for ${seconds(stallMs)}`, { url: describeUrl(request.url), stallMs });
                hung = true;
                controller.abort(err);
                stalled(err);
              });
              let step: IteratorResult<Uint8Array>;
              try {
                // The race matters only for a transport that ignores the abort.
                step = await Promise.race([it.next(), stall]);
              } finally {
                disarm();
                stall.catch(() => {});
              }
              if (step.done) return;
              yield step.value;
            }
          } finally {
            // After a stall the inner read may still be pending; waiting on it could hang.
            if (hung) void it.return?.()?.catch(() => {});
            else await it.return?.();
          }
        },
      }),
      () => {
        disarm();
        unfollow();
      },
    );
  };
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

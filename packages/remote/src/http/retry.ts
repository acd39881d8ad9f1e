// Retry with exponential backoff and equal jitter, for what may succeed later: 429, 500, 502,
// 503, 504, network failures and header timeouts. Retry-After (seconds or an HTTP date) is
// honoured. Requests whose body cannot be produced again (a one-shot stream) are never
// retried, nor are errors once a response has started: a broken body is the reader's to resume.

import { RemoteError, isRetriable } from '../errors.js';
import { canReplay } from './body.js';
import { describeUrl } from './describe-url.js';
import { parseRetryAfter } from './retry-after.js';
import { createRetryBudget, type RetryBudget } from './retry-budget.js';
import type { HttpClient, Sleep } from './types.js';

export interface RetryEvent {
  /** The attempt that failed, from 1. */
  attempt: number;
  delayMs: number;
  error: RemoteError;
  method: string;
  /** Without user info and query. */
  url: string;
}

export interface RetryOptions {
  sleep: Sleep;
  now: () => number;
  /** A number in [0, 1), for jitter. */
  random: () => number;
  /**
   * Attempts in all, the first included. Default 8: with the default delays the waits add up to
   * 16–32 s, so a hub restarting (a few seconds) or a proxy reloading is ridden over.
   */
  maxAttempts?: number;
  /** The backoff before the second attempt, doubled for each further one. Default 250 ms. */
  baseDelayMs?: number;
  /** The cap on a backoff delay. Default 20 s. */
  maxDelayMs?: number;
  /** A Retry-After longer than this fails the request at once instead of waiting. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Shared across requests; a fresh one per wrapper when omitted. */
  budget?: RetryBudget;
  /** Told before each wait. */
  onRetry?: (event: RetryEvent) => void;
}

/**
 * The delay before attempt `attempt + 1`: equal jitter over an exponential ceiling, half of it
 * fixed and half random. Clients that failed together still spread out, and the waits add up to
 * at least half the ceilings' sum, so how long an outage the retries ride over is known (full
 * jitter can draw near-zero waits and give up within a second).
 */
export function backoffDelay(attempt: number, random: () => number, baseDelayMs = 250, maxDelayMs = 20_000): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(ceiling / 2 + (random() * ceiling) / 2);
}

export function withRetry(client: HttpClient, options: RetryOptions): HttpClient {
  const { sleep, now, random, maxAttempts = 8, baseDelayMs = 250, maxDelayMs = 20_000, maxRetryAfterMs = 60_000, onRetry } = options;
  const budget = options.budget ?? createRetryBudget();
  return async (request) => {
    const replayable = canReplay(request.body);
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await client(request);
        budget.earn();
        return response;
      } catch (err) {
        if (!isRetriable(err) || !replayable || attempt >= maxAttempts || request.signal?.aborted) throw err;
        const error = err as RemoteError;
        const retryAfter = parseRetryAfter(error.data.retryAfter as string | undefined, now());
        if (retryAfter !== undefined && retryAfter > maxRetryAfterMs) {
          throw new RemoteError(error.code, `${error.message}; the server asks to wait ${Math.ceil(retryAfter / 1000)} s, longer than ${Math.round(maxRetryAfterMs / 1000)} s`, error.data, { cause: error });
        }
        if (!budget.take()) throw err;
        const delayMs = retryAfter ?? backoffDelay(attempt, random, baseDelayMs, maxDelayMs);
        onRetry?.({ attempt, delayMs, error, method: request.method, url: describeUrl(request.url) });
        try {
          await sleep(delayMs, request.signal);
        } catch (sleepErr) {
          if (request.signal?.aborted) {
            throw new RemoteError('EABORTED', `${request.method} ${describeUrl(request.url)}: aborted while waiting to retry`, { url: describeUrl(request.url) }, { cause: error });
          }
          throw sleepErr;
        }
      }
    }
  };
}

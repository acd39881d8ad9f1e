// The usual stack, outermost first: user agent → log → credentials → retry → concurrency →
// timeouts → fetch. Retry sits above the concurrency limit so that a request waiting to retry
// frees its place, and above the timeouts so that each attempt has its own deadlines.

import { withConcurrency } from './concurrency.js';
import { withCredentials, cachedCredentials, type CredentialsProvider } from './credentials.js';
import { createFetchClient } from './fetch-client.js';
import { withLog, type RequestLogEvent } from './log.js';
import { withRetry, type RetryOptions } from './retry.js';
import type { RetryBudget } from './retry-budget.js';
import type { Semaphore } from './semaphore.js';
import { withTimeouts, type TimeoutOptions } from './timeouts.js';
import type { FetchLike, HttpClient, Sleep } from './types.js';
import { withUserAgent } from './user-agent.js';

export const DEFAULT_USER_AGENT = 'xetcache/0.1.0';

export interface HttpClientDeps {
  fetch: FetchLike;
  sleep: Sleep;
  now: () => number;
  random: () => number;
  /** Who may see the credentials (the hub, the LFS server) and where they come from. */
  credentials?: { provider: CredentialsProvider; origins: string[] };
  /** Requests in flight at once; a number or a semaphore shared with other clients. Default 8. */
  concurrency?: number | Semaphore;
  timeouts?: TimeoutOptions;
  retry?: Omit<RetryOptions, 'sleep' | 'now' | 'random'> & { budget?: RetryBudget };
  userAgent?: string;
  log?: (event: RequestLogEvent) => void;
}

export function createHttpClient(deps: HttpClientDeps): HttpClient {
  let client = createFetchClient({ fetch: deps.fetch });
  client = withTimeouts(client, deps.timeouts);
  client = withConcurrency(client, deps.concurrency ?? 8);
  client = withRetry(client, { ...deps.retry, sleep: deps.sleep, now: deps.now, random: deps.random });
  if (deps.credentials) {
    client = withCredentials(client, { credentials: cachedCredentials(deps.credentials.provider), origins: deps.credentials.origins });
  }
  if (deps.log) client = withLog(client, deps.log, deps.now);
  return withUserAgent(client, deps.userAgent ?? DEFAULT_USER_AGENT);
}

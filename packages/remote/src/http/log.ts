// One event per request: what was asked of whom, how it ended, how long it took. URLs lose
// their user info and query, and no header is logged, so nothing secret reaches a log.

import type { RemoteError } from '../errors.js';
import { describeUrl } from './describe-url.js';
import type { HttpClient } from './types.js';

export interface RequestLogEvent {
  method: string;
  url: string;
  /** The status, when headers came back. */
  status?: number;
  /** The error code, when it failed. */
  code?: string;
  /** Until the headers came, or the failure. */
  ms: number;
}

export function withLog(client: HttpClient, log: (event: RequestLogEvent) => void, now: () => number): HttpClient {
  return async (request) => {
    const started = now();
    const base = { method: request.method, url: describeUrl(request.url) };
    try {
      const response = await client(request);
      log({ ...base, status: response.status, ms: now() - started });
      return response;
    } catch (err) {
      const e = err as Partial<RemoteError>;
      const status = typeof e.data?.status === 'number' ? e.data.status : undefined;
      log({ ...base, ...(status === undefined ? {} : { status }), code: typeof e.code === 'string' ? e.code : 'EUNKNOWN', ms: now() - started });
      throw err;
    }
  };
}

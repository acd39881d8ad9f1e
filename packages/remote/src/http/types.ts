// The HTTP port: a client is one function from a request to a response, so retry, timeouts,
// concurrency limits and credentials are each a function wrapping another (STYLE 8).

/** A request body that can be produced again, so a failed request can be sent again. */
export interface ReplayableBody {
  /** Its length in bytes, sent as Content-Length when known. */
  readonly length?: number;
  /** A fresh pass over the bytes, from the start. */
  open(): AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/**
 * Bytes and strings are replayable; so is a ReplayableBody. A bare async iterable is a one-shot
 * stream: a request carrying one is never retried.
 */
export type HttpBody = Uint8Array | string | ReplayableBody | AsyncIterable<Uint8Array>;

export interface HttpRequest {
  method: string;
  url: string;
  /** Header names in lower case. */
  headers?: Record<string, string>;
  body?: HttpBody;
  signal?: AbortSignal;
}

export interface HeaderReader {
  get(name: string): string | null;
}

export interface HttpResponse {
  readonly status: number;
  /** Where the response came from, after redirects. */
  readonly url: string;
  readonly headers: HeaderReader;
  /**
   * The body, to be read once. A response holds resources (a connection, a concurrency slot)
   * until its body has been read to the end, has failed, or cancel() was called: do one of these.
   */
  readonly body: AsyncIterable<Uint8Array>;
  cancel(): Promise<void>;
}

/**
 * Sends a request. Resolves with a response whose status is below 400; throws RemoteError
 * otherwise (a status error, a network failure, a timeout).
 */
export type HttpClient = (request: HttpRequest) => Promise<HttpResponse>;

/** What the base client needs of `fetch`; the global one fits. */
export type FetchLike = (url: string, init: RequestInit & { duplex?: 'half' }) => Promise<Response>;

/** Waits `ms` milliseconds, or rejects as soon as `signal` fires. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Timers as a port, so tests can drive deadlines by hand. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

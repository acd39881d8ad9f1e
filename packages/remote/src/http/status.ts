// HTTP error statuses as RemoteErrors with stable codes and messages a user can act on.

import { RemoteError, codeForStatus } from '../errors.js';
import { describeUrl } from './describe-url.js';
import type { HeaderReader } from './types.js';

/** What the server said, when its error body is JSON with a `message` (git-lfs and the hub do that). */
function serverMessage(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { message?: unknown } | null)?.message;
    if (typeof message !== 'string') return undefined;
    // One short line: it goes into a one-line error.
    const line = message.split(/\r?\n/)[0]!.trim();
    return line ? line.slice(0, 200) : undefined;
  } catch {
    return undefined;
  }
}

function advice(status: number, authSent: boolean): string {
  switch (status) {
    case 401:
      return authSent
        ? 'the server did not accept the credentials; check the user name and token (xetcache login)'
        : 'the server wants credentials; log in with xetcache login or set XET_USER_NAME and XET_USER_TOKEN';
    case 403:
      return 'wrong or insufficient credentials; check the token and its scope for this project';
    case 404:
      return 'not found';
    case 410:
      return 'removed';
    case 429:
      return 'rate limited by the server';
    case 500:
    case 502:
    case 503:
    case 504:
      return 'the server is failing for now';
    default:
      return 'the server refused the request';
  }
}

export interface StatusErrorContext {
  method: string;
  url: string;
  status: number;
  headers: HeaderReader;
  /** The error body, as far as it was read. */
  body: string;
  /** Whether the request carried an Authorization header. */
  authSent: boolean;
}

export function errorForStatus({ method, url, status, headers, body, authSent }: StatusErrorContext): RemoteError {
  const said = serverMessage(body);
  const data: Record<string, unknown> = { status, method, url: describeUrl(url) };
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) data.retryAfter = retryAfter;
  const message = `${method} ${describeUrl(url)}: HTTP ${status}, ${advice(status, authSent)}${said ? ` (server: ${said})` : ''}`;
  return new RemoteError(codeForStatus(status), message, data);
}

// The hub address: its default, how endpoints compare, and the profile name XetHub derives
// from one (`http://127.0.0.1:4747` → `1270014747`).

import { AuthError } from './errors.js';

/** Where `xetcache serve` listens by default; used when nothing names an endpoint. */
export const DEFAULT_ENDPOINT = 'http://127.0.0.1:4747';

/**
 * The canonical form of an endpoint: trimmed, `https://` when no scheme is given (XetHub's
 * files name hosts bare), without trailing slashes. Credentials in the URL are refused, since
 * the URL ends up in messages and files.
 */
export function normalizeEndpoint(endpoint: string): string {
  const trimmed = endpoint.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new AuthError('EINVAL', `endpoint "${trimmed}" is not a URL (expected http://host:port or https://host)`);
  }
  if (url.username || url.password) {
    throw new AuthError('EINVAL', 'the endpoint must not contain a user or token; pass them with -u and -p (or XET_USER_NAME and XET_USER_TOKEN)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new AuthError('EINVAL', `endpoint "${trimmed}" is not http or https`);
  }
  if (url.search || url.hash) throw new AuthError('EINVAL', `endpoint "${trimmed}" has a query or fragment`);
  return withScheme.replace(/\/+$/, '');
}

/** Endpoints are the same when they are equal with trailing slashes (and a missing scheme) aside. */
export function sameEndpoint(a: string, b: string): boolean {
  try {
    return normalizeEndpoint(a) === normalizeEndpoint(b);
  } catch {
    return false;
  }
}

/** XetHub's profile table name for an endpoint: its host and port, letters and digits only. */
export function profileName(endpoint: string): string {
  const { host } = new URL(normalizeEndpoint(endpoint));
  return host.replace(/[^A-Za-z0-9]/g, '');
}

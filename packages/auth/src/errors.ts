// The one error class of @xetcache/auth. Callers ask about `code`; messages are for people and
// never contain a token.

import { XetcacheError } from '@xetcache/core';

export type AuthErrorCode =
  | 'ECONFIG' // ~/.xetconfig cannot be read or is not valid TOML
  | 'ESYMLINK' // ~/.xetconfig is a symbolic link, which xetcache does not write through
  | 'ENOUSER' // a token without the user it belongs to
  | 'ENOTLOGGEDIN' // no credentials for the endpoint in use
  | 'EREJECTED' // the hub refused the user and token (HTTP 401/403, or a token of another user)
  | 'EUNREACHABLE' // the hub did not answer: refused, unknown host, timeout
  | 'ETLS' // the TLS handshake or the hub's certificate failed
  | 'EHUB' // the hub answered something a xetcache hub would not
  | 'EINVAL'; // an argument that cannot be right (empty user, control characters, bad URL)

export class AuthError extends XetcacheError {
  constructor(code: AuthErrorCode, message: string, data: Record<string, unknown> = {}) {
    super(code, message, data);
    this.name = 'AuthError';
  }
}

/** The hub said no to these credentials: asking again with the same ones will not help. */
export function isRejected(err: unknown): boolean {
  return err instanceof AuthError && err.code === 'EREJECTED';
}

/** No credentials were found for the endpoint. */
export function isNotLoggedIn(err: unknown): boolean {
  return err instanceof AuthError && err.code === 'ENOTLOGGEDIN';
}

/** Replace every occurrence of a secret in text that came from elsewhere (a hub, a library). */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}
